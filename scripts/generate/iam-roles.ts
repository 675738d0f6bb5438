import type { ActionDefinition } from '../../shared/actions/action.ts';
import type { CheckDefinition } from '../../shared/runbooks/checks/check.ts';
import { isUnscopableRead, RESOURCE_SCOPES } from './resource-scopes.ts';

type Statement = { Sid: string; Effect: 'Allow'; Action: string[]; Resource: unknown; Condition?: unknown };

/** What each function needs besides its actions; the worker also gets every action's permissions. */
const FUNCTION_NEEDS: Record<
  string,
  {
    queue: string[];
    table: boolean;
    readTargets: boolean;
    actions: boolean;
    checks?: boolean;
    failureQueue?: boolean;
    /** Invokes the runbook function asynchronously (`run <runbook>` from chat). */
    startRunbooks?: boolean;
    /** Sends to and consumes the chat queue (chat-ops). */
    chatQueue?: boolean;
    /** Reads the Slack secret: signing secret, webhook URLs, bot token. */
    slackSecret?: boolean;
    /**
     * Publishes every audit record as a `reflex.action` event on the Reflex bus (the audit sink that
     * shared/runtime/*-dependencies.ts builds whenever REFLEX_EVENT_BUS is set, as serverless.yml sets it).
     */
    auditEvents?: boolean;
  }
> = {
  // The triggers are invoked asynchronously: a failed invocation goes to the failure queue.
  'on-alarm': {
    auditEvents: true,
    queue: ['sqs:SendMessage'],
    table: true,
    readTargets: true,
    actions: false,
    failureQueue: true,
  },
  'on-event': {
    auditEvents: true,
    queue: ['sqs:SendMessage'],
    table: true,
    readTargets: true,
    actions: false,
    failureQueue: true,
  },
  // The worker also sends: escalated requests and later checks of a pending verification.
  worker: {
    auditEvents: true,
    queue: [
      'sqs:ChangeMessageVisibility',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage',
      'sqs:SendMessage',
    ],
    table: true,
    readTargets: true,
    actions: true,
    // Approval requests with buttons and grouped audit outcomes go to the Slack webhooks in the secret.
    slackSecret: true,
  },
  // Slack's HTTP requests and the chat queue; `scale` and `approve` queue requests for the worker.
  chatops: {
    auditEvents: true,
    queue: ['sqs:SendMessage'],
    table: true,
    readTargets: true,
    actions: false,
    chatQueue: true,
    slackSecret: true,
    startRunbooks: true,
  },
  // The scheduled flush of the audit digest: the digest in the table, the audit webhook in the secret.
  'audit-digest': {
    queue: [],
    table: true,
    readTargets: false,
    actions: false,
    slackSecret: true,
  },
  // Runs runbook steps in-process through the worker's execute path: every action, every check.
  runbook: {
    auditEvents: true,
    queue: [],
    table: true,
    readTargets: true,
    actions: true,
    checks: true,
  },
};

export class UnscopedPermissionError extends Error {
  override name = 'UnscopedPermissionError';
}

function actionStatements(permissionsNeeded: readonly string[]): Statement[] {
  const statements: Statement[] = [];
  const reads = new Set<string>();
  const scoped = new Map<string, string[]>();
  for (const permission of new Set(permissionsNeeded)) {
    if (isUnscopableRead(permission)) {
      reads.add(permission);
      continue;
    }
    if (!RESOURCE_SCOPES[permission]) {
      throw new UnscopedPermissionError(
        `${permission} has no resource scope: add it to scripts/generate/resource-scopes.ts (IAM grants no "*" writes)`,
      );
    }
    const key = JSON.stringify(RESOURCE_SCOPES[permission]);
    scoped.set(key, [...(scoped.get(key) ?? []), permission]);
  }
  let index = 0;
  for (const [key, permissions] of scoped) {
    const scope = JSON.parse(key) as (typeof RESOURCE_SCOPES)[string];
    statements.push({
      Sid: `Actions${index++}`,
      Effect: 'Allow',
      Action: permissions.sort(),
      Resource: scope.resource,
      ...(scope.condition ? { Condition: scope.condition } : {}),
    });
  }
  if (reads.size > 0)
    statements.push({ Sid: 'ActionReads', Effect: 'Allow', Action: [...reads].sort(), Resource: '*' });
  return statements;
}

function logicalName(functionName: string): string {
  return `${functionName.replace(/(^|-)([a-z])/g, (_m, _dash, letter: string) => letter.toUpperCase())}Role`;
}

/** One least-privilege IAM role per function, as CloudFormation resources. */
export function iamRoles(
  actions: readonly ActionDefinition[],
  checks: readonly CheckDefinition[] = [],
): { Resources: Record<string, unknown> } {
  const resources: Record<string, unknown> = {};
  for (const [name, needs] of Object.entries(FUNCTION_NEEDS)) {
    const statements: Statement[] = [
      {
        Sid: 'Logs',
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: {
          'Fn::Sub': `arn:\${AWS::Partition}:logs:\${AWS::Region}:\${AWS::AccountId}:log-group:/aws/lambda/\${AWS::StackName}-${name}:*`,
        },
      },
      {
        Sid: 'Tracing',
        Effect: 'Allow',
        Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
        Resource: '*',
      },
    ];
    if (needs.queue.length > 0) {
      statements.push({
        Sid: 'WorkQueue',
        Effect: 'Allow',
        Action: needs.queue,
        Resource: { 'Fn::GetAtt': ['WorkQueue', 'Arn'] },
      });
    }
    if (needs.table) {
      statements.push({
        Sid: 'StateTable',
        Effect: 'Allow',
        Action: [
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ],
        Resource: [{ 'Fn::GetAtt': ['StateTable', 'Arn'] }, { 'Fn::Sub': '${StateTable.Arn}/index/*' }],
      });
    }
    if (needs.readTargets) {
      statements.push({
        Sid: 'ReadTargets',
        Effect: 'Allow',
        Action: ['autoscaling:DescribeAutoScalingGroups', 'ec2:DescribeInstances', 'ec2:DescribeTags'],
        Resource: '*',
      });
    }
    if (needs.actions) {
      // Verifying that a remediation brought its alarm back to OK.
      statements.push({
        Sid: 'VerifyAlarms',
        Effect: 'Allow',
        Action: ['cloudwatch:DescribeAlarms'],
        Resource: '*',
      });
    }
    if (needs.startRunbooks) {
      statements.push({
        Sid: 'StartRunbooks',
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: { 'Fn::GetAtt': ['RunbookLambdaFunction', 'Arn'] },
      });
    }
    if (needs.failureQueue) {
      statements.push({
        Sid: 'FailureDestination',
        Effect: 'Allow',
        Action: ['sqs:SendMessage'],
        Resource: { 'Fn::GetAtt': ['TriggerFailureQueue', 'Arn'] },
      });
    }
    if (needs.chatQueue) {
      statements.push({
        Sid: 'ChatQueue',
        Effect: 'Allow',
        Action: [
          'sqs:ChangeMessageVisibility',
          'sqs:DeleteMessage',
          'sqs:GetQueueAttributes',
          'sqs:ReceiveMessage',
          'sqs:SendMessage',
        ],
        Resource: { 'Fn::GetAtt': ['ChatQueue', 'Arn'] },
      });
    }
    if (needs.auditEvents) {
      statements.push({
        Sid: 'AuditEvents',
        Effect: 'Allow',
        Action: ['events:PutEvents'],
        Resource: { 'Fn::GetAtt': ['ReflexEventBus', 'Arn'] },
      });
    }
    if (needs.slackSecret) {
      statements.push({
        Sid: 'SlackSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: { Ref: 'SlackSecret' },
      });
    }
    if (needs.actions) {
      statements.push(
        ...actionStatements([
          ...actions.flatMap((action) => action.permissions),
          ...(needs.checks ? checks.flatMap((check) => check.permissions) : []),
        ]),
      );
    }
    resources[logicalName(name)] = {
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
          ],
        },
        Policies: [
          { PolicyName: `reflex-${name}`, PolicyDocument: { Version: '2012-10-17', Statement: statements } },
        ],
      },
    };
  }
  return { Resources: resources };
}
