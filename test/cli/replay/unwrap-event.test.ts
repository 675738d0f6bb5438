import { describe, expect, it } from 'vitest';
import { unwrapEvent } from '../../../cli/replay/unwrap-event.ts';
import { stopped } from './replay-files.ts';

describe('unwrapEvent', () => {
  const event = stopped();
  const text = JSON.stringify(event);

  it.each([
    ['a bare EventBridge event', text],
    ['a CloudWatch Logs export line', `2024-05-14T09:02:47.123Z ${text}`],
    ['an epoch-millisecond prefix', `1715677367123 ${text}`],
    ['a log record with the event in message', JSON.stringify({ timestamp: 1715677367123, message: text })],
    [
      'a log record whose message has a timestamp',
      JSON.stringify({ logStreamName: 's', message: `2024-05-14T09:02:47Z ${text}` }),
    ],
  ])('accepts %s', (_, line) => {
    // Prepare
    // Act
    const result = unwrapEvent(line);
    // Assess
    expect(result).toEqual({ ok: true, event });
  });

  it('keeps an event whose own fields include message', () => {
    // Prepare
    const withMessage = { ...event, message: 'not an envelope' };
    // Act
    const result = unwrapEvent(JSON.stringify(withMessage));
    // Assess
    expect(result).toEqual({ ok: true, event: withMessage });
  });

  it.each([
    ['not JSON', '{"source": ', 'invalid-json', /^invalid JSON/],
    ['an array', '[1, 2]', 'not-an-object', /got an array/],
    ['a string', '"text"', 'not-an-object', /got "text"/],
    [
      'a log record whose message is plain text',
      '{"message":"user logged in"}',
      'invalid-json',
      /^message: /,
    ],
    ['an oversized line', `{"pad":"${'x'.repeat(300 * 1024)}"}`, 'too-large', /over the 262144-byte limit/],
  ])('rejects %s', (_, line, code, reason) => {
    // Prepare
    // Act
    const result = unwrapEvent(line);
    // Assess
    expect(result).toMatchObject({ ok: false, code, reason: expect.stringMatching(reason) });
  });
});
