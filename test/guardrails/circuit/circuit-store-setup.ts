import { randomBytes } from 'node:crypto';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import { DynamoDbCircuitStore } from '../../../shared/aws/dynamodb-circuit-store.ts';
import { StateTable } from '../../../shared/aws/state-table.ts';
import { createTestStack } from '../../support/local-aws.ts';

/** A circuit store on a fresh table in moto. */
export async function circuitStoreInMoto(clients: AwsClients): Promise<DynamoDbCircuitStore> {
  const stack = await createTestStack(clients, 'circuit');
  return new DynamoDbCircuitStore(new StateTable(clients, stack.tableName));
}

/** A policy name of its own per test, so tests sharing a table never share a circuit. */
export function uniquePolicy(label: string): string {
  return `${label}-${randomBytes(3).toString('hex')}`;
}
