import { describe, expect, it } from 'vitest';
import { escalate } from '../../shared/escalation/escalate.ts';
import { RecordingNotifier, RecordingQueue } from '../support/fake-ports.ts';
import { testRequest } from '../support/worker-harness.ts';

const rung = (rungIndex: number, action: string) =>
  testRequest({
    action,
    params: { instanceId: 'i-0123456789abcdef0' },
    target: 'ec2:instance/i-0123456789abcdef0',
    escalation: { key: 'p#ec2:instance/i-0123456789abcdef0', rung: rungIndex, rungs: 2, withinMs: 60_000 },
  });

describe('escalate', () => {
  it('queues the next rung planned with the request and says where it went', async () => {
    // Prepare
    const next = rung(1, 'ec2.stop-start-instance');
    const request = { ...rung(0, 'ec2.reboot-instance'), onFailure: [next] };
    const queue = new RecordingQueue();
    const notifier = new RecordingNotifier();
    // Act
    const result = await escalate(request, 'verification failed: still impaired', { queue, notifier });
    // Assess
    expect(queue.sent.map((sent) => sent.request)).toEqual([next]);
    expect(notifier.messages).toEqual([]);
    expect(result.sentence).toBe('escalated to ec2.stop-start-instance');
    expect(result.details).toEqual({
      because: 'verification failed: still impaired',
      escalatedTo: [{ id: next.id, action: next.action, target: next.target, rung: 1 }],
    });
  });

  it('tells humans when no rung is left, naming the request and the reason', async () => {
    // Prepare
    const request = rung(1, 'ec2.stop-start-instance');
    const queue = new RecordingQueue();
    const notifier = new RecordingNotifier();
    // Act
    const result = await escalate(request, 'verification failed: still impaired', { queue, notifier });
    // Assess
    expect(queue.sent).toEqual([]);
    expect(notifier.messages).toEqual([
      {
        severity: 'warning',
        message: expect.stringContaining(`request ${request.id}): verification failed: still impaired`),
      },
    ]);
    expect(result).toEqual({
      details: { because: 'verification failed: still impaired', notified: true },
      sentence: 'no further step: humans notified',
    });
  });
});
