import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { ManualStart } from '../../shared/core/runbook-launcher.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { loadRunbookDirectory } from '../../shared/runbooks/load-runbooks.ts';
import { validatingRunbookLauncher } from '../../shared/runbooks/validating-runbook-launcher.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';
import { runbookHarness } from '../support/runbook-harness.ts';

let clients: AwsClients;
const shipped = loadRunbookDirectory(join(REPOSITORY_ROOT, 'policies'), {
  actions: actionRegistry,
  checks: checkRegistry,
}).runbooks;

beforeAll(() => {
  clients = useLocalAws();
});

describe('validatingRunbookLauncher (what `run <runbook>` in chat starts)', () => {
  it('names the shipped runbooks and their highest action risk', () => {
    // Prepare
    const launcher = validatingRunbookLauncher(shipped, actionRegistry, async () => {});
    // Assess
    expect(launcher.names()).toEqual(shipped.map((runbook) => runbook.name).sort());
    expect(launcher.riskOf('delete-old-snapshots')).toBe('high');
    expect(launcher.riskOf('report-idle-resources')).toBe('low');
    expect(launcher.riskOf('no-such-runbook')).toBeUndefined();
  });

  it('refuses bad parameters before starting anything, listing the valid ones', async () => {
    // Prepare
    const started: ManualStart[] = [];
    const launcher = validatingRunbookLauncher(shipped, actionRegistry, async (start) => {
      started.push(start);
    });
    // Act
    const result = await launcher.launch({
      name: 'report-idle-resources',
      params: { olderThanDays: 'lots', colour: 'blue' },
      requestedBy: 'slack:U0OPS',
      idempotencyKey: 'T0/C0/1732600000.000100',
      now: new Date(),
    });
    // Assess
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(/unknown param "colour"/);
    expect(!result.ok && result.reason).toMatch(/olderThanDays must be an integer, got "lots"/);
    expect(started).toEqual([]);
  });

  it('starts the real runbook function once per chat job: the execution id comes from the job', async () => {
    // Prepare: the runbook function on a test stack, started the way the launcher starts it
    const harness = await runbookHarness(clients, 'rb-launch', shipped);
    const outcomes: unknown[] = [];
    const launcher = validatingRunbookLauncher(shipped, actionRegistry, async (start) => {
      outcomes.push(await harness.invoke(start));
    });
    const launch = {
      name: 'report-idle-resources',
      params: { olderThanDays: '0' },
      requestedBy: 'slack:U0OPS',
      idempotencyKey: 'T0/C0/1732600000.000200',
      now: new Date(),
    };
    // Act
    const first = await launcher.launch(launch);
    const again = await launcher.launch(launch);
    // Assess
    expect(first).toMatchObject({ ok: true, runId: 'report-idle-resources@chat-T0-C0-1732600000.000200' });
    expect(again).toEqual(first);
    expect(outcomes[0]).toMatchObject({ accepted: true, status: 'succeeded' });
    expect(outcomes[1]).toMatchObject({ accepted: true, status: 'duplicate' });
    const records = await harness.executionAudit(first.ok ? first.runId : '');
    expect(records.find((record) => record.action === 'runbook')).toMatchObject({
      actor: 'slack:U0OPS',
      outcome: 'succeeded',
    });
  });
});
