import type { AppendResult, AuditChainStore, ChainEntry, ChainHead } from '../../shared/core/audit-chain.ts';

/**
 * The audit chain in memory, with the same conditions as DynamoDbAuditChain's transaction checked
 * atomically; each call yields to the event loop first, so concurrent writers interleave.
 */
export class MemoryAuditChain implements AuditChainStore {
  readonly chains = new Map<string, ChainEntry[]>();
  private readonly ids = new Set<string>();
  conflicts = 0;

  async head(chain: string): Promise<ChainHead | undefined> {
    await Promise.resolve();
    const last = this.chains.get(chain)?.at(-1);
    return last === undefined ? undefined : { seq: last.seq, hash: last.hash };
  }

  async append(entries: ChainEntry[], previous: ChainHead | undefined): Promise<AppendResult> {
    await Promise.resolve();
    const duplicates = entries.filter((entry) => this.ids.has(entry.record.id));
    if (duplicates.length > 0) return { status: 'duplicate', ids: duplicates.map((e) => e.record.id) };
    const chain = entries[0]?.chain ?? '';
    const current = this.chains.get(chain) ?? [];
    const last = current.at(-1);
    if (last?.seq !== previous?.seq) {
      this.conflicts++;
      return last === undefined
        ? { status: 'conflict' }
        : { status: 'conflict', head: { seq: last.seq, hash: last.hash } };
    }
    this.chains.set(chain, [...current, ...entries]);
    for (const entry of entries) this.ids.add(entry.record.id);
    return { status: 'appended' };
  }

  async *entries(chain: string, fromSeq: number, toSeq?: number): AsyncIterable<ChainEntry> {
    for (const entry of this.chains.get(chain) ?? []) {
      if (entry.seq >= fromSeq && (toSeq === undefined || entry.seq <= toSeq)) yield entry;
    }
  }
}
