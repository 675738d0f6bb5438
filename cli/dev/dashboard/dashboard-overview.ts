import type { ApprovalRecord, ApprovalStore } from '../../../shared/core/approval.ts';
import type { AuditRecord } from '../../../shared/core/audit-record.ts';
import type { CircuitRecord, CircuitStore } from '../../../shared/core/circuit-state.ts';
import type { StateCells } from '../../../shared/core/state-cells.ts';
import { listOpenCircuits } from '../../../shared/guardrails/circuit/circuit-control.ts';
import { quarantineOf } from '../../../shared/guardrails/flap.ts';
import { activePause, type PauseState, policyScope } from '../../../shared/guardrails/pause.ts';

export interface TimelineEntry {
  time: string;
  outcome: AuditRecord['outcome'];
  mode: AuditRecord['mode'];
  action: string;
  target: string;
  actor: string;
  reason: string;
  /** The guardrail that decided a skip, deferral or approval wait; absent when all allowed. */
  decidedBy?: string | undefined;
  durationMs?: number | undefined;
  requestId?: string | undefined;
}

export interface GuardrailStates {
  paused: PauseState[];
  quarantined: { target: string; since: string; reason: string }[];
  openCircuits: CircuitRecord[];
}

export interface Charts {
  /** Actions that ran (succeeded or failed) per hour, the last 24 hours, oldest first. */
  actionsPerHour: { hour: string; succeeded: number; failed: number }[];
  /** Seconds from the first audit record of a request to its success, per request. */
  timeToRemediateSeconds: { requestId: string; target: string; seconds: number }[];
}

export interface DashboardSources {
  cells: StateCells;
  approvals: ApprovalStore;
  circuits: CircuitStore;
  policies: readonly string[];
}

interface GuardrailVerdict {
  guardrail: string;
  decision: string;
}

function decidingGuardrail(record: AuditRecord): string | undefined {
  const verdicts = (record.details?.guardrails ?? []) as GuardrailVerdict[];
  return verdicts.find((verdict) => verdict.decision !== 'allow')?.guardrail;
}

export function timelineOf(records: readonly AuditRecord[]): TimelineEntry[] {
  return records.map((record) => ({
    time: record.time,
    outcome: record.outcome,
    mode: record.mode,
    action: record.action,
    target: record.target,
    actor: record.actor,
    reason: record.reason,
    decidedBy: decidingGuardrail(record),
    durationMs: record.durationMs,
    requestId: record.correlation.requestId,
  }));
}

/** Approvals still waiting: the awaiting-approval records whose approval is still pending. */
export async function pendingApprovals(
  records: readonly AuditRecord[],
  store: ApprovalStore,
  now: Date,
): Promise<ApprovalRecord[]> {
  const ids = new Set<string>();
  for (const record of records) {
    const approval = record.details?.approval as { id?: string } | undefined;
    if (record.outcome === 'awaiting-approval' && approval?.id) ids.add(approval.id);
  }
  const found = await Promise.all([...ids].map((id) => store.get(id)));
  return found.filter(
    (record): record is ApprovalRecord =>
      record !== undefined && record.status === 'pending' && Date.parse(record.expiresAt) > now.getTime(),
  );
}

export async function guardrailStates(
  records: readonly AuditRecord[],
  sources: DashboardSources,
  now: Date,
): Promise<GuardrailStates> {
  const scopes = ['global', ...sources.policies.map(policyScope)];
  const pauses = await Promise.all(scopes.map((scope) => activePause(sources.cells, scope, now)));
  const targets = [...new Set(records.map((record) => record.target))];
  const quarantines = await Promise.all(
    targets.map(async (target) => ({ target, quarantine: await quarantineOf(sources.cells, target) })),
  );
  return {
    paused: pauses.filter((pause): pause is PauseState => pause !== undefined),
    quarantined: quarantines.flatMap(({ target, quarantine }) =>
      quarantine ? [{ target, since: quarantine.since, reason: quarantine.reason }] : [],
    ),
    openCircuits: await listOpenCircuits(sources.circuits),
  };
}

export function chartsOf(records: readonly AuditRecord[], now: Date): Charts {
  const hourMs = 3_600_000;
  const currentHour = Math.floor(now.getTime() / hourMs) * hourMs;
  const actionsPerHour = Array.from({ length: 24 }, (_, index) => ({
    hour: new Date(currentHour - (23 - index) * hourMs).toISOString(),
    succeeded: 0,
    failed: 0,
  }));
  const firstSeen = new Map<string, number>();
  const timeToRemediateSeconds: Charts['timeToRemediateSeconds'] = [];
  const oldestFirst = [...records].sort((a, b) => a.time.localeCompare(b.time));
  for (const record of oldestFirst) {
    const at = Date.parse(record.time);
    const requestId = record.correlation.requestId;
    if (requestId !== undefined && !firstSeen.has(requestId)) firstSeen.set(requestId, at);
    if (record.outcome === 'succeeded' || record.outcome === 'failed') {
      const bucket =
        actionsPerHour[23 - Math.floor((currentHour - Math.floor(at / hourMs) * hourMs) / hourMs)];
      if (bucket) bucket[record.outcome] += 1;
    }
    if (record.outcome === 'succeeded' && requestId !== undefined) {
      const started = Math.min(firstSeen.get(requestId) ?? at, at - (record.durationMs ?? 0));
      timeToRemediateSeconds.push({ requestId, target: record.target, seconds: (at - started) / 1000 });
    }
  }
  return { actionsPerHour, timeToRemediateSeconds };
}
