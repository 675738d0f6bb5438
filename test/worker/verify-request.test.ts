import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ActionContext, defineAction, type Verification } from '../../shared/actions/action.ts';
import { verifyRequest } from '../../shared/worker/verify-request.ts';
import { alarmStates } from '../support/fake-ports.ts';
import { testRequest } from '../support/worker-harness.ts';

const actedAt = new Date('2026-12-01T10:00:00Z');
// The scripted checks read nothing, so the context needs no clients.
const context = { requestId: 'r', env: {}, log: () => {} } as unknown as ActionContext;

function action(own?: Verification) {
  return defineAction({
    name: 'test.fix-widget',
    summary: 'Fixes a widget.',
    params: z.strictObject({ widget: z.string() }),
    risk: 'low',
    permissions: ['test:Fix'],
    describe: () => 'Fix it.',
    execute: async () => ({ summary: 'fixed' }),
    ...(own ? { verify: async () => own } : {}),
  });
}

const request = (alarm?: { name: string; state: 'OK' }) =>
  testRequest({
    action: 'test.fix-widget',
    params: { widget: 'w-1' },
    target: 'test:widget/w-1',
    verify: { withinMs: 5 * 60_000, ...(alarm ? { alarm } : {}) },
  });

async function verify(
  own: Verification | undefined,
  options: { alarm?: string; now?: Date; alarmName?: string } = {},
) {
  return verifyRequest(
    request(options.alarmName ? { name: options.alarmName, state: 'OK' } : undefined),
    action(own),
    { widget: 'w-1' },
    {
      context,
      alarms: alarmStates(options.alarm ? { [options.alarmName ?? '']: options.alarm } : {}),
      now: options.now ?? actedAt,
      actedAt,
    },
  );
}

describe('verifyRequest', () => {
  it('has nothing to verify without a check of the action or an alarm to wait for', async () => {
    // Act
    const outcome = await verify(undefined);
    // Assess
    expect(outcome).toBeUndefined();
  });

  it('passes when the action reached its state and the alarm is back, with a deadline fixed by the first check', async () => {
    // Act
    const outcome = await verify(
      { status: 'passed', summary: 'w-1 works' },
      { alarmName: 'w-1-broken', alarm: 'OK' },
    );
    // Assess
    expect(outcome).toEqual({
      status: 'passed',
      summary: 'w-1 works; alarm w-1-broken is OK',
      details: {},
      deadline: '2026-12-01T10:05:00.000Z',
      attempt: 1,
    });
  });

  it('waits for an alarm still in ALARM, and fails once the deadline has passed', async () => {
    // Act
    const early = await verify(
      { status: 'passed', summary: 'w-1 works' },
      { alarmName: 'w-1-broken', alarm: 'ALARM' },
    );
    const late = await verify(
      { status: 'passed', summary: 'w-1 works' },
      { alarmName: 'w-1-broken', alarm: 'ALARM', now: new Date('2026-12-01T10:05:00Z') },
    );
    // Assess
    expect(early).toMatchObject({
      status: 'pending',
      summary: 'w-1 works; alarm w-1-broken is ALARM, not yet OK',
    });
    expect(late).toMatchObject({
      status: 'failed',
      summary: 'w-1 works; alarm w-1-broken is ALARM, not yet OK (not reached within 5m)',
    });
  });

  it('fails when the alarm is gone, and does not ask the alarm when the action itself failed', async () => {
    // Act
    const gone = await verify({ status: 'passed', summary: 'w-1 works' }, { alarmName: 'w-1-broken' });
    const ownFailed = await verify(
      { status: 'failed', summary: 'w-1 broken' },
      { alarmName: 'w-1-broken', alarm: 'OK' },
    );
    // Assess
    expect(gone).toMatchObject({ status: 'failed', summary: 'w-1 works; alarm w-1-broken no longer exists' });
    expect(ownFailed).toMatchObject({ status: 'failed', summary: 'w-1 broken' });
  });
});
