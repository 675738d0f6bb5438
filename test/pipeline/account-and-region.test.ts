import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { actionRequestSchema } from '../../shared/core/action-request.ts';
import { StaticTagReader } from '../../shared/core/tag-reader.ts';
import { cooldownGuardrail } from '../../shared/guardrails/cooldown.ts';
import { GuardrailEngine } from '../../shared/guardrails/engine.ts';
import { decide } from '../../shared/pipeline/decide.ts';
import { statelessLookups } from '../../shared/pipeline/state-lookups.ts';
import { parsePolicyText } from '../../shared/policies/load-policies.ts';
import { compilePolicies } from '../../shared/policies/policy-matcher.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import { MemoryStateCells, RecordingAuditLog, RecordingQueue } from '../support/fake-ports.ts';
import { FIXTURE_HUB, loadEvent } from '../support/fixtures.ts';

const now = new Date('2026-12-01T10:00:00Z');
const INSTANCE = 'i-0123456789abcdef0';
const MEMBER = '111122223333';
const OTHER = '444455556666';

const startStopped = `policies:
  - name: keep-running
    on: { source: [aws.ec2], detail: { state: [stopped] } }
    actions:
      - action: ec2.start-instance
    mode: enforce
  - name: contain
    on: { source: [aws.guardduty] }
    actions:
      - action: notify
        params: { message: "{{ resource.id }}" }
    mode: enforce
`;

function trigger(guardrails = new GuardrailEngine([])) {
  const { policies, problems } = parsePolicyText(startStopped, 'test.yml', actionRegistry);
  expect(problems).toEqual([]);
  const queue = new RecordingQueue();
  const audit = new RecordingAuditLog();
  const deps = {
    matcher: compilePolicies(policies),
    registry: actionRegistry,
    tags: new StaticTagReader(),
    ...statelessLookups,
    hub: FIXTURE_HUB,
    ceiling: 'enforce' as const,
    now: () => now,
    queue,
    audit,
    guardrails,
    log: { info: () => {}, warn: () => {} },
  };
  return { deps, queue, audit };
}

function stoppedIn(account: unknown, region: unknown): Record<string, unknown> {
  const event = structuredClone(loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json'));
  const placed = { ...event, account, region, id: `${String(account)}-${String(region)}` };
  if (account === undefined) delete placed.account;
  return placed;
}

describe('account and region of signals and requests', () => {
  it('plans a request in the account and region of the event', async () => {
    // Prepare
    const { deps, queue } = trigger();
    // Act
    await decide(parseSignalInput(stoppedIn(MEMBER, 'eu-west-1')), deps);
    // Assess
    expect(queue.sent.map(({ request }) => [request.account, request.region, request.target])).toEqual([
      [MEMBER, 'eu-west-1', `ec2:instance/${INSTANCE}`],
    ]);
  });

  it('gives the same instance id in two accounts two request ids', async () => {
    // Prepare
    const { deps, queue } = trigger();
    const inMember = { ...stoppedIn(MEMBER, 'eu-west-1'), id: 'same-event' };
    const inOther = { ...stoppedIn(OTHER, 'eu-west-1'), id: 'same-event' };
    // Act
    await decide([...parseSignalInput(inMember), ...parseSignalInput(inOther)], deps);
    // Assess
    const [first, second] = queue.sent.map(({ request }) => request);
    expect(first?.target).toBe(second?.target);
    expect(first?.id).not.toBe(second?.id);
  });

  it('rejects an event without an account, with a malformed account or an unknown region, and plans the rest', async () => {
    // Prepare
    const { deps, queue, audit } = trigger();
    const inputs = [
      stoppedIn(undefined, 'eu-west-1'),
      stoppedIn('12345', 'eu-west-1'),
      stoppedIn(MEMBER, 'mars-north-1x'),
      stoppedIn(MEMBER, 'us-gov-west-1'),
    ].flatMap((event) => parseSignalInput(event));
    // Act
    const summary = await decide(inputs, deps);
    // Assess
    expect(summary.rejected.map((rejection) => rejection.reason)).toEqual([
      expect.stringContaining('account'),
      expect.stringContaining('account "12345" is not an AWS account id (12 digits)'),
      expect.stringContaining('region "mars-north-1x" is not an AWS region'),
    ]);
    expect(audit.records.map((record) => record.reason)).toEqual(
      summary.rejected.map((rejection) => expect.stringContaining(rejection.reason)),
    );
    expect(queue.sent.map(({ request }) => request.region)).toEqual(['us-gov-west-1']);
  });

  it('acts where a GuardDuty finding delivered by the administrator account says the instance is', async () => {
    // Prepare
    const { deps, queue } = trigger();
    const finding = structuredClone(loadEvent<Record<string, unknown>>('guardduty/finding-ec2-high.json'));
    const detail = finding.detail as Record<string, unknown>;
    Object.assign(finding, { account: FIXTURE_HUB.account, region: FIXTURE_HUB.region });
    Object.assign(detail, { accountId: MEMBER, region: 'eu-west-1' });
    // Act
    const [signal] = parseSignalInput(finding);
    await decide(parseSignalInput(finding), deps);
    // Assess
    expect(signal?.ok && [signal.value.account, signal.value.region]).toEqual([MEMBER, 'eu-west-1']);
    expect(queue.sent.map(({ request }) => [request.account, request.region])).toEqual([
      [MEMBER, 'eu-west-1'],
    ]);
  });

  it('reads a request queued before accounts existed as the hub’s own', () => {
    // Prepare
    const old = {
      id: '0123456789abcdef0123456789abcdef',
      action: 'ec2.start-instance',
      params: { instanceId: INSTANCE },
      target: `ec2:instance/${INSTANCE}`,
      origin: { type: 'policy', name: 'keep-running' },
      requestedBy: 'policy:keep-running',
      mode: 'enforce',
      signalId: 'signal-1',
      createdAt: now.toISOString(),
      description: 'Start it.',
    };
    // Act
    const parsed = actionRequestSchema.safeParse(old);
    const refused = actionRequestSchema.safeParse({ ...old, account: '1234', region: 'moon-1' });
    // Assess
    expect(parsed.success && [parsed.data.account, parsed.data.region]).toEqual([undefined, undefined]);
    expect(refused.success).toBe(false);
  });
});

describe('guardrail keys per account and region', () => {
  it('cools down i-123 in one account without holding up i-123 in another; the hub keeps its old key', async () => {
    // Prepare
    const cells = new MemoryStateCells();
    const engine = new GuardrailEngine([cooldownGuardrail(cells, FIXTURE_HUB)]);
    const { deps, queue } = trigger(engine);
    await decide(
      [
        ...parseSignalInput(stoppedIn(MEMBER, 'eu-west-1')),
        ...parseSignalInput(stoppedIn(FIXTURE_HUB.account, FIXTURE_HUB.region)),
      ],
      deps,
    );
    const [inMember, inHub] = queue.sent.map(({ request }) => request);
    if (!inMember || !inHub) throw new Error('two requests expected');
    const action = actionRegistry.get('ec2.start-instance');
    // Act
    await engine.acquire({ request: inMember, action, tags: {}, now });
    await engine.acquire({ request: inHub, action, tags: {}, now });
    const other = { ...inMember, account: OTHER, id: 'f'.repeat(32) };
    const again = await engine.check({ request: inMember, action, tags: {}, now });
    const elsewhere = await engine.check({ request: other, action, tags: {}, now });
    // Assess
    expect(again.blocking?.guardrail).toBe('cooldown');
    expect(elsewhere.blocking).toBeUndefined();
    expect([...cells.items.keys()].sort()).toEqual([
      `COOLDOWN#${MEMBER}/eu-west-1/ec2:instance/${INSTANCE}#ec2.start-instance`,
      `COOLDOWN#ec2:instance/${INSTANCE}#ec2.start-instance`,
    ]);
  });
});
