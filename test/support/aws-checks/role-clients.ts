import { randomBytes } from 'node:crypto';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { inject } from 'vitest';
import { createAwsClients } from '../../../shared/aws/all-clients.ts';
import { clientOptions } from '../../../shared/aws/client-options.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import { adminArn, testRoleArn, testRoleName } from './enable-aws-checks.ts';
import { motoPolicyDocument } from './moto-policy.ts';
import { actionsOf, packagedRole } from './packaged-roles.ts';
import { PERMISSION_RECORDER_OPTIONS, permissionRecorder } from './permission-log.ts';

interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

const sessions = new Map<string, Promise<SessionCredentials>>();

/**
 * The clients of a function whose role lacks some permissions: a role made now in moto from the
 * packaged statements minus `without`, to prove a permission is needed and that its refusal reads right.
 */
export async function roleClientsWithout(
  functionName: string,
  without: readonly string[],
): Promise<AwsClients> {
  return createAwsClients({
    ...clientOptions(),
    credentials: await variantRoleCredentials(functionName, without),
  });
}

/**
 * The clients of a function's role with one more statement that denies `action` on `resources`
 * (moto judges a Deny on a named resource), e.g. sts:AssumeRole into one member account's role.
 */
export async function roleClientsDenying(
  functionName: string,
  action: string,
  resources: readonly string[],
): Promise<AwsClients> {
  const deny = {
    Sid: 'DeniedForTheTest',
    Effect: 'Deny' as const,
    Action: [action],
    Resource: [...resources],
  };
  return recordingPermissions(
    createAwsClients({
      ...clientOptions(),
      credentials: await variantRoleCredentials(functionName, [], deny),
    }),
  );
}

async function variantRoleCredentials(
  functionName: string,
  without: readonly string[],
  deny?: { Sid: string; Effect: 'Deny'; Action: string[]; Resource: string[] },
): Promise<SessionCredentials> {
  const admin = { endpoint: inject('motoEndpoint'), region: 'us-east-1', credentials: inject('motoAdmin') };
  const roleName = `${testRoleName(functionName)}-without-${randomBytes(3).toString('hex')}`;
  const statements = packagedRole(functionName).statements.map((statement) => ({
    ...statement,
    Action: actionsOf(statement).filter((action) => !without.includes(action)),
  }));
  const iam = new IAMClient(admin);
  const created = await iam.send(
    new CreateRoleCommand({
      RoleName: roleName,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: adminArn() }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await iam.send(
    new PutRolePolicyCommand({
      RoleName: roleName,
      PolicyName: 'reduced',
      PolicyDocument: withDeny(
        motoPolicyDocument(statements.filter((statement) => statement.Action.length > 0)),
        deny,
      ),
    }),
  );
  iam.destroy();
  return assumeRoleArn(created.Role?.Arn ?? '', roleName);
}

function withDeny(document: string, deny: object | undefined): string {
  if (deny === undefined) return document;
  const parsed = JSON.parse(document) as { Statement: object[] };
  return JSON.stringify({ ...parsed, Statement: [...parsed.Statement, deny] });
}

/** Credentials of a function's own role (sts:AssumeRole as the test admin), one session per test file. */
export function roleCredentials(functionName: string): Promise<SessionCredentials> {
  let session = sessions.get(functionName);
  if (!session) {
    session = assumeRole(functionName);
    sessions.set(functionName, session);
  }
  return session;
}

function assumeRole(functionName: string): Promise<SessionCredentials> {
  return assumeRoleArn(testRoleArn(functionName), `reflex-test-${functionName}`);
}

async function assumeRoleArn(roleArn: string, sessionName: string): Promise<SessionCredentials> {
  const sts = new STSClient({
    endpoint: inject('motoEndpoint'),
    region: 'us-east-1',
    credentials: inject('motoAdmin'),
  });
  const output = await sts.send(
    new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName, DurationSeconds: 3600 }),
  );
  sts.destroy();
  const credentials = output.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken)
    throw new Error(`moto returned no credentials for ${roleArn}`);
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
  };
}

/**
 * The clients a function's code gets under AWS's checks: every call is signed with the function's
 * own role, whose permissions are the packaged template's. Set-up and assertions use the admin.
 */
export function roleClients(functionName: string): AwsClients {
  return recordingPermissions(
    createAwsClients({ ...clientOptions(), credentials: () => roleCredentials(functionName) }),
  );
}

interface StackOwner {
  middlewareStack: { add(middleware: unknown, options: typeof PERMISSION_RECORDER_OPTIONS): void };
}

/** Each client, once built, notes the permissions the actions use (permission-log.ts). */
function recordingPermissions(clients: AwsClients): AwsClients {
  const recorded = new WeakSet<object>();
  const wrapped: Record<string, () => Promise<unknown>> = {};
  for (const [service, get] of Object.entries(clients) as [string, () => Promise<StackOwner>][]) {
    wrapped[service] = async () => {
      const client = await get();
      // The document client shares its DynamoDB client's stack: one recorder per stack.
      if (!recorded.has(client.middlewareStack)) {
        recorded.add(client.middlewareStack);
        client.middlewareStack.add(permissionRecorder, PERMISSION_RECORDER_OPTIONS);
      }
      return client;
    };
  }
  return wrapped as unknown as AwsClients;
}

/** Environment variables with a function's role credentials, for a child process (a built bundle). */
export async function roleEnv(functionName: string): Promise<Record<string, string>> {
  const credentials = await roleCredentials(functionName);
  return {
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: credentials.sessionToken,
  };
}
