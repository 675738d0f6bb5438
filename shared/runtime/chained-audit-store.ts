import { ChainedAuditLog } from '../audit/chained-audit-log.ts';
import type { AwsClients } from '../aws/clients.ts';
import { DynamoDbAuditChain } from '../aws/dynamodb-audit-chain.ts';
import { StateTable } from '../aws/state-table.ts';
import type { AuditLog } from '../core/audit-record.ts';

/** Where every function's audit records go: appended to the hash chain in the state table. */
export function chainedAuditStore(
  clients: Pick<AwsClients, 'dynamoDbDocument'>,
  tableName: string,
): AuditLog {
  return new ChainedAuditLog(new DynamoDbAuditChain(new StateTable(clients, tableName)));
}
