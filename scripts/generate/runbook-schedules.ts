import { scheduledInput } from '../../shared/core/runbook-invocation.ts';
import type { Runbook } from '../../shared/runbooks/runbook.ts';

/** Serverless Framework's logical id of the `runbook` function. */
const RUNBOOK_FUNCTION = 'RunbookLambdaFunction';

function pascal(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_match, _dash, letter: string) => letter.toUpperCase());
}

/**
 * One EventBridge Scheduler schedule per runbook schedule, evaluated in its own time zone (so
 * office hours follow daylight saving), invoking the runbook function with the runbook, the
 * schedule's params and the scheduled time, from which the execution id is derived. Failed
 * invocations (after Scheduler's retries) go to the trigger failure queue.
 */
export function runbookSchedules(runbooks: readonly Runbook[]): { Resources: Record<string, unknown> } {
  const resources: Record<string, unknown> = {};
  const schedules = runbooks.flatMap((runbook) =>
    runbook.schedules.map((schedule) => ({ runbook, schedule })),
  );
  if (schedules.length === 0) return { Resources: resources };
  resources.RunbookSchedulerRole = {
    Type: 'AWS::IAM::Role',
    Properties: {
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ],
      },
      Policies: [
        {
          PolicyName: 'reflex-runbook-scheduler',
          PolicyDocument: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'InvokeRunbook',
                Effect: 'Allow',
                Action: ['lambda:InvokeFunction'],
                Resource: [
                  { 'Fn::GetAtt': [RUNBOOK_FUNCTION, 'Arn'] },
                  { 'Fn::Sub': `\${${RUNBOOK_FUNCTION}.Arn}:*` },
                ],
              },
              {
                Sid: 'DeadLetters',
                Effect: 'Allow',
                Action: ['sqs:SendMessage'],
                Resource: { 'Fn::GetAtt': ['TriggerFailureQueue', 'Arn'] },
              },
            ],
          },
        },
      ],
    },
  };
  for (const { runbook, schedule } of schedules) {
    resources[`${pascal(schedule.name)}Schedule`] = {
      Type: 'AWS::Scheduler::Schedule',
      Properties: {
        Description: (schedule.description ?? `Runbook ${runbook.name}: ${runbook.description}`).slice(
          0,
          512,
        ),
        ScheduleExpression: schedule.expression,
        ScheduleExpressionTimezone: schedule.timezone,
        FlexibleTimeWindow: { Mode: 'OFF' },
        State: schedule.enabled ? 'ENABLED' : 'DISABLED',
        Target: {
          Arn: { 'Fn::GetAtt': [RUNBOOK_FUNCTION, 'Arn'] },
          RoleArn: { 'Fn::GetAtt': ['RunbookSchedulerRole', 'Arn'] },
          Input: JSON.stringify(scheduledInput(runbook.name, schedule.name, schedule.params)),
          RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3_600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': ['TriggerFailureQueue', 'Arn'] } },
        },
      },
    };
  }
  return { Resources: resources };
}
