import { randomBytes } from 'node:crypto';
import { CreateKeyCommand } from '@aws-sdk/client-kms';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  PutObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { AUDIT_CHAINS, ChainedAuditLog } from '../../shared/audit/chained-audit-log.ts';
import { auditRecordFor } from '../../shared/audit/new-audit-record.ts';
import { sealChains } from '../../shared/audit/seal-chains.ts';
import { verifyChain } from '../../shared/audit/verify-chain.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbAuditChain } from '../../shared/aws/dynamodb-audit-chain.ts';
import { kmsPublicKeys } from '../../shared/aws/kms-digest-signer.ts';
import { digestKey, S3DigestArchive } from '../../shared/aws/s3-digest-archive.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import type { SignedDigest } from '../../shared/core/audit-seal.ts';
import { createAuditSealDependencies } from '../../shared/runtime/audit-seal-dependencies.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { bufferIo } from '../support/cli-io.ts';
import { createTestStack, localAwsEnv, useLocalAws } from '../support/local-aws.ts';
import { testRequest } from '../support/worker-harness.ts';

const CHAIN = AUDIT_CHAINS[0] as string;
let admin: AwsClients;
let env: Record<string, string>;
let log: ChainedAuditLog;

beforeAll(async () => {
  admin = useLocalAws();
  const table = (await createTestStack(admin, 'audit-seal')).tableName;
  const kms = await admin.kms();
  const key = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY' }));
  const bucket = `reflex-audit-${randomBytes(4).toString('hex')}`;
  const s3 = await admin.s3();
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
  await s3.send(
    new PutObjectLockConfigurationCommand({
      Bucket: bucket,
      ObjectLockConfiguration: {
        ObjectLockEnabled: 'Enabled',
        Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 1 } },
      },
    }),
  );
  env = {
    REFLEX_TABLE: table,
    REFLEX_AUDIT_KEY_ID: key.KeyMetadata?.Arn ?? '',
    REFLEX_AUDIT_BUCKET: bucket,
    REFLEX_AUDIT_SEAL_RECORDS: '3',
    REFLEX_AUDIT_SEAL_MINUTES: '5',
  };
  log = new ChainedAuditLog(new DynamoDbAuditChain(new StateTable(roleClients('worker'), table)), {
    chain: CHAIN,
  });
});

async function append(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const request = testRequest({
      action: 'ec2.start-instance',
      target: `ec2:instance/i-${i}`,
      params: { instanceId: `i-${i}` },
    });
    await log.write(auditRecordFor(request, 'succeeded', `started i-${i}`, { now: new Date() }));
  }
}

async function verifyAsAuditor() {
  const store = new DynamoDbAuditChain(new StateTable(admin, env.REFLEX_TABLE as string));
  const digests: SignedDigest[] = [];
  for await (const digest of new S3DigestArchive(admin, env.REFLEX_AUDIT_BUCKET as string).list(CHAIN))
    digests.push(digest);
  const head = await store.head(CHAIN);
  return verifyChain({
    chain: CHAIN,
    entries: store.entries(CHAIN, 1),
    ...(head === undefined ? {} : { head }),
    digests,
    publicKey: kmsPublicKeys(admin),
  });
}

describe('sealing the audit chains: signed digests in the Object-Locked bucket', () => {
  it('seals every N records or after M minutes, as the audit-digest role; the digests chain and verify', async () => {
    // Prepare
    const clients = roleClients('audit-digest');
    const inTenMinutes = () => new Date(Date.now() + 10 * 60_000);
    await append(5);
    // Act
    const first = await sealChains(createAuditSealDependencies(env, clients) ?? expect.fail('no sealing'));
    const again = await sealChains(createAuditSealDependencies(env, clients) ?? expect.fail('no sealing'));
    await append(2);
    const early = await sealChains(createAuditSealDependencies(env, clients) ?? expect.fail('no sealing'));
    const late = await sealChains(
      createAuditSealDependencies(env, clients, inTenMinutes) ?? expect.fail('no sealing'),
    );
    // Assess
    expect(first.find((step) => step.chain === CHAIN)).toEqual({
      chain: CHAIN,
      status: 'sealed',
      fromSeq: 1,
      toSeq: 5,
    });
    expect(again.every((step) => step.status === 'waiting')).toBe(true);
    expect(early.find((step) => step.chain === CHAIN)).toEqual({
      chain: CHAIN,
      status: 'waiting',
      unsealed: 2,
    });
    expect(late.find((step) => step.chain === CHAIN)).toEqual({
      chain: CHAIN,
      status: 'sealed',
      fromSeq: 6,
      toSeq: 7,
    });
    expect(await verifyAsAuditor()).toEqual({ chain: CHAIN, records: 7, sealedTo: 7, unsealed: 0 });
    const io = bufferIo();
    const endpoint = localAwsEnv().AWS_ENDPOINT_URL ?? '';
    const args = [
      '--table',
      env.REFLEX_TABLE ?? '',
      '--bucket',
      env.REFLEX_AUDIT_BUCKET ?? '',
      '--endpoint',
      endpoint,
    ];
    expect(await main(['audit', 'verify', ...args], io)).toBe(0);
    expect(io.out).toContain(`${CHAIN}  intact: 7 record(s), sealed to 7`);
  });

  it('a locked digest cannot be overwritten, and one hidden by a delete marker is named as deleted', async () => {
    // Prepare
    const s3 = await admin.s3();
    const archive = new S3DigestArchive(roleClients('audit-digest'), env.REFLEX_AUDIT_BUCKET as string);
    const first = await archive.get(CHAIN, 1);
    // Act
    const overwritten = await archive.put({ ...(first as SignedDigest), signature: 'forged' });
    await s3.send(new DeleteObjectCommand({ Bucket: env.REFLEX_AUDIT_BUCKET, Key: digestKey(CHAIN, 1) }));
    // Assess
    expect(overwritten).toBe(false);
    expect((await verifyAsAuditor()).broken).toMatchObject({ kind: 'digest-deleted', seq: 1 });
    const io = bufferIo();
    const endpoint = localAwsEnv().AWS_ENDPOINT_URL ?? '';
    const args = [
      '--table',
      env.REFLEX_TABLE ?? '',
      '--bucket',
      env.REFLEX_AUDIT_BUCKET ?? '',
      '--endpoint',
      endpoint,
    ];
    expect(await main(['audit', 'verify', ...args], io)).toBe(1);
    expect(io.out).toContain(`${CHAIN}  BROKEN at record 1: the digest of records from 1 is missing`);
  });
});
