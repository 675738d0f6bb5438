import { createAwsClients } from '../../shared/aws/all-clients.ts';
import { DynamoDbStateCells } from '../../shared/aws/dynamodb-state-cells.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import { UsageError } from './command.ts';

/** The options of commands that read or change Reflex's state table. */
export const STATE_OPTIONS = {
  table: { type: 'string' },
  endpoint: { type: 'string' },
  region: { type: 'string' },
} as const;

export const STATE_HELP = `  --table NAME     the state table (default: $REFLEX_TABLE; \`reflex dev\` uses reflex-local-state)
  --endpoint URL   an emulator (moto, LocalStack) instead of AWS (default: $AWS_ENDPOINT_URL)
  --region REGION  default: $AWS_REGION`;

/** Connects to the state table named by the options or the environment. */
export function connectState(
  values: { table?: string; endpoint?: string; region?: string },
  required = true,
) {
  if (values.endpoint) process.env.AWS_ENDPOINT_URL = values.endpoint;
  if (values.region) process.env.AWS_REGION = values.region;
  const tableName = values.table ?? process.env.REFLEX_TABLE;
  if (tableName === undefined || tableName === '') {
    if (required) throw new UsageError('no state table: pass --table NAME or set REFLEX_TABLE');
    return undefined;
  }
  const clients = createAwsClients();
  const table = new StateTable(clients, tableName);
  return { clients, table, cells: new DynamoDbStateCells(table) };
}

export function operator(): string {
  return process.env.REFLEX_OPERATOR ?? process.env.USER ?? 'cli';
}
