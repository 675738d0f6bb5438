import { actionRegistry } from '../../shared/actions/registry.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { ActionRequest } from '../../shared/core/action-request.ts';
import type { AlarmStates } from '../../shared/core/alarm-states.ts';
import type { AuditLog, AuditRecord } from '../../shared/core/audit-record.ts';
import type { Inventory } from '../../shared/core/inventory.ts';
import type { Notifier } from '../../shared/core/notifier.ts';
import type { Once, OnceResult } from '../../shared/core/once.ts';
import type { StateCells } from '../../shared/core/state-cells.ts';
import { StaticTagReader } from '../../shared/core/tag-reader.ts';
import type { WorkQueue } from '../../shared/core/work-queue.ts';
import { EscalationLedger } from '../../shared/escalation/escalation-ledger.ts';
import { GuardrailEngine } from '../../shared/guardrails/engine.ts';
import type { Guardrail, GuardrailInput, Settlement, Verdict } from '../../shared/guardrails/guardrail.ts';
import type { ApprovalRequester } from '../../shared/worker/approval-requester.ts';
import type { WorkerDependencies } from '../../shared/worker/worker-dependencies.ts';

/**
 * Small in-memory fakes of the worker's ports, for unit tests of the use cases (the adapters have
 * their own tests against moto). Each keeps what it was given, so a test can assert on it.
 */
/** For runbooks without a check step: any read of the inventory fails the test, naming what was read. */
export function inventoryNotRead(): Inventory {
  const refuse = (what: string) => () =>
    Promise.reject(new Error(`this test reads no inventory, yet ${what} was asked`));
  return {
    listInstances: refuse('listInstances'),
    snapshotIdsUsedByOwnImages: refuse('snapshotIdsUsedByOwnImages'),
    listOwnSnapshots: refuse('listOwnSnapshots'),
    listAvailableVolumes: refuse('listAvailableVolumes'),
    listElasticIps: refuse('listElasticIps'),
    callerAccount: refuse('callerAccount'),
    listQueueUrls: refuse('listQueueUrls'),
    readQueueRedrive: refuse('readQueueRedrive'),
    listAutoScalingGroups: refuse('listAutoScalingGroups'),
    listUsersWithTags: refuse('listUsersWithTags'),
  };
}

export class RecordingAuditLog implements AuditLog {
  readonly records: AuditRecord[] = [];

  async write(record: AuditRecord): Promise<void> {
    this.records.push(record);
  }
}

export class RecordingQueue implements WorkQueue {
  readonly sent: { request: ActionRequest; delaySeconds?: number }[] = [];

  async enqueue(requests: readonly ActionRequest[], options: { delaySeconds?: number } = {}): Promise<void> {
    for (const request of requests)
      this.sent.push({
        request,
        ...(options.delaySeconds === undefined ? {} : { delaySeconds: options.delaySeconds }),
      });
  }
}

export class RecordingNotifier implements Notifier {
  readonly messages: { message: string; severity: string }[] = [];

  async notify(message: string, severity: 'info' | 'warning' | 'critical'): Promise<void> {
    this.messages.push({ message, severity });
  }
}

/** At most once per id within the test, like Powertools idempotency over the table. */
export class MemoryOnce implements Once {
  private readonly done = new Map<string, Record<string, unknown>>();

  async run<T extends Record<string, unknown>>(requestId: string, work: () => Promise<T>) {
    const earlier = this.done.get(requestId);
    if (earlier !== undefined)
      return { duplicate: true, reason: 'already executed', earlier: earlier as T } satisfies OnceResult<T>;
    const result = await work();
    this.done.set(requestId, result);
    return { duplicate: false, result } satisfies OnceResult<T>;
  }
}

export class RecordingApprovals implements ApprovalRequester {
  readonly asked: ActionRequest[] = [];

  async requestApproval(request: ActionRequest, _risk: string, now: Date) {
    this.asked.push(request);
    return {
      id: `approval-${this.asked.length}`,
      planHash: '0'.repeat(64),
      expiresAt: new Date(now.getTime() + 3_600_000).toISOString(),
    };
  }
}

/** The state table's cells in a Map, with the same conditional semantics as the DynamoDB adapter. */
export class MemoryStateCells implements StateCells {
  readonly items = new Map<string, Record<string, unknown>>();

  private key(kind: string, id: string): string {
    return `${kind}#${id}`;
  }

  async read(kind: string, id: string) {
    const item = this.items.get(this.key(kind, id));
    return item === undefined ? undefined : { ...item };
  }

  async claimIfIdle(
    kind: string,
    id: string,
    claim: { at: number; idleSince: number; expiresAtMs: number },
    fields: Record<string, unknown> = {},
  ) {
    const item = this.items.get(this.key(kind, id));
    // As the DynamoDB cells: the claim is kept as `lastAt`, which `read` then returns.
    if (item !== undefined && Number(item.lastAt) > claim.idleSince) return false;
    this.items.set(this.key(kind, id), { ...fields, lastAt: claim.at, expiresAtMs: claim.expiresAtMs });
    return true;
  }

  async incrementBelow(kind: string, id: string, limit: number, expiresAtMs: number) {
    const item = this.items.get(this.key(kind, id));
    const count = Number(item?.count ?? 0);
    if (count >= limit) return undefined;
    this.items.set(this.key(kind, id), { ...item, count: count + 1, expiresAtMs });
    return count + 1;
  }

  async takeOne(kind: string, id: string, field: string) {
    const item = this.items.get(this.key(kind, id));
    if (item === undefined || Number(item[field]) < 1) return false;
    this.items.set(this.key(kind, id), { ...item, [field]: Number(item[field]) - 1 });
    return true;
  }

  async createOnce(kind: string, id: string, fields: Record<string, unknown>) {
    if (this.items.has(this.key(kind, id))) return false;
    this.items.set(this.key(kind, id), { ...fields });
    return true;
  }

  async writeVersioned(kind: string, id: string, expectedVersion: number, fields: Record<string, unknown>) {
    const item = this.items.get(this.key(kind, id));
    if (Number(item?.version ?? 0) !== expectedVersion) return false;
    this.items.set(this.key(kind, id), { ...fields, version: expectedVersion + 1 });
    return true;
  }

  async overwrite(kind: string, id: string, fields: Record<string, unknown>) {
    this.items.set(this.key(kind, id), { ...fields });
  }

  async remove(kind: string, id: string) {
    this.items.delete(this.key(kind, id));
  }
}

/**
 * A guardrail that answers what the test says and keeps every input and settlement, so a test can
 * see the request the use case built and how it was settled.
 */
export function scriptedGuardrail(
  decide: (input: GuardrailInput) => Omit<Verdict, 'guardrail'> = () => ({
    decision: 'allow',
    reason: 'ok',
  }),
  name = 'scripted',
) {
  const seen: GuardrailInput[] = [];
  const settled: Settlement[] = [];
  const guardrail: Guardrail = {
    name,
    async check(input) {
      seen.push(input);
      return { guardrail: name, ...decide(input) };
    },
    async acquire(input) {
      seen.push(input);
      return {
        verdict: { guardrail: name, ...decide(input) },
        settle: async (outcome) => {
          settled.push(outcome);
        },
      };
    },
  };
  return { guardrail, seen, settled };
}

export function alarmStates(states: Record<string, string> = {}): AlarmStates {
  return { stateOf: async (name) => states[name] };
}

/** Clients no fake-backed test may reach: any use is a test bug, said plainly. */
const unreachableClients = new Proxy({} as AwsClients, {
  get(_target, property) {
    throw new Error(`this unit test reaches AWS (clients.${String(property)}); give it a fake action`);
  },
});

/** Worker dependencies on the fakes above; override any port. `now` is fixed unless given. */
export function fakeWorkerDependencies(overrides: Partial<WorkerDependencies> = {}) {
  const audit = new RecordingAuditLog();
  const queue = new RecordingQueue();
  const notifier = new RecordingNotifier();
  const approvals = new RecordingApprovals();
  const cells = new MemoryStateCells();
  const logged: { message: string; fields?: Record<string, unknown> }[] = [];
  const now = new Date('2026-12-01T10:00:00Z');
  const deps: WorkerDependencies = {
    registry: actionRegistry,
    clients: unreachableClients,
    audit,
    ceiling: 'enforce',
    guardrails: new GuardrailEngine([]),
    tags: new StaticTagReader(),
    approvals,
    once: new MemoryOnce(),
    escalation: new EscalationLedger(cells),
    queue,
    notifier,
    alarms: alarmStates(),
    runStamped: (_stamp, work) => work(),
    now: () => now,
    env: {},
    log: (message, fields) => {
      logged.push({ message, ...(fields ? { fields } : {}) });
    },
    ...overrides,
  };
  return { deps, audit, queue, notifier, approvals, cells, logged };
}
