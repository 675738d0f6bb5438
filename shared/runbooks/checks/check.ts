import type { z } from 'zod';
import type { Inventory } from '../../core/inventory.ts';

/** What a check can reach while it runs. Checks only read: they never change a resource. */
export interface CheckContext {
  /** The account's resources as listings: the runbook function's reads, passed in. */
  inventory: Inventory;
  now: () => Date;
  log(message: string, fields?: Record<string, unknown>): void;
  env: NodeJS.ProcessEnv;
}

/** One thing a check found; a later step can act on each (`forEach: <check step>`). */
export type CheckItem = Record<string, unknown>;

export interface CheckResult {
  /** One sentence for the audit trail and the summary notification. */
  summary: string;
  items: CheckItem[];
  /** False when the check itself judges the state bad; the step then fails. Default true. */
  ok?: boolean;
  details?: Record<string, unknown>;
}

/**
 * One entry of the check registry: a read-only step of a runbook. `itemFields` are the fields of
 * each item, so the loader can refuse `{{ item.typo }}` before anything runs.
 */
export interface CheckDefinition<Schema extends z.ZodObject = z.ZodObject> {
  name: string;
  summary: string;
  params: Schema;
  /** IAM actions it needs (read-only: Describe/List/Get/Receive-style). */
  permissions: readonly string[];
  itemFields: readonly string[];
  describe(params: z.infer<Schema>): string;
  run(context: CheckContext, params: z.infer<Schema>): Promise<CheckResult>;
}

export function defineCheck<Schema extends z.ZodObject>(
  definition: CheckDefinition<Schema>,
): CheckDefinition<Schema> {
  return definition;
}

/** `a, b, c and 7 more`: item lists in one line of text. */
export function listSome(values: readonly string[], max = 10): string {
  if (values.length === 0) return 'none';
  const shown = values.slice(0, max).join(', ');
  return values.length > max ? `${shown} and ${values.length - max} more` : shown;
}
