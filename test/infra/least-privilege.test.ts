import { describe, expect, it } from 'vitest';
import { isUnscopableRead } from '../../scripts/generate/resource-scopes.ts';
import { shippedActions } from '../../shared/actions/catalog.ts';
import { shippedChecks } from '../../shared/runbooks/checks/catalog.ts';
import { actionCalls, type Call } from '../support/aws-checks/action-calls.ts';
import { simulate } from '../support/aws-checks/iam-simulator.ts';
import { type PackagedRole, packagedRoles } from '../support/aws-checks/packaged-roles.ts';
import {
  DEPLOYED_ARNS,
  DEPLOYMENT,
  deployedRoleArn,
  resolveIntrinsics,
} from '../support/aws-checks/resolve-template.ts';

/**
 * Resources and conditions, judged by an IAM policy simulator (@cloud-copilot/iam-simulate, a test
 * dependency only) on each role exactly as the packaged template declares it: moto checks the action
 * set only (every statement on "*", conditions dropped), so scoping is proven here.
 */
const { account, region } = DEPLOYMENT;
const WORKER_CALLS = actionCalls(DEPLOYMENT);

/** What every function's own plumbing sends: its table, its queues, the audit bus, its secret. */
function plumbingCalls(functionName: string): Call[] {
  const table = DEPLOYED_ARNS.StateTable ?? '';
  const publishes = [
    'on-alarm',
    'on-event',
    'on-alert',
    'worker',
    'chatops',
    'runbook',
    'rotate-secret',
  ].includes(functionName);
  return [
    { action: 'dynamodb:PutItem', resource: table, allowed: true, why: 'the state table' },
    {
      action: 'dynamodb:PutItem',
      resource: `arn:aws:dynamodb:${region}:${account}:table/customers`,
      allowed: false,
      why: 'any other table',
    },
    ...(publishes
      ? [
          {
            action: 'events:PutEvents',
            resource: DEPLOYED_ARNS.ReflexEventBus ?? '',
            allowed: true,
            why: 'the audit bus',
          },
          {
            action: 'events:PutEvents',
            resource: `arn:aws:events:${region}:${account}:event-bus/default`,
            allowed: false,
            why: 'the default bus',
          },
        ]
      : []),
  ];
}

const ROTATION_CALLS: Call[] = [
  {
    action: 'secretsmanager:PutSecretValue',
    resource: `arn:aws:secretsmanager:${region}:${account}:secret:prod/orders-db-AbCdEf`,
    context: {
      'secretsmanager:resource/AllowRotationLambdaArn': DEPLOYED_ARNS.RotateDashsecretLambdaFunction ?? '',
    },
    allowed: true,
    why: 'a secret this function rotates',
  },
  {
    action: 'secretsmanager:PutSecretValue',
    resource: `arn:aws:secretsmanager:${region}:${account}:secret:prod/orders-db-AbCdEf`,
    context: {
      'secretsmanager:resource/AllowRotationLambdaArn': `arn:aws:lambda:${region}:${account}:function:other`,
    },
    allowed: false,
    why: 'a secret another function rotates',
  },
  {
    action: 'secretsmanager:GetSecretValue',
    resource: `arn:aws:secretsmanager:${region}:${account}:secret:prod/master-AbCdEf`,
    context: { 'aws:ResourceTag/reflex:rotation-master': 'true' },
    allowed: true,
    why: 'a master secret that opted in',
  },
  {
    action: 'secretsmanager:GetSecretValue',
    resource: `arn:aws:secretsmanager:${region}:${account}:secret:prod/master-AbCdEf`,
    allowed: false,
    why: 'any other secret',
  },
];

function decision(role: PackagedRole, call: Call): Promise<string> {
  return simulate({
    principal: deployedRoleArn(role.logicalId, role.roleName),
    statements: resolveIntrinsics(role.statements),
    call,
  });
}

function roleOf(functionName: string): PackagedRole {
  const role = packagedRoles().find((candidate) => candidate.functionName === functionName);
  if (!role) throw new Error(`no role for ${functionName}`);
  return role;
}

async function judge(functionName: string, calls: readonly Call[]) {
  const role = roleOf(functionName);
  const verdicts = [];
  for (const call of calls) {
    const result = await decision(role, call);
    verdicts.push({ ...call, result });
  }
  return verdicts;
}

describe('least privilege: resources and conditions of each packaged role (IAM simulator)', () => {
  it('the worker may do what the actions send, and is refused what they must never touch', async () => {
    // Act
    const verdicts = await judge('worker', WORKER_CALLS);
    // Assess
    expect(verdicts.map((v) => `${v.action} ${v.resource} (${v.why}): ${v.result}`)).toEqual(
      WORKER_CALLS.map((c) => `${c.action} ${c.resource} (${c.why}): ${c.allowed ? 'allowed' : 'denied'}`),
    );
  });

  it('the runbook function, which runs the same actions in-process, has the same scoping', async () => {
    const verdicts = await judge('runbook', WORKER_CALLS);
    expect(verdicts.filter((v) => (v.result === 'allowed') !== v.allowed)).toEqual([]);
  });

  it.each(packagedRoles().map((role) => role.functionName))(
    '%s reaches its own table and bus, no other',
    async (functionName) => {
      const calls = plumbingCalls(functionName);
      const verdicts = await judge(functionName, calls);
      expect(verdicts.filter((v) => (v.result === 'allowed') !== v.allowed)).toEqual([]);
    },
  );

  it('the rotation function changes only the secrets it rotates and reads only opted-in masters', async () => {
    const verdicts = await judge('rotate-secret', ROTATION_CALLS);
    expect(verdicts.filter((v) => (v.result === 'allowed') !== v.allowed)).toEqual([]);
  });

  it('the trigger functions cannot act: no action permission is theirs', async () => {
    const acting = WORKER_CALLS.filter((call) => call.allowed && call.resource !== '*');
    for (const functionName of ['on-alarm', 'on-event', 'on-alert', 'chatops', 'audit-digest']) {
      const verdicts = await judge(functionName, acting);
      expect(
        verdicts.filter((v) => v.result === 'allowed').map((v) => `${functionName}: ${v.action}`),
      ).toEqual([]);
    }
  });

  it("on-alert reads the alert senders' tokens, not the Slack secret nor any other", async () => {
    const secret = (name: string) => `arn:aws:secretsmanager:${region}:${account}:secret:${name}`;
    const calls: Call[] = [
      {
        action: 'secretsmanager:GetSecretValue',
        resource: DEPLOYED_ARNS.AlertTokensSecret ?? '',
        allowed: true,
        why: 'the tokens',
      },
      {
        action: 'secretsmanager:GetSecretValue',
        resource: DEPLOYED_ARNS.SlackSecret ?? '',
        allowed: false,
        why: 'Slack',
      },
      {
        action: 'secretsmanager:GetSecretValue',
        resource: secret('prod/orders-db-AbCdEf'),
        allowed: false,
        why: 'a database',
      },
    ];
    const verdicts = await judge('on-alert', calls);
    expect(verdicts.filter((v) => (v.result === 'allowed') !== v.allowed)).toEqual([]);
  });

  it('names the AWS shell document, account-less as AWS documents it, for ssm:SendCommand', () => {
    const statements = resolveIntrinsics(roleOf('worker').statements) as {
      Action: string[];
      Resource: unknown;
    }[];
    const sendCommand = statements.find((statement) => statement.Action.includes('ssm:SendCommand'));
    expect(sendCommand?.Resource).toContain(`arn:aws:ssm:${region}::document/AWS-RunShellScript`);
  });

  it('every scoped permission an action or check declares has a simulated call here', () => {
    const declared = new Set(
      [
        ...shippedActions.flatMap((a) => a.permissions),
        ...shippedChecks.flatMap((c) => c.permissions),
      ].filter((permission) => !isUnscopableRead(permission)),
    );
    const simulated = new Set(WORKER_CALLS.map((call) => call.action));
    expect([...declared].filter((permission) => !simulated.has(permission)).sort()).toEqual([]);
  });
});
