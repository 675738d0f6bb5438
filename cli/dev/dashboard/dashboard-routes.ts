import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import type { AuditReader } from '../../../shared/core/audit-record.ts';
import type { WorkQueue } from '../../../shared/core/work-queue.ts';
import { ApprovalService } from '../../../shared/guardrails/approvals/approval-service.ts';
import type { SeededFleet } from '../fleet/demo-fleet.ts';
import { readFleetState } from '../fleet/fleet-state.ts';
import type { Route } from '../http-server.ts';
import {
  chartsOf,
  type DashboardSources,
  guardrailStates,
  pendingApprovals,
  timelineOf,
} from './dashboard-overview.ts';

export interface DashboardDependencies extends DashboardSources {
  audit: AuditReader;
  queue: WorkQueue;
  clients: AwsClients;
  fleet: SeededFleet | undefined;
  mode: string;
  endpoint: string;
  /** The run's token, handed to the page it serves: its buttons send it back as x-reflex-token. */
  token: string;
}

const PAGE = readFileSync(join(import.meta.dirname, 'index.html'), 'utf8');

function text(body: unknown, key: string): string | undefined {
  const value =
    body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[key] : undefined;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The dashboard page and its JSON API: one overview to poll, and the approval buttons. */
export function dashboardRoutes(deps: DashboardDependencies): Record<string, Route> {
  const approvals = new ApprovalService(deps.approvals);
  return {
    'GET /': async () => ({
      status: 200,
      body: PAGE.replace('{{REFLEX_TOKEN}}', deps.token),
      contentType: 'text/html; charset=utf-8',
    }),
    'GET /api/overview': async () => {
      const now = new Date();
      const records = await deps.audit.query({ since: new Date(now.getTime() - 86_400_000), limit: 500 });
      const [pending, guardrails, fleet] = await Promise.all([
        pendingApprovals(records, deps.approvals, now),
        guardrailStates(records, deps, now),
        deps.fleet ? readFleetState(deps.clients, deps.fleet) : undefined,
      ]);
      return {
        status: 200,
        body: {
          mode: deps.mode,
          endpoint: deps.endpoint,
          policies: deps.policies,
          timeline: timelineOf(records.slice(0, 100)),
          approvals: pending,
          guardrails,
          fleet,
          charts: chartsOf(records, now),
        },
      };
    },
    'POST /api/approvals/approve': async (body) => {
      const id = text(body, 'id');
      const hash = text(body, 'hash');
      if (id === undefined || hash === undefined)
        return { status: 400, body: { error: 'send {"id": APPROVAL_ID, "hash": PLAN_HASH}' } };
      const result = await approvals.approve(id, {
        approver: text(body, 'by') ?? 'dashboard',
        planHash: hash,
        now: new Date(),
      });
      if (!result.ok) return { status: 409, body: { error: `refused (${result.code}): ${result.reason}` } };
      await deps.queue.enqueue([result.request]);
      return { status: 200, body: { message: `approved ${id}; queued for execution` } };
    },
    'POST /api/approvals/deny': async (body) => {
      const id = text(body, 'id');
      if (id === undefined) return { status: 400, body: { error: 'send {"id": APPROVAL_ID}' } };
      const result = await approvals.deny(id, { by: text(body, 'by') ?? 'dashboard', now: new Date() });
      if (!result.ok) return { status: 409, body: { error: `refused (${result.code}): ${result.reason}` } };
      return { status: 200, body: { message: `denied ${id}` } };
    },
  };
}
