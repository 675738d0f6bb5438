import type { ActionRegistry } from '../actions/registry.ts';
import type { ApprovalStore } from '../core/approval.ts';
import type { AuditLog, AuditReader } from '../core/audit-record.ts';
import type { CircuitStore } from '../core/circuit-state.ts';
import type { LiveState } from '../core/live-state.ts';
import type { ModeCeiling } from '../core/mode.ts';
import type { Placement } from '../core/placement.ts';
import type { RunbookLauncher } from '../core/runbook-launcher.ts';
import type { StateCells } from '../core/state-cells.ts';
import type { TagReader } from '../core/tag-reader.ts';
import type { WorkQueue } from '../core/work-queue.ts';
import type { ApprovalService } from '../guardrails/approvals/approval-service.ts';
import type { GuardrailEngine } from '../guardrails/engine.ts';
import type { PolicyMatcher } from '../policies/policy-matcher.ts';
import type { ChatOpsConfig } from './chatops-config.ts';

/** The use cases and stores the chat commands run against, built once per cold start. */
export interface ChatServices {
  config: ChatOpsConfig;
  actions: ActionRegistry;
  audit: AuditLog & AuditReader;
  approvals: ApprovalService;
  approvalStore: Pick<ApprovalStore, 'get'>;
  cells: StateCells;
  circuits: CircuitStore;
  guardrails: GuardrailEngine;
  tags: TagReader;
  workQueue: WorkQueue;
  ceiling: ModeCeiling;
  /** The accounts Reflex acts in (`REFLEX_ACCOUNT_IDS`), so `plan` refuses others as the triggers do. */
  accounts?: ReadonlySet<string>;
  /** The hub's own account and region (`REFLEX_HUB_ACCOUNT`, `AWS_REGION`): its targets' keys. */
  hub?: Placement;
  /** The policies, compiled on first use (only `plan` needs them). */
  matcher(): PolicyMatcher;
  /** Event fixtures by name (`ec2/instance-state-change-stopped`), for `plan`. */
  eventFixtures(): Record<string, unknown>;
  liveState: LiveState;
  runbooks: RunbookLauncher;
}
