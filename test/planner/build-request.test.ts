import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import type { ChatServices } from '../../shared/chatops/chat-services.ts';
import { DEFAULT_CHAT_MODES } from '../../shared/chatops/chatops-config.ts';
import { scaleCommand } from '../../shared/chatops/commands/scale.ts';
import type { ActionRequest } from '../../shared/core/action-request.ts';
import { DEFAULT_LIMITS } from '../../shared/core/limits.ts';
import type { ModeCeiling } from '../../shared/core/mode.ts';
import type { RunbookLauncher } from '../../shared/core/runbook-launcher.ts';
import { StaticTagReader } from '../../shared/core/tag-reader.ts';
import { GuardrailEngine } from '../../shared/guardrails/engine.ts';
import { buildRequest } from '../../shared/planner/build-request.ts';
import { planSignal } from '../../shared/planner/plan.ts';
import { parsePolicyText } from '../../shared/policies/load-policies.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { runRunbook } from '../../shared/runbooks/run-runbook.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import {
  fakeWorkerDependencies,
  inventoryNotRead,
  MemoryStateCells,
  RecordingAuditLog,
  RecordingNotifier,
  RecordingQueue,
  scriptedGuardrail,
} from '../support/fake-ports.ts';
import { loadEvent } from '../support/fixtures.ts';
import { runbooksFrom } from '../support/runbook-harness.ts';

const now = new Date('2026-12-01T10:00:00Z');
const ACTION = 'autoscaling.set-desired-capacity';
const PARAMS = { group: 'web', desiredCapacity: 3 };

function signal() {
  const [result] = parseSignalInput(loadEvent('ec2/instance-state-change-stopped.json'));
  if (!result?.ok) throw new Error('fixture did not parse');
  return result.value;
}

/** The request a policy in enforce mode plans for the inputs. */
function policyRequest(ceiling: ModeCeiling): ActionRequest | undefined {
  const { policies, problems } = parsePolicyText(
    `policies:
  - name: scale-web
    on: { source: [aws.ec2] }
    actions: [{ action: ${ACTION}, params: { group: web, desiredCapacity: 3 } }]
    mode: enforce
`,
    'test.yml',
    actionRegistry,
  );
  expect(problems).toEqual([]);
  return planSignal(signal(), policies, { registry: actionRegistry, ceiling, tags: new Map(), now })
    .requests[0];
}

/** The request `/reflex scale web 3` queues, with the chat mode of every risk at enforce. */
async function chatRequest(ceiling: ModeCeiling): Promise<ActionRequest | undefined> {
  const queue = new RecordingQueue();
  // Only what the scale command touches; the rest of the chat services is not used by it.
  const services = {
    config: { modes: { ...DEFAULT_CHAT_MODES, low: 'enforce', medium: 'enforce', high: 'enforce' } },
    ceiling,
    tags: new StaticTagReader(),
    guardrails: new GuardrailEngine([]),
    audit: new RecordingAuditLog(),
    workQueue: queue,
  } as unknown as ChatServices;
  const prepared = scaleCommand.prepare('web 3', {
    actions: actionRegistry,
    runbooks: {} as RunbookLauncher,
  });
  if (!prepared.ok) throw new Error(prepared.reason);
  await prepared.run({
    identity: { userId: 'U1', teamId: 'T1', userName: 'me' },
    actor: 'slack:U1',
    role: 'operator',
    now,
    jobId: 'job-1',
    services,
  });
  return queue.sent[0]?.request;
}

/** The request a runbook in enforce mode hands to the worker's execute path. */
async function runbookRequest(ceiling: ModeCeiling): Promise<ActionRequest | undefined> {
  const [runbook] = runbooksFrom(`
runbooks:
  - name: scale-web
    description: Scale the web group.
    steps:
      - name: scale
        action: ${ACTION}
        params: { group: web, desiredCapacity: 3 }
    mode: enforce
`);
  if (runbook === undefined) throw new Error('no runbook');
  const seen = scriptedGuardrail(() => ({ decision: 'skip', reason: 'seen, not run' }));
  const { deps } = fakeWorkerDependencies({ ceiling, guardrails: new GuardrailEngine([seen.guardrail]) });
  await runRunbook(
    runbook,
    { executionId: 'exec-1', params: {}, trigger: { type: 'manual', by: 'cli:me' } },
    {
      worker: deps,
      checks: checkRegistry,
      inventory: inventoryNotRead(),
      cells: new MemoryStateCells(),
      notifier: new RecordingNotifier(),
    },
  );
  return seen.seen[0]?.request;
}

describe('what mode on a request means: the origin asks, the ceiling caps, once, when it is built', () => {
  it.each([
    ['dry-run', { mode: 'dry-run', requestedMode: 'enforce' }],
    ['enforce', { mode: 'enforce' }],
  ] as const)('a policy, a chat and a runbook request under ceiling %s agree', async (ceiling, expected) => {
    // Prepare: the same action, parameters and asked-for mode (enforce) from each origin
    // Act
    const requests = {
      policy: policyRequest(ceiling),
      chat: await chatRequest(ceiling),
      runbook: await runbookRequest(ceiling),
    };
    // Assess
    for (const [origin, request] of Object.entries(requests)) {
      expect(request, origin).toMatchObject({ action: ACTION, params: PARAMS, ...expected });
      expect(request?.target, origin).toBe('autoscaling:group/web');
      if (!('requestedMode' in expected)) expect(request, origin).not.toHaveProperty('requestedMode');
    }
    expect(new Set(Object.values(requests).map((request) => request?.origin.type))).toEqual(
      new Set(['policy', 'user', 'runbook']),
    );
  });
});

describe('buildRequest', () => {
  const action = actionRegistry.get(ACTION);
  const base = {
    action,
    params: PARAMS,
    origin: { type: 'policy', name: 'scale-web' },
    requestedBy: 'policy:scale-web',
    mode: 'approve',
    ceiling: 'enforce',
    signalId: 'signal-1',
    now,
  } as const;

  it('gives the same id for the same inputs and another for another step or prefix', () => {
    // Prepare
    const id = (extra: { step?: number; idPrefix?: string } = {}) => {
      const built = buildRequest({ ...base, ...extra });
      if (!built.ok) throw new Error(built.reason);
      return built.request.id;
    };
    // Act
    const ids = [id(), id(), id({ step: 1 }), id({ idPrefix: 'rollback:' })];
    // Assess
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toBe(ids[0]);
    expect(new Set(ids).size).toBe(3);
  });

  it('refuses parameters the action schema refuses, naming the action outside a policy', () => {
    // Act
    const built = buildRequest({ ...base, params: { group: 'web', desiredCapacity: '3' } });
    const refused = buildRequest({ ...base, origin: { type: 'user', name: 'chatops' }, params: {} });
    // Assess
    expect(built.ok).toBe(false);
    expect(refused).toEqual({
      ok: false,
      target: 'user/policy:scale-web',
      reason: expect.stringMatching(/^invalid parameters for autoscaling\.set-desired-capacity: group: /),
    });
  });

  it('falls back to the origin as target and fills in default limits', () => {
    // Prepare
    const notify = actionRegistry.get('notify');
    // Act
    const runbook = buildRequest({
      ...base,
      action: notify,
      params: { message: 'hi' },
      origin: { type: 'runbook', name: 'weekly' },
    });
    const user = buildRequest({
      ...base,
      action: notify,
      params: { message: 'hi' },
      origin: { type: 'user', name: 'chatops' },
      requestedBy: 'slack:U1',
    });
    // Assess
    expect(runbook).toMatchObject({
      ok: true,
      request: { target: 'runbook/weekly', limits: DEFAULT_LIMITS },
    });
    expect(user).toMatchObject({ ok: true, request: { target: 'user/slack:U1' } });
  });

  it('keeps an approve request in approve under an enforce ceiling and lowers it under dry-run', () => {
    // Act
    const enforce = buildRequest(base);
    const dryRun = buildRequest({ ...base, ceiling: 'dry-run' });
    // Assess
    expect(enforce).toMatchObject({ ok: true, request: { mode: 'approve' } });
    expect(enforce.ok && 'requestedMode' in enforce.request).toBe(false);
    expect(dryRun).toMatchObject({ ok: true, request: { mode: 'dry-run', requestedMode: 'approve' } });
  });
});
