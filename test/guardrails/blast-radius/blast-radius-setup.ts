import type { AwsClients } from '../../../shared/aws/clients.ts';
import { DynamoDbLeaseStore } from '../../../shared/aws/dynamodb-lease-store.ts';
import { StateTable } from '../../../shared/aws/state-table.ts';
import { createTestStack } from '../../support/local-aws.ts';

/** A lease store on a fresh table in moto. */
export async function leaseStoreInMoto(clients: AwsClients, label = 'blast'): Promise<DynamoDbLeaseStore> {
  const stack = await createTestStack(clients, label);
  return new DynamoDbLeaseStore(new StateTable(clients, stack.tableName));
}
