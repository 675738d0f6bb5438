import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { StaticTagReader } from '../../shared/core/tag-reader.ts';
import { GuardrailEngine } from '../../shared/guardrails/engine.ts';
import { decide } from '../../shared/pipeline/decide.ts';
import { statelessLookups } from '../../shared/pipeline/state-lookups.ts';
import { parsePolicyText } from '../../shared/policies/load-policies.ts';
import { compilePolicies } from '../../shared/policies/policy-matcher.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import { RecordingAuditLog, RecordingQueue, scriptedGuardrail } from '../support/fake-ports.ts';
import { loadEvent } from '../support/fixtures.ts';

const now = new Date('2026-12-01T10:00:00Z');
const INSTANCE = 'i-0123456789abcdef0';

const startAndNotify = `policies:
  - name: keep-running
    on: { source: [aws.ec2], detail: { state: [stopped] } }
    actions:
      - action: ec2.start-instance
      - action: notify
        params: { message: "{{ resource.id }} stopped" }
    mode: enforce
`;

function trigger(guardrails = new GuardrailEngine([])) {
  const { policies, problems } = parsePolicyText(startAndNotify, 'test.yml', actionRegistry);
  expect(problems).toEqual([]);
  const queue = new RecordingQueue();
  const audit = new RecordingAuditLog();
  const logged: { level: string; message: string }[] = [];
  const deps = {
    matcher: compilePolicies(policies),
    registry: actionRegistry,
    tags: new StaticTagReader(),
    ...statelessLookups,
    ceiling: 'enforce' as const,
    now: () => now,
    queue,
    audit,
    guardrails,
    log: {
      info: (message: string) => void logged.push({ level: 'info', message }),
      warn: (message: string) => void logged.push({ level: 'warn', message }),
    },
  };
  return { deps, queue, audit, logged };
}

const stopped = () => parseSignalInput(loadEvent('ec2/instance-state-change-stopped.json'));

describe('decide', () => {
  it('queues the planned requests and reports them', async () => {
    // Prepare
    const { deps, queue, audit } = trigger();
    // Act
    const summary = await decide(stopped(), deps);
    // Assess
    expect(summary).toMatchObject({ signals: 1, rejected: [], skipped: [], filtered: [] });
    expect(summary.matched).toEqual([{ signalId: expect.any(String), policies: ['keep-running'] }]);
    expect(queue.sent.map(({ request }) => [request.action, request.target])).toEqual([
      ['ec2.start-instance', `ec2:instance/${INSTANCE}`],
      ['notify', `ec2:instance/${INSTANCE}`],
    ]);
    expect(summary.enqueued.map((entry) => entry.id)).toEqual(queue.sent.map(({ request }) => request.id));
    expect(audit.records).toEqual([]);
  });

  it('audits a request a guardrail refuses at planning as skipped and queues the others', async () => {
    // Prepare
    const refuseStarts = scriptedGuardrail((input) =>
      input.request.action === 'ec2.start-instance'
        ? { decision: 'skip', reason: 'paused' }
        : { decision: 'allow', reason: 'ok' },
    );
    const { deps, queue, audit } = trigger(new GuardrailEngine([refuseStarts.guardrail]));
    // Act
    const summary = await decide(stopped(), deps);
    // Assess
    expect(queue.sent.map(({ request }) => request.action)).toEqual(['notify']);
    expect(summary.skipped).toEqual([
      expect.objectContaining({ action: 'ec2.start-instance', reason: 'scripted: paused', mode: 'enforce' }),
    ]);
    expect(audit.records).toEqual([
      expect.objectContaining({
        outcome: 'skipped',
        action: 'ec2.start-instance',
        actor: 'policy:keep-running',
        reason: 'scripted: paused',
      }),
    ]);
  });

  it('audits a rejected payload and goes on with the rest of the batch', async () => {
    // Prepare
    const { deps, queue, audit, logged } = trigger();
    const inputs = [...parseSignalInput({ not: 'an event' }), ...stopped()];
    // Act
    const summary = await decide(inputs, deps);
    // Assess
    expect(summary.signals).toBe(1);
    expect(summary.rejected).toEqual([{ code: 'malformed', reason: expect.any(String) }]);
    expect(audit.records).toEqual([
      expect.objectContaining({
        origin: { type: 'system', name: expect.any(String) },
        target: 'event/rejected',
        outcome: 'skipped',
      }),
    ]);
    expect(logged).toContainEqual({ level: 'warn', message: 'input rejected' });
    expect(queue.sent).toHaveLength(2);
  });

  it('does nothing but log for a signal no policy matches', async () => {
    // Prepare
    const { deps, queue, audit, logged } = trigger();
    // Act
    const summary = await decide(parseSignalInput(loadEvent('ec2/instance-state-change-running.json')), deps);
    // Assess
    expect(summary).toMatchObject({ signals: 1, matched: [], enqueued: [] });
    expect(queue.sent).toEqual([]);
    expect(audit.records).toEqual([]);
    expect(logged).toContainEqual({ level: 'info', message: 'no policy matched' });
  });
});
