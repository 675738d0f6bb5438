import type { z } from 'zod';
import type { AwsClients } from '../aws/clients.ts';
import type { ActionRequest } from '../core/action-request.ts';
import type { Risk } from '../core/risk.ts';

/** What an action can reach while it runs; built once per cold start and passed in. */
export interface ActionContext {
  /** The clients of the account and region the request acts in (a member's session, or the hub's). */
  clients: AwsClients;
  /**
   * The hub's own clients, for Reflex's own resources wherever the request acts: its Slack
   * webhook secret, its one-time schedules. Absent: `clients` are the hub's.
   */
  hub?: AwsClients;
  /** The ActionRequest id: stamped on what the action changes so its effects can be traced back. */
  requestId: string;
  /**
   * The whole request, when the worker executes one: an action that plans later work (a scheduled
   * stop/start) hands its origin, limits and verification on. Absent for calls outside the worker.
   */
  request?: ActionRequest;
  /** The worker's clock (tests pin it); `new Date()` when absent. */
  now?: () => Date;
  log(message: string, fields?: Record<string, unknown>): void;
  env: NodeJS.ProcessEnv;
}

export interface ActionResult {
  /** One sentence for the audit trail. */
  summary: string;
  details?: Record<string, unknown>;
}

/**
 * Whether an action reached its goal after it ran: `passed`, `failed` (escalate), or `pending`
 * (not yet: the worker checks again later, until the request's verification deadline).
 */
export type VerificationStatus = 'passed' | 'failed' | 'pending';

export interface Verification {
  status: VerificationStatus;
  /** One sentence for the audit trail ("i-0123 is running"). */
  summary: string;
  details?: Record<string, unknown>;
}

/**
 * One entry of the action registry. `target` tells the planner which kind of resource the action
 * acts on and which parameter names it, so one policy can fan an action out over the resources of
 * a signal.
 */
export interface ActionDefinition<Schema extends z.ZodObject = z.ZodObject> {
  name: string;
  summary: string;
  params: Schema;
  risk: Risk;
  /** IAM actions the function needs to run this action (`service:Action`). */
  permissions: readonly string[];
  /**
   * `param` names the resource; `id` builds its id when that param alone is not it (a service
   * name plus a separate cluster).
   */
  target?: {
    resourceType: string;
    param: keyof z.infer<Schema> & string;
    id?(params: z.infer<Schema>): string;
  };
  /**
   * EventBridge patterns of the events this action itself causes (the `running` state change of
   * an instance it starts). For a while after acting, such an event does not trigger the same policy
   * again: the causal loop breaker.
   */
  effects?(params: z.infer<Schema>): Record<string, unknown>[];
  /**
   * The action contains a problem rather than curing it (quarantine, isolate): a policy's alarm
   * check does not apply to it, only its own `verify`.
   */
  containment?: boolean;
  /** The plan in words, for dry-run and approvals. */
  describe(params: z.infer<Schema>): string;
  execute(context: ActionContext, params: z.infer<Schema>): Promise<ActionResult>;
  /**
   * Checks, after a successful `execute`, that the resource reached the state the action aimed for
   * (read-only, cheap, safe to call many times). Without it the action's outcome is taken as its
   * result. The outcome goes into the audit record (`details.verification`); `failed`, or still
   * `pending` at the deadline, escalates.
   */
  verify?(context: ActionContext, params: z.infer<Schema>): Promise<Verification>;
}

/** Keeps the schema's type flowing into describe/execute while the registry stores them uniformly. */
export function defineAction<Schema extends z.ZodObject>(
  definition: ActionDefinition<Schema>,
): ActionDefinition<Schema> {
  return definition;
}

/**
 * The id of the resource a request with these (valid) params acts on, or undefined when the
 * action has no target or the params do not name it.
 */
export function targetIdOf(action: ActionDefinition, params: Record<string, unknown>): string | undefined {
  if (action.target === undefined) return undefined;
  const value = params[action.target.param];
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  return action.target.id ? action.target.id(params) : String(value);
}

/** The clients that reach Reflex's own resources (in the hub), whichever account the action acts in. */
export function hubClientsOf(context: Pick<ActionContext, 'clients' | 'hub'>): AwsClients {
  return context.hub ?? context.clients;
}
