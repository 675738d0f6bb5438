import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { UnscopedPermissionError } from '../../scripts/generate/action-statements.ts';
import { catalogCells } from '../../scripts/generate/catalog-table.ts';
import { eventRules } from '../../scripts/generate/event-rules.ts';
import {
  GENERATED_DIR,
  generatedFiles,
  README,
  readmeWithCatalog,
} from '../../scripts/generate/generated-files.ts';
import { iamRoles } from '../../scripts/generate/iam-roles.ts';
import { runbookSchedules } from '../../scripts/generate/runbook-schedules.ts';
import { defineAction } from '../../shared/actions/action.ts';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { AUDIT_DIGEST_SCHEDULE } from '../../shared/chatops/audit-digest.ts';
import type { Policy } from '../../shared/policies/policy.ts';
import { bundledRunbooks } from '../../shared/runbooks/bundled-runbooks.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

interface Statement {
  Action: string[];
  Resource: unknown;
  Condition?: unknown;
}

function statementsOf(role: unknown): Statement[] {
  const policies = (role as { Properties: { Policies: { PolicyDocument: { Statement: Statement[] } }[] } })
    .Properties.Policies;
  return policies.flatMap((policy) => policy.PolicyDocument.Statement);
}

describe('generated deployment files', () => {
  it('are current (run `npm run generate` after changing actions or policies)', () => {
    // Act
    const expected = generatedFiles();
    // Assess
    for (const [name, content] of Object.entries(expected)) {
      expect(JSON.parse(readFileSync(join(GENERATED_DIR, name), 'utf8')), name).toEqual(content);
    }
  });

  it("README's remediation catalog is current (run `npm run generate` after changing actions or policies)", () => {
    // Act
    const expected = readmeWithCatalog();
    // Assess
    const cells = catalogCells(readFileSync(README, 'utf8'));
    expect(cells).toEqual(catalogCells(expected));
    expect(cells.map((row) => row[0]?.split('<br>')[0])).toContain('`ec2-keep-running`');
  });

  it('give each function its own role with no wildcard action anywhere', () => {
    // Act
    const { Resources } = iamRoles(actionRegistry.all());
    // Assess
    expect(Object.keys(Resources).sort()).toEqual([
      'AuditDigestRole',
      'ChatopsRole',
      'OnAlarmRole',
      'OnAlertRole',
      'OnEventRole',
      'RunbookRole',
      'WorkerRole',
    ]);
    for (const role of Object.values(Resources)) {
      for (const statement of statementsOf(role))
        for (const action of statement.Action) expect(action).not.toContain('*');
    }
  });

  it('grant the worker every permission its actions declare, writes scoped to resources and opt-out tags', () => {
    // Act
    const statements = statementsOf(iamRoles(actionRegistry.all()).Resources.WorkerRole);
    // Assess
    const granted = statements.flatMap((statement) => statement.Action);
    for (const action of actionRegistry.all())
      for (const permission of action.permissions) expect(granted).toContain(permission);
    const start = statements.find((statement) => statement.Action.includes('ec2:StartInstances'));
    expect(start?.Resource).not.toBe('*');
    expect(start?.Condition).toEqual({ Null: { 'aws:ResourceTag/reflex:ignore': 'true' } });
    const triggers = statementsOf(iamRoles(actionRegistry.all()).Resources.OnEventRole).flatMap(
      (statement) => statement.Action,
    );
    expect(triggers).not.toContain('ec2:StartInstances');
  });

  it('refuse an action permission that has no resource scope', () => {
    // Prepare
    const careless = defineAction({
      name: 'ec2.terminate-instance',
      summary: 'x',
      params: z.strictObject({}),
      risk: 'high',
      permissions: ['ec2:TerminateInstances'],
      describe: () => 'x',
      execute: async () => ({ summary: 'x' }),
    });
    // Act / Assess
    expect(() => iamRoles([careless])).toThrow(UnscopedPermissionError);
  });

  it('route alarm patterns to on-alarm and the rest to on-event, one rule per distinct pattern', () => {
    // Prepare
    const policy = (name: string, on: Record<string, unknown>) => ({ name, on }) as unknown as Policy;
    const alarm = { source: ['aws.cloudwatch'], 'detail-type': ['CloudWatch Alarm State Change'] };
    // Act
    const rules = eventRules([
      policy('a', alarm),
      policy('b', alarm),
      policy('c', { source: ['aws.health'] }),
    ]);
    // Assess
    expect(rules.onAlarm).toEqual([{ eventBridge: { pattern: alarm } }]);
    expect(rules.onEvent).toEqual([{ eventBridge: { pattern: { source: ['aws.health'] } } }]);
  });

  it('give the runbook function every action and check permission, and no work queue', () => {
    // Act
    const statements = statementsOf(
      iamRoles(actionRegistry.all(), checkRegistry.all()).Resources.RunbookRole,
    );
    // Assess
    const granted = statements.flatMap((statement) => statement.Action);
    for (const action of actionRegistry.all())
      for (const permission of action.permissions) expect(granted).toContain(permission);
    for (const check of checkRegistry.all())
      for (const permission of check.permissions) expect(granted).toContain(permission);
    expect(
      statements.find((statement) => statement.Action.includes('sqs:ReceiveMessage'))?.Resource,
    ).not.toBe('*');
  });

  it('give the audit-digest function the state table, the Slack secret and the audit seal (sign with the key, put and get digests), nothing else, on the schedule reflex dev runs', () => {
    // Act
    const statements = statementsOf(iamRoles(actionRegistry.all()).Resources.AuditDigestRole);
    const serverless = readFileSync(join(REPOSITORY_ROOT, 'serverless.yml'), 'utf8');
    // Assess
    expect(statements.flatMap((statement) => statement.Action).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
      'kms:Sign',
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      's3:GetObject',
      's3:PutObject',
      'secretsmanager:GetSecretValue',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    const digestFunction = serverless.slice(serverless.indexOf('\n  audit-digest:'));
    expect(/- schedule: (.+)/.exec(digestFunction)?.[1]).toBe(AUDIT_DIGEST_SCHEDULE);
  });

  it('turn every runbook schedule into an EventBridge Scheduler schedule in its time zone', () => {
    // Prepare
    const runbooks = bundledRunbooks({ REFLEX_POLICIES_DIR: join(REPOSITORY_ROOT, 'policies') });
    // Act
    const { Resources } = runbookSchedules(runbooks);
    // Assess
    const paris = Resources.OfficeHoursStopParisSchedule as {
      Type: string;
      Properties: {
        ScheduleExpression: string;
        ScheduleExpressionTimezone: string;
        Target: { Input: string; RoleArn: unknown };
      };
    };
    expect(paris.Type).toBe('AWS::Scheduler::Schedule');
    expect(paris.Properties.ScheduleExpression).toBe('cron(0 19 ? * MON-FRI *)');
    expect(paris.Properties.ScheduleExpressionTimezone).toBe('Europe/Paris');
    expect(JSON.parse(paris.Properties.Target.Input)).toEqual({
      source: 'reflex.schedule',
      runbook: 'office-hours-stop',
      schedule: 'office-hours-stop-paris',
      scheduledTime: '<aws.scheduler.scheduled-time>',
      params: { timezone: 'Europe/Paris' },
      scheduleArn: '<aws.scheduler.schedule-arn>',
      attempt: '<aws.scheduler.attempt-number>',
    });
    expect(paris.Properties.Target.RoleArn).toEqual({ 'Fn::GetAtt': ['RunbookSchedulerRole', 'Arn'] });
    const count = runbooks.reduce((sum, runbook) => sum + runbook.schedules.length, 0);
    expect(
      Object.values(Resources).filter((r) => (r as { Type: string }).Type === 'AWS::Scheduler::Schedule'),
    ).toHaveLength(count);
  });
});
