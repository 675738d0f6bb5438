import type { ResolvedLimits } from '../core/limits.ts';
import type { Mode } from '../core/mode.ts';
import type { SourceLocation } from '../policies/policy.ts';

export const PARAM_TYPES = ['string', 'integer', 'number', 'boolean'] as const;
export type ParamType = (typeof PARAM_TYPES)[number];
export type ParamValue = string | number | boolean;

/** One declared parameter: its type, and a default (without one it is required). */
export interface RunbookParam {
  type: ParamType;
  description?: string;
  default?: ParamValue;
  /** The only values accepted, when given. */
  allowed?: ParamValue[];
  min?: number;
  max?: number;
}

export const ON_FAILURE = ['stop', 'continue', 'rollback'] as const;
export type OnFailure = (typeof ON_FAILURE)[number];

/** An action step or a check step (exactly one of `action` and `check`). */
export interface RunbookStep {
  name: string;
  description?: string;
  action?: string;
  check?: string;
  /** Literal values, or `{{ params.x }}`, `{{ item.x }}`, `{{ execution.id }}` templates. */
  params: Record<string, unknown>;
  /** An earlier check step: the action runs once per item that check found. */
  forEach?: string;
  onFailure: OnFailure;
  /** The action that undoes this step for one item, run when a later step fails with `rollback`. */
  rollback?: { action: string; params: Record<string, unknown> };
}

export interface RunbookSchedule {
  /** `<runbook>-<n>` unless named. */
  name: string;
  description?: string;
  /** `cron(...)` or `rate(...)`, EventBridge Scheduler syntax. */
  expression: string;
  /** IANA time zone the cron expression is read in. */
  timezone: string;
  params: Record<string, ParamValue>;
  enabled: boolean;
}

export interface Runbook {
  name: string;
  description: string;
  params: Record<string, RunbookParam>;
  steps: RunbookStep[];
  schedules: RunbookSchedule[];
  mode: Mode;
  limits: ResolvedLimits;
  source: SourceLocation;
}
