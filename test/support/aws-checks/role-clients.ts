import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { inject } from 'vitest';
import { createAwsClients } from '../../../shared/aws/all-clients.ts';
import { clientOptions } from '../../../shared/aws/client-options.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import { testRoleArn } from './enable-aws-checks.ts';
import { PERMISSION_RECORDER_OPTIONS, permissionRecorder } from './permission-log.ts';

interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
}

const sessions = new Map<string, Promise<SessionCredentials>>();

/** Credentials of a function's own role (sts:AssumeRole as the test admin), one session per test file. */
export function roleCredentials(functionName: string): Promise<SessionCredentials> {
  let session = sessions.get(functionName);
  if (!session) {
    session = assumeRole(functionName);
    sessions.set(functionName, session);
  }
  return session;
}

async function assumeRole(functionName: string): Promise<SessionCredentials> {
  const sts = new STSClient({
    endpoint: inject('motoEndpoint'),
    region: 'us-east-1',
    credentials: inject('motoAdmin'),
  });
  const output = await sts.send(
    new AssumeRoleCommand({
      RoleArn: testRoleArn(functionName),
      RoleSessionName: `reflex-test-${functionName}`,
      DurationSeconds: 3600,
    }),
  );
  sts.destroy();
  const credentials = output.Credentials;
  if (!credentials?.AccessKeyId || !credentials.SecretAccessKey || !credentials.SessionToken)
    throw new Error(`moto returned no credentials for ${functionName}'s role`);
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
