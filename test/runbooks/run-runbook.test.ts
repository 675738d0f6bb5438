import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbStateCells } from '../../shared/aws/dynamodb-state-cells.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import { type CapturedRequest, startCaptureServer } from '../support/capture-server.ts';
import { instanceState, launchInstance, useLocalAws } from '../support/local-aws.ts';
import { runbookHarness, runbooksFrom } from '../support/runbook-harness.ts';

let clients: AwsClients;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;

beforeAll(async () => {
  clients = useLocalAws();
  slack = await startCaptureServer();
});

afterAll(async () => {
  await slack.close();
});

/** A tag value of this test's own, so the checks find only this test's instances. */
function label(): string {
  return `rb-${randomBytes(4).toString('hex')}`;
}

function maintenanceRunbook(onFailure: string, extra = ''): string {
  return `
runbooks:
  - name: maintenance
    description: Stop the tagged instances, then a step that fails, then a notification.
    params:
      team: { type: string }
    steps:
      - name: find
        check: ec2.find-instances
        params:
          tags: { team: "{{ params.team }}" }
      - name: stop
        action: ec2.stop-instance
        forEach: find
        params: { instanceId: "{{ item.instanceId }}" }
        rollback:
          action: ec2.start-instance
          params: { instanceId: "{{ item.instanceId }}" }
      - name: scale-missing
        action: autoscaling.set-desired-capacity
        params: { group: no-such-group, desiredCapacity: 1 }
        onFailure: ${onFailure}
      - name: tell
        action: notify
        params: { message: "maintenance of {{ params.team }} done" }
${extra}
    mode: enforce
    limits: { cooldown: 1s }
`;
}

function manualStart(params: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    source: 'reflex.manual',
    runbook: 'maintenance',
    params,
    requestedBy: 'user:test',
    executionId: `maintenance@test-${randomBytes(4).toString('hex')}`,
    ...extra,
  };
}

function posted(requests: CapturedRequest[], executionId: string): string[] {
  return requests
    .map((request) => (JSON.parse(request.body) as { text: string }).text)
    .filter((text) => text.includes(executionId));
}

describe('runbook execution', () => {
  it('stops at a failing step; the audit says which step and why, and later steps do not run', async () => {
    // Prepare
    const team = label();
    const harness = await runbookHarness(clients, 'rb-stop', runbooksFrom(maintenanceRunbook('stop')), {
      env: { REFLEX_SLACK_WEBHOOK_URL: slack.url },
    });
    const instances = [await launchInstance(clients, { team }), await launchInstance(clients, { team })];
    const start = manualStart({ team });
    // Act
    const outcome = await harness.invoke(start);
    // Assess
    expect(outcome).toMatchObject({ accepted: true, status: 'failed' });
    for (const instanceId of instances) expect(await instanceState(clients, instanceId)).toBe('stopped');
    const records = await harness.executionAudit(start.executionId);
    const steps = records.filter((record) => record.action !== 'runbook');
    expect(steps.map((record) => [record.details?.step, record.outcome])).toEqual([
      ['find', 'succeeded'],
      ['stop', 'succeeded'],
      ['scale-missing', 'failed'],
    ]);
    expect(steps[2]?.reason).toMatch(
      /^step 3\/4 "scale-missing": autoscaling:group\/no-such-group: .*Auto Scaling group no-such-group does not exist/,
    );
    const summary = records.find((record) => record.action === 'runbook');
    expect(summary).toMatchObject({ outcome: 'failed', origin: { type: 'runbook', name: 'maintenance' } });
    expect(summary?.reason).toMatch(/failed at step 3 "scale-missing": .*does not exist/);
    // Each stopped instance has its own audited, guarded request.
    const perInstance = await harness.reflex.auditOf(`ec2:instance/${instances[0]}`);
    expect(perInstance).toEqual([
      expect.objectContaining({ action: 'ec2.stop-instance', outcome: 'succeeded', actor: 'user:test' }),
    ]);
    expect(perInstance[0]?.details?.guardrails).toEqual(
      expect.arrayContaining([expect.objectContaining({ guardrail: 'opt-out', decision: 'allow' })]),
    );
    const [notification] = posted(slack.requests, start.executionId);
    expect(notification).toMatch(/Runbook maintenance failed/);
    expect(notification).toMatch(/3\. scale-missing \[failed\]/);
    expect(notification).not.toMatch(/4\. tell/);
  });

  it('rolls completed steps back in reverse order when a step fails with onFailure: rollback', async () => {
    // Prepare
    const team = label();
    const harness = await runbookHarness(
      clients,
      'rb-rollback',
      runbooksFrom(maintenanceRunbook('rollback')),
    );
    const instances = [await launchInstance(clients, { team }), await launchInstance(clients, { team })];
    const start = manualStart({ team });
    // Act
    const outcome = await harness.invoke(start);
    // Assess
    expect(outcome).toMatchObject({ accepted: true, status: 'failed' });
    expect(outcome.accepted && outcome.summary).toMatch(/rolled back 2 item\(s\): 2 succeeded/);
    for (const instanceId of instances) {
      expect(await instanceState(clients, instanceId)).toBe('running');
      const trail = await harness.reflex.auditOf(`ec2:instance/${instanceId}`);
      expect(trail.map((record) => [record.action, record.outcome]).reverse()).toEqual([
        ['ec2.stop-instance', 'succeeded'],
        ['ec2.start-instance', 'succeeded'],
      ]);
    }
  });

  it('goes on after a failing step with onFailure: continue, and still reports the run failed', async () => {
    // Prepare
    const team = label();
    const harness = await runbookHarness(
      clients,
      'rb-continue',
      runbooksFrom(maintenanceRunbook('continue')),
    );
    await launchInstance(clients, { team });
    const start = manualStart({ team });
    // Act
    const outcome = await harness.invoke(start);
    // Assess
    expect(outcome).toMatchObject({ accepted: true, status: 'failed' });
    expect(outcome.accepted && outcome.summary).toMatch(
      /ran all 4 step\(s\) but step 3 "scale-missing" failed \(continued\)/,
    );
    const steps = (await harness.executionAudit(start.executionId)).filter(
      (record) => record.action !== 'runbook',
    );
    expect(steps.map((record) => [record.details?.step, record.outcome])).toEqual([
      ['find', 'succeeded'],
      ['stop', 'succeeded'],
      ['scale-missing', 'failed'],
      ['tell', 'succeeded'],
    ]);
  });

  it('plans every step without acting in dry-run', async () => {
    // Prepare
    const team = label();
    const harness = await runbookHarness(clients, 'rb-dry', runbooksFrom(maintenanceRunbook('stop')));
    const instanceId = await launchInstance(clients, { team });
    const start = manualStart({ team }, { dryRun: true });
    // Act
    const outcome = await harness.invoke(start);
    // Assess: the missing instance cannot fail when nothing is done; everything is planned.
    expect(outcome).toMatchObject({ accepted: true, status: 'planned' });
    expect(await instanceState(clients, instanceId)).toBe('running');
    const steps = (await harness.executionAudit(start.executionId)).filter(
      (record) => record.action !== 'runbook',
    );
    expect(steps.map((record) => [record.details?.step, record.outcome])).toEqual([
      ['find', 'succeeded'],
      ['stop', 'planned'],
      ['scale-missing', 'planned'],
      ['tell', 'planned'],
    ]);
    const trail = await harness.reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(trail).toEqual([expect.objectContaining({ outcome: 'planned', mode: 'dry-run' })]);
    expect(trail[0]?.reason).toMatch(/^dry-run .*would stop EC2 instance/);
  });

  it('runs a scheduled firing once: a re-delivery with the same scheduled time does nothing', async () => {
    // Prepare
    const team = label();
    const harness = await runbookHarness(clients, 'rb-once', runbooksFrom(maintenanceRunbook('continue')));
    const instanceId = await launchInstance(clients, { team });
    const firing = {
      source: 'reflex.schedule',
      runbook: 'maintenance',
      schedule: 'maintenance-1',
      scheduledTime: '2025-03-31T17:00:00Z',
      params: { team },
      attempt: '1',
    };
    // Act
    const first = await harness.invoke(firing);
    const again = await harness.invoke({ ...firing, attempt: '2' });
    // Assess
    expect(first).toMatchObject({
      accepted: true,
      executionId: 'maintenance-1@2025-03-31T17:00:00Z',
      status: 'failed',
    });
    expect(again).toMatchObject({ accepted: true, status: 'duplicate' });
    expect(again.accepted && again.summary).toMatch(/already ran \(failed, .* by schedule:maintenance-1\)/);
    const trail = await harness.reflex.auditOf(`ec2:instance/${instanceId}`);
    expect(trail.filter((record) => record.action === 'ec2.stop-instance')).toHaveLength(1);
    const summaries = (await harness.executionAudit('maintenance-1@2025-03-31T17:00:00Z')).filter(
      (record) => record.action === 'runbook',
    );
    expect(summaries.map((record) => record.outcome)).toEqual(['failed', 'skipped']);
  });

  it('succeeds when a guardrail holds a step back, and its summary names the skipped step and why', async () => {
    // Prepare: the only instance found opted out of automation
    const team = label();
    const runbooks = runbooksFrom(`
runbooks:
  - name: stop-team
    description: Stop the tagged instances.
    params:
      team: { type: string }
    steps:
      - name: find
        check: ec2.find-instances
        params:
          tags: { team: "{{ params.team }}" }
      - name: stop
        action: ec2.stop-instance
        forEach: find
        params: { instanceId: "{{ item.instanceId }}" }
    mode: enforce
`);
    const harness = await runbookHarness(clients, 'rb-held', runbooks);
    const instanceId = await launchInstance(clients, { team, 'reflex:ignore': 'true' });
    const start = { ...manualStart({ team }), runbook: 'stop-team', executionId: `stop-team@${team}` };
    // Act
    const outcome = await harness.invoke(start);
    // Assess
    expect(await instanceState(clients, instanceId)).toBe('running');
    expect(outcome).toMatchObject({ accepted: true, status: 'succeeded' });
    expect(outcome.accepted && outcome.summary).toMatch(
      /^runbook stop-team succeeded: 2 step\(s\) done; 1 skipped: step 2 "stop": .*reflex:ignore/,
    );
  });

  it('says a run that never finished crashed or timed out when its execution id comes again', async () => {
    // Prepare: an execution claimed 20 minutes ago and still "running" (its function died)
    const harness = await runbookHarness(clients, 'rb-abandoned', runbooksFrom(maintenanceRunbook('stop')));
    const start = manualStart({ team: label() });
    const cells = new DynamoDbStateCells(new StateTable(clients, harness.reflex.stack.tableName));
    const claimedAt = new Date(Date.now() - 20 * 60_000).toISOString();
    await cells.createOnce('RUNBOOK-EXECUTION', start.executionId, {
      runbook: 'maintenance',
      status: 'running',
      startedAt: claimedAt,
      actor: 'user:test',
      mode: 'enforce',
    });
    // Act
    const outcome = await harness.invoke(start);
    // Assess
    expect(outcome).toMatchObject({ accepted: true, status: 'duplicate' });
    expect(outcome.accepted && outcome.summary).toMatch(
      /already ran \(running, started .*\): nothing done; it never finished \(crashed or timed out\)/,
    );
  });

  it('rejects bad params with every problem and the valid params, and audits the rejection', async () => {
    // Prepare
    const runbooks = runbooksFrom(`
runbooks:
  - name: cleanup
    description: Typed params.
    params:
      days: { type: integer, min: 1, default: 30 }
      dryRun: { type: boolean, default: true }
      team: { type: string }
    steps:
      - name: tell
        action: notify
        params: { message: "{{ params.team }} {{ params.days }}" }
`);
    const harness = await runbookHarness(clients, 'rb-params', runbooks);
    const start = {
      source: 'reflex.manual',
      runbook: 'cleanup',
      params: { days: 'thirty', colour: 'blue' },
      paramsAreText: true,
      requestedBy: 'user:test',
      executionId: `cleanup@test-${randomBytes(4).toString('hex')}`,
    };
    // Act
    const outcome = await harness.invoke(start);
    // Assess
    expect(outcome.accepted).toBe(false);
    const reason = outcome.accepted ? '' : outcome.reason;
    expect(reason).toContain('unknown param "colour"');
    expect(reason).toContain('days must be an integer, got "thirty"');
    expect(reason).toContain('missing required param "team"');
    expect(reason).toContain(
      'Valid params: days (integer, >= 1, default 30), dryRun (boolean, default true), team (string, required)',
    );
    const records = await harness.executionAudit(start.executionId);
    expect(records).toEqual([expect.objectContaining({ action: 'runbook', outcome: 'failed' })]);
    // An unknown runbook and a payload that is no start are rejections too, never crashes.
    expect(await harness.invoke({ ...start, runbook: 'nope' })).toEqual({
      accepted: false,
      reason: 'unknown runbook "nope"; valid runbooks: cleanup',
    });
    expect(await harness.invoke({ hello: 'world' })).toMatchObject({
      accepted: false,
      reason: expect.stringMatching(/^not a runbook start/),
    });
  });
});
