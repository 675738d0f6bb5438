import { randomUUID } from 'node:crypto';
import {
  CreateSecretCommand,
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  RotateSecretCommand,
} from '@aws-sdk/client-secrets-manager';
import { expect } from 'vitest';
import { lambdaContext } from '../../cli/dev/lambda-context.ts';
import { makeHandler } from '../../functions/rotate-secret/handler.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { RotationDependencies } from '../../shared/rotation/rotate-secret.ts';
import type { RotationStep } from '../../shared/rotation/rotation-event.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { createRotationDependencies } from '../../shared/runtime/rotation-dependencies.ts';
import { roleClients } from './aws-checks/role-clients.ts';

/** An ARN of a function moto does not know: see `startRotation`. */
const ROTATION_FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:reflex-rotate-secret';

export async function createSecret(clients: AwsClients, name: string, value: unknown): Promise<string> {
  const secrets = await clients.secretsManager();
  const output = await secrets.send(
    new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }),
  );
  if (output.ARN === undefined) throw new Error('moto returned no ARN');
  return output.ARN;
}

/** A new AWSCURRENT value (e.g. a corrected master secret). */
export async function putCurrent(clients: AwsClients, secretId: string, value: unknown): Promise<void> {
  const secrets = await clients.secretsManager();
  await secrets.send(new PutSecretValueCommand({ SecretId: secretId, SecretString: JSON.stringify(value) }));
}

/**
 * Starts a rotation the way Secrets Manager does before it invokes createSecret: rotation enabled,
 * a new version id staged AWSPENDING with no value yet. moto's RotateSecret records exactly that,
 * then fails to invoke the (unknown) rotation function with ResourceNotFoundException, and does
 * not move AWSCURRENT. Its own rotation without a function moves AWSCURRENT to a version without
 * a value, hence this route. The state is asserted, so a moto change shows up here.
 */
export async function startRotation(clients: AwsClients, secretId: string): Promise<string> {
  const token = randomUUID();
  const secrets = await clients.secretsManager();
  await expect(
    secrets.send(
      new RotateSecretCommand({
        SecretId: secretId,
        ClientRequestToken: token,
        RotationLambdaARN: ROTATION_FUNCTION_ARN,
        RotationRules: { AutomaticallyAfterDays: 30 },
      }),
    ),
  ).rejects.toThrow(/Resource not found/);
  const described = await secrets.send(new DescribeSecretCommand({ SecretId: secretId }));
  expect(described.RotationEnabled).toBe(true);
  expect(described.VersionIdsToStages?.[token]).toEqual(['AWSPENDING']);
  return token;
}

export async function stagesOf(clients: AwsClients, secretId: string): Promise<Record<string, string[]>> {
  const secrets = await clients.secretsManager();
  return (await secrets.send(new DescribeSecretCommand({ SecretId: secretId }))).VersionIdsToStages ?? {};
}

export async function versionWith(clients: AwsClients, secretId: string, stage: string) {
  return Object.entries(await stagesOf(clients, secretId)).find(([, stages]) => stages.includes(stage))?.[0];
}

export async function valueAt<T = Record<string, unknown>>(
  clients: AwsClients,
  secretId: string,
  stage: string,
): Promise<T> {
  const secrets = await clients.secretsManager();
  const output = await secrets.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage: stage }));
  return JSON.parse(output.SecretString ?? 'null') as T;
}

export type RotationInvoker = (step: RotationStep, secretId: string, token: string) => Promise<unknown>;

/**
 * The rotate-secret handler from the sources, invoked as Lambda would (with the shared middleware
 * stack), acting as the rotate-secret role of the packaged template.
 */
export function rotationInvoker(
  env: NodeJS.ProcessEnv,
  override: (deps: RotationDependencies) => RotationDependencies = (deps) => deps,
): RotationInvoker {
  const clients = roleClients('rotate-secret');
  const handler = makeHandler(lazy(() => override(createRotationDependencies(env, clients))));
  return (step, secretId, token) =>
    handler({ Step: step, SecretId: secretId, ClientRequestToken: token }, lambdaContext('rotate-secret'));
}

export const ALL_STEPS: RotationStep[] = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'];

/** Secrets Manager's run of one rotation: the four steps in order, each once. */
export async function runSteps(invoke: RotationInvoker, secretId: string, token: string, steps = ALL_STEPS) {
  for (const step of steps) await invoke(step, secretId, token);
}
