import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { AUDIT_CHAINS, ChainedAuditLog } from '../../shared/audit/chained-audit-log.ts';
import { auditRecordFor } from '../../shared/audit/new-audit-record.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbAuditChain } from '../../shared/aws/dynamodb-audit-chain.ts';
import { chainEntryKey, StateTable } from '../../shared/aws/state-table.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { bufferIo } from '../support/cli-io.ts';
import { createTestStack, localAwsEnv, useLocalAws } from '../support/local-aws.ts';
import { testRequest } from '../support/worker-harness.ts';

let admin: AwsClients;
let table: string;
let state: string[];
const CHAIN = AUDIT_CHAINS[0] as string;

beforeAll(async () => {
  admin = useLocalAws();
  table = (await createTestStack(admin, 'audit-verify')).tableName;
  state = ['--table', table, '--endpoint', localAwsEnv().AWS_ENDPOINT_URL ?? ''];
  // Written as the worker writes them: through the chain, as its role.
  const log = new ChainedAuditLog(new DynamoDbAuditChain(new StateTable(roleClients('worker'), table)), {
    chain: CHAIN,
  });
  for (let i = 1; i <= 6; i++) {
    const request = testRequest({
      action: 'ec2.start-instance',
      target: `ec2:instance/i-${i}`,
      params: { instanceId: `i-${i}` },
    });
    await log.write(auditRecordFor(request, 'succeeded', `started i-${i}`, { now: new Date() }));
  }
});

describe('reflex audit verify', () => {
  it('an intact trail exits 0 and counts the records not yet sealed; an edited record exits 1, named', async () => {
    // Prepare
    const intact = bufferIo();
    const json = bufferIo();
    const broken = bufferIo();
    // Act
    const intactCode = await main(['audit', 'verify', ...state], intact);
    await main(['audit', 'verify', '--json', ...state], json);
    const db = await admin.dynamoDbDocument();
    const body = JSON.stringify({ reason: 'nothing happened here' });
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: chainEntryKey(CHAIN, 3),
        UpdateExpression: 'SET body = :body',
        ExpressionAttributeValues: { ':body': body },
      }),
    );
    const brokenCode = await main(['audit', 'verify', ...state], broken);
    // Assess
    expect(intactCode).toBe(0);
    expect(intact.out).toContain(`${CHAIN}  intact: 6 record(s), sealed to 0, 6 not yet sealed`);
    expect(intact.out).toContain('intact: 6 record(s) in 8 chain(s)');
    const reports = json.out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { chain: string; records: number });
    expect(reports.find((report) => report.chain === CHAIN)).toEqual({
      chain: CHAIN,
      records: 6,
      sealedTo: 0,
      unsealed: 6,
    });
    expect(brokenCode).toBe(1);
    expect(broken.out).toContain(`${CHAIN}  BROKEN at record 3: record 3 was edited`);
  });

  it('an unknown option is a usage error: exit 2', async () => {
    const io = bufferIo();
    expect(await main(['audit', 'verify', '--bogus', ...state], io)).toBe(2);
  });
});
