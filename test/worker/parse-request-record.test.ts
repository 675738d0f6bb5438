import type { SQSEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { parseRequestRecord } from '../../shared/worker/parse-request-record.ts';
import { loadEvent } from '../support/fixtures.ts';

function fixtureRecord() {
  const record = loadEvent<SQSEvent>('sqs/action-request-batch.json').Records[0];
  if (record === undefined) throw new Error('fixture has no record');
  return record;
}

describe('parseRequestRecord', () => {
  it('reads the ActionRequest carried by a Lambda SQS record', () => {
    // Act
    const result = parseRequestRecord(fixtureRecord());
    // Assess
    expect(result).toEqual({
      ok: true,
      value: expect.objectContaining({ action: 'ec2.start-instance', mode: 'enforce' }),
    });
  });

  it.each([
    [
      'a body that is not JSON',
      (r: ReturnType<typeof fixtureRecord>) => Object.assign(r, { body: '{"id":' }),
      'invalid-json',
      /not JSON/,
    ],
    [
      'a request of the wrong shape',
      (r: ReturnType<typeof fixtureRecord>) => Object.assign(r, { body: '{"id": 3}' }),
      'malformed',
      /not an ActionRequest: id/,
    ],
    [
      'an unknown mode',
      (r: ReturnType<typeof fixtureRecord>) =>
        Object.assign(r, { body: r.body.replace('"enforce"', '"yolo"') }),
      'malformed',
      /mode/,
    ],
    [
      'an oversized body',
      (r: ReturnType<typeof fixtureRecord>) => Object.assign(r, { body: 'x'.repeat(300 * 1024) }),
      'too-large',
      /over 262144/,
    ],
    [
      'a record without a body',
      (r: ReturnType<typeof fixtureRecord>) => Object.assign(r, { body: undefined }),
      'malformed',
      /not an SQS record: body/,
    ],
  ])('rejects %s with its reason', (_case, mutate, code, reason) => {
    // Prepare
    const record = mutate(fixtureRecord());
    // Act
    const result = parseRequestRecord(record);
    // Assess
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });
});
