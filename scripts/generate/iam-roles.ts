import type { ActionDefinition } from '../../shared/actions/action.ts';
import { EXECUTION_ROLE_NAME } from '../../shared/core/execution-role.ts';
import type { CheckDefinition } from '../../shared/runbooks/checks/check.ts';
import { actionStatements, READ_TARGETS, type Statement, VERIFY_ALARMS } from './action-statements.ts';

/** What each function needs besides its actions; the worker also gets every action's permissions. */
export const FUNCTION_NEEDS: Record<
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
    /** Reads the alert senders' tokens (on-alert). */
    alertTokensSecret?: boolean;
    /**
     * Publishes every audit record as a `reflex.action` event on the Reflex bus (the audit sink that
     * shared/runtime/*-dependencies.ts builds whenever REFLEX_EVENT_BUS is set, as serverless.yml sets it).
     */
    auditEvents?: boolean;
    /**
     * Acts in the organization's member accounts by assuming their execution role (the member
     * template); the role has a fixed name, `<stack>-<region>-<function>`, that the member role trusts.
     */
    actsInMembers?: boolean;
    /** Signs audit chain digests with the KMS key and stores them in the digest bucket (infra/audit-trail.yml). */
    sealsAudit?: boolean;
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
  // Alertmanager's and Grafana's webhooks over HTTP: a trigger that also reads the senders' tokens.
  'on-alert': {
    auditEvents: true,
    queue: ['sqs:SendMessage'],
    table: true,
    readTargets: true,
    actions: false,
    alertTokensSecret: true,
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
    actsInMembers: true,
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
    sealsAudit: true,
  },
  // Runs runbook steps in-process through the worker's execute path: every action, every check.
  runbook: {
    auditEvents: true,
    queue: [],
    table: true,
    readTargets: true,
    actions: true,
    checks: true,
    actsInMembers: true,
  },
};

/**
 * The name of a hub role that member accounts trust, as a `Fn::Sub` string: IAM names are global
 * in the account, so the region keeps two hub stacks of one name apart (as osls names its roles).
 */
export function hubRoleName(
  functionName: string,
  stackName = '${AWS::StackName}',
  region = '${AWS::Region}',
): string {
  return `${stackName}-${region}-${functionName}`;
}

/** The hub functions whose roles act in member accounts. */
export function functionsActingInMembers(): string[] {
  return Object.entries(FUNCTION_NEEDS)
    .filter(([, needs]) => needs.actsInMembers)
    .map(([name]) => name);
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
      statements.push(READ_TARGETS);
    }
    if (needs.actions) {
      statements.push(VERIFY_ALARMS);
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
    if (needs.alertTokensSecret) {
      statements.push({
        Sid: 'AlertTokensSecret',
        Effect: 'Allow',
        Action: ['secretsmanager:GetSecretValue'],
        Resource: { Ref: 'AlertTokensSecret' },
      });
    }
    if (needs.sealsAudit) {
      statements.push(
        {
          Sid: 'AuditSigning',
          Effect: 'Allow',
          Action: ['kms:Sign'],
          Resource: { 'Fn::GetAtt': ['AuditSigningKey', 'Arn'] },
        },
        {
          Sid: 'AuditDigests',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:PutObject'],
          Resource: { 'Fn::Sub': '${AuditDigestBucket.Arn}/audit-digest.*' },
        },
      );
    }
    if (needs.actsInMembers) {
      // SourceIdentity names the request in the member's CloudTrail, and IAM checks it on both sides.
      // Only roles in accounts of the organization (infra/organization.yml): without one, none.
      statements.push({
        Sid: 'MemberAccounts',
        Effect: 'Allow',
        Action: ['sts:AssumeRole', 'sts:SetSourceIdentity'],
        Resource: { 'Fn::Sub': `arn:\${AWS::Partition}:iam::*:role/${EXECUTION_ROLE_NAME}` },
        Condition: { StringEquals: { 'aws:ResourceOrgID': { Ref: 'OrganizationId' } } },
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
        ...(needs.actsInMembers ? { RoleName: { 'Fn::Sub': hubRoleName(name) } } : {}),
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
