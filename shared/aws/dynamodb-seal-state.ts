import type { SealState, SignedDigest } from '../core/audit-seal.ts';
import { ifConditionHolds, type StateTable, sealStateKey } from './state-table.ts';

/** The last digest of each chain, one item per chain, advanced only from the one read. */
export class DynamoDbSealState implements SealState {
  constructor(private readonly table: StateTable) {}

  async read(chain: string): Promise<SignedDigest | undefined> {
    const { GetCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const output = await db.send(
      new GetCommand({ TableName: this.table.name, Key: sealStateKey(chain), ConsistentRead: true }),
    );
    return output.Item === undefined ? undefined : (JSON.parse(String(output.Item.digest)) as SignedDigest);
  }

  async advance(chain: string, next: SignedDigest, previous: SignedDigest | undefined): Promise<boolean> {
    const { PutCommand } = await import('@aws-sdk/lib-dynamodb');
    const db = await this.table.document();
    const written = await ifConditionHolds(
      db.send(
        new PutCommand({
          TableName: this.table.name,
          Item: { ...sealStateKey(chain), toSeq: next.digest.toSeq, digest: JSON.stringify(next) },
          ...(previous === undefined
            ? { ConditionExpression: 'attribute_not_exists(pk)' }
            : {
                ConditionExpression: 'toSeq = :previous',
                ExpressionAttributeValues: { ':previous': previous.digest.toSeq },
              }),
        }),
      ),
    );
    return written !== undefined;
  }
}
