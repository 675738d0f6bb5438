import { DEFAULT_SEAL_POLICY, type SealDependencies } from '../audit/seal-chains.ts';
import type { AwsClients } from '../aws/clients.ts';
import { DynamoDbAuditChain } from '../aws/dynamodb-audit-chain.ts';
import { DynamoDbSealState } from '../aws/dynamodb-seal-state.ts';
import { KmsDigestSigner } from '../aws/kms-digest-signer.ts';
import { S3DigestArchive } from '../aws/s3-digest-archive.ts';
import { StateTable } from '../aws/state-table.ts';
import { ConfigurationError } from './config.ts';

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new ConfigurationError(`environment variable ${name} must be a positive integer, got "${text}"`);
  return value;
}

/**
 * The sealing of the audit chains, when the stack has its signing key and digest bucket
 * (REFLEX_AUDIT_KEY_ID, REFLEX_AUDIT_BUCKET: infra/audit-trail.yml); undefined without them.
 */
export function createAuditSealDependencies(
  env: NodeJS.ProcessEnv,
  clients: Pick<AwsClients, 'dynamoDbDocument' | 'kms' | 's3'>,
  now: () => Date = () => new Date(),
): SealDependencies | undefined {
  const keyId = env.REFLEX_AUDIT_KEY_ID;
  const bucket = env.REFLEX_AUDIT_BUCKET;
  const tableName = env.REFLEX_TABLE;
  if (!keyId || !bucket || !tableName) return undefined;
  const table = new StateTable(clients, tableName);
  return {
    chain: new DynamoDbAuditChain(table),
    state: new DynamoDbSealState(table),
    archive: new S3DigestArchive(clients, bucket),
    signer: new KmsDigestSigner(clients, keyId),
    policy: {
      records: positive(env, 'REFLEX_AUDIT_SEAL_RECORDS', DEFAULT_SEAL_POLICY.records),
      maxAgeMs: positive(env, 'REFLEX_AUDIT_SEAL_MINUTES', DEFAULT_SEAL_POLICY.maxAgeMs / 60_000) * 60_000,
    },
    now,
  };
}
