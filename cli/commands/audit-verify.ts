import { AUDIT_CHAINS } from '../../shared/audit/chained-audit-log.ts';
import { type ChainReport, verifyChain } from '../../shared/audit/verify-chain.ts';
import { DynamoDbAuditChain } from '../../shared/aws/dynamodb-audit-chain.ts';
import { kmsPublicKeys } from '../../shared/aws/kms-digest-signer.ts';
import { S3DigestArchive } from '../../shared/aws/s3-digest-archive.ts';
import type { SignedDigest } from '../../shared/core/audit-seal.ts';
import type { CliIo } from '../command/command.ts';
import { parseOptions } from '../command/parse-options.ts';
import { connectState, STATE_HELP, STATE_OPTIONS } from '../command/state-options.ts';

export const AUDIT_VERIFY_HELP = `Usage: reflex audit verify [--json] [options]

Walks every audit chain in the state table and its signed digests, and checks each record's hash
and link and each digest's chain and signature (the KMS key's public half, checked locally); names
the first broken link: an edited, deleted, inserted or reordered record, a deleted or forged digest.
Records after the last digest are counted as not yet sealed. Exit 0 when intact, 1 when broken.
  --bucket NAME      the digest bucket (default: $REFLEX_AUDIT_BUCKET; without one, no digest is checked)
  --json             one JSON report per chain
${STATE_HELP}`;

/** `reflex audit verify`: 0 when every chain is intact, 1 when one is broken (2: usage, thrown). */
export async function runAuditVerify(args: string[], io: CliIo): Promise<number> {
  const { values } = parseOptions(args, {
    ...STATE_OPTIONS,
    bucket: { type: 'string' },
    json: { type: 'boolean', default: false },
  });
  const state = connectState(values);
  if (!state) return 2;
  const store = new DynamoDbAuditChain(state.table);
  const bucket = values.bucket ?? process.env.REFLEX_AUDIT_BUCKET;
  const archive = bucket ? new S3DigestArchive(state.clients, bucket) : undefined;
  const publicKey = kmsPublicKeys(state.clients);
  const reports: ChainReport[] = [];
  for (const chain of AUDIT_CHAINS) {
    const head = await store.head(chain);
    reports.push(
      await verifyChain({
        chain,
        entries: store.entries(chain, 1),
        ...(head === undefined ? {} : { head }),
        digests: archive === undefined ? [] : await digestsOf(archive, chain),
        publicKey,
      }),
    );
  }
  const broken = reports.filter((report) => report.broken !== undefined);
  if (values.json) {
    for (const report of reports) io.stdout(JSON.stringify(report));
  } else {
    for (const report of reports) io.stdout(formatReport(report));
    const records = reports.reduce((sum, report) => sum + report.records, 0);
    io.stdout(
      broken.length === 0
        ? `intact: ${records} record(s) in ${reports.length} chain(s)`
        : `BROKEN: ${broken.map((report) => report.chain).join(', ')}`,
    );
  }
  return broken.length === 0 ? 0 : 1;
}

async function digestsOf(archive: S3DigestArchive, chain: string): Promise<SignedDigest[]> {
  const digests: SignedDigest[] = [];
  for await (const digest of archive.list(chain)) digests.push(digest);
  return digests;
}

function formatReport(report: ChainReport): string {
  if (report.broken !== undefined)
    return `${report.chain}  BROKEN at record ${report.broken.seq}: ${report.broken.message}`;
  const unsealed = report.unsealed > 0 ? `, ${report.unsealed} not yet sealed` : '';
  return `${report.chain}  intact: ${report.records} record(s), sealed to ${report.sealedTo}${unsealed}`;
}
