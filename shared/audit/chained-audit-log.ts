import {
  type AuditChainStore,
  type ChainEntry,
  type ChainHead,
  MAX_APPEND_BATCH,
} from '../core/audit-chain.ts';
import type { AuditLog, AuditRecord } from '../core/audit-record.ts';
import { RetryableError } from '../errors/reflex-errors.ts';
import { nextEntry } from './chain-hash.ts';

/**
 * The audit trail is a fixed set of chains, each with its own head. One chain cannot keep up:
 * appends to it serialise on one head item, and a writer whose transaction lost relinks and tries
 * again, so with 20 writers nearly every attempt loses (measured against moto: 2.2 appends/s with
 * 20 writers on one chain). Each writer keeps to one chain, picked at random when it starts, so it
 * is usually the last to have appended there and needs no read of the head.
 */
export const AUDIT_SHARDS = 8;
export const AUDIT_CHAINS: readonly string[] = Array.from({ length: AUDIT_SHARDS }, (_, i) => `reflex-${i}`);

export interface ChainedAuditLogOptions {
  /** The chain this writer appends to (default: one of AUDIT_CHAINS at random). */
  chain?: string;
  /** Appends tried before giving up (each loses only to another writer that appended). */
  maxAttempts?: number;
  /** Waits between attempts, for jittered backoff; tests pass one that does not sleep. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

interface Pending {
  record: AuditRecord;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Appends each record to the hash chain: links it to the head and appends in one conditional
 * transaction. Writes made while an append is in flight (a worker's batch of messages) go
 * together in the next one, so a busy process appends many records per transaction. When another
 * writer got there first, it relinks to the head that writer left (after a jittered, growing
 * wait, so 20 writers do not retry in lockstep). A record written twice is in the chain once.
 */
export class ChainedAuditLog implements AuditLog {
  private readonly chain: string;
  private readonly maxAttempts: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly pending: Pending[] = [];
  private draining = false;
  /** The head as this writer last saw it: right when it made the last append, saving a read. */
  private knownHead: ChainHead | undefined;

  constructor(
    private readonly store: AuditChainStore,
    options: ChainedAuditLogOptions = {},
  ) {
    this.random = options.random ?? Math.random;
    this.chain = options.chain ?? (AUDIT_CHAINS[Math.floor(this.random() * AUDIT_SHARDS)] as string);
    this.maxAttempts = options.maxAttempts ?? 200;
    this.sleep = options.sleep ?? sleepFor;
  }

  write(record: AuditRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ record, resolve, reject });
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, MAX_APPEND_BATCH);
        try {
          await this.appendBatch(batch);
          for (const write of batch) write.resolve();
        } catch (error) {
          for (const write of batch) write.reject(error);
        }
      }
    } finally {
      this.draining = false;
    }
  }

  private async appendBatch(batch: Pending[]): Promise<void> {
    // The same record written twice at once is one link (and one transaction cannot put an item twice).
    let records = [...new Map(batch.map((write) => [write.record.id, write.record])).values()];
    let conflicts = 0;
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const head = this.knownHead ?? (await this.store.head(this.chain));
      const entries = this.link(head, records);
      const result = await this.store.append(entries, head);
      if (result.status === 'appended') {
        const last = entries[entries.length - 1];
        this.knownHead = last === undefined ? head : { seq: last.seq, hash: last.hash };
        return;
      }
      if (result.status === 'duplicate') {
        records = records.filter((record) => !result.ids.includes(record.id));
        this.knownHead = head;
        if (records.length === 0) return;
        continue;
      }
      this.knownHead = result.head;
      conflicts++;
      // Full jitter over a window doubling from 4 ms to 256 ms.
      await this.sleep(Math.floor(this.random() * Math.min(256, 2 ** (conflicts + 1))));
    }
    this.knownHead = undefined;
    throw new RetryableError(
      `${records.length} audit record(s) not appended to chain ${this.chain}: the head moved on each of ${this.maxAttempts} attempts`,
    );
  }

  private link(head: ChainHead | undefined, records: AuditRecord[]): ChainEntry[] {
    const entries: ChainEntry[] = [];
    let previous = head;
    for (const record of records) {
      const entry = nextEntry(this.chain, previous, record);
      entries.push(entry);
      previous = { seq: entry.seq, hash: entry.hash };
    }
    return entries;
  }
}
