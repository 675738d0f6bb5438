import { z } from 'zod';
import type { AwsClients } from '../../aws/clients.ts';
import { IamAccessKeys, SecretsManagerKeySecret } from '../../aws/iam-access-keys.ts';
import type { AccessKeyPort, KeySecretPort } from '../../core/access-key-port.ts';
import { rotateAccessKey } from '../../rotation/access-keys/rotate-access-key.ts';
import { defineAction } from '../action.ts';

/** The ports the rotation runs on, for the clients of the account the request acts in. */
export type AccessKeyAdapters = (clients: AwsClients) => { keys: AccessKeyPort; secrets: KeySecretPort };

/** IAM and Secrets Manager through the SDK: what the registered action uses. */
export const awsAccessKeyAdapters: AccessKeyAdapters = (clients) => ({
  keys: new IamAccessKeys(clients),
  secrets: new SecretsManagerKeySecret(clients),
});

/**
 * One step of an IAM user's access key rotation per run (create + store, deactivate the old key,
 * delete it): run it daily from a schedule or a runbook; each run is one audited request. The
 * adapters are passed in (tests give fakes of the ports); the clock is the worker's.
 */
export const accessKeyRotationAction = (adapters: AccessKeyAdapters) =>
  defineAction({
    name: 'iam.rotate-access-key',
    summary:
      "Rotate an IAM user's access key: replace it when older than maxAgeDays (stored in the user's secret), deactivate the old key after graceDays, delete it after deleteAfterDays.",
    params: z.strictObject({
      userName: z.string().regex(/^[\w+=,.@-]{1,64}$/),
      /** The secret holding {"accessKeyId", "secretAccessKey"}; under reflex/ for the IAM scope. */
      secretId: z.string().min(1),
      maxAgeDays: z.number().int().min(0).default(90),
      graceDays: z.number().int().min(0).default(7),
      deleteAfterDays: z.number().int().min(0).default(14),
    }),
    risk: 'high',
    permissions: [
      'iam:ListAccessKeys',
      'iam:CreateAccessKey',
      'iam:UpdateAccessKey',
      'iam:DeleteAccessKey',
      'secretsmanager:GetSecretValue',
      'secretsmanager:PutSecretValue',
    ],
    target: { resourceType: 'iam:user', param: 'userName' },
    describe: ({ userName, secretId, maxAgeDays, graceDays, deleteAfterDays }) =>
      `Rotate the access key of IAM user ${userName} when older than ${maxAgeDays} days (new key stored in ${secretId}); deactivate the old key after ${graceDays} days and delete it after ${deleteAfterDays}.`,
    async execute(context, params) {
      const outcome = await rotateAccessKey(params, adapters(context.clients), context.now?.() ?? new Date());
      context.log('access key rotation step', { userName: params.userName, step: outcome.step });
      return { summary: outcome.summary, details: { step: outcome.step, ...outcome.details } };
    },
  });

export const rotateAccessKeyAction = accessKeyRotationAction(awsAccessKeyAdapters);
