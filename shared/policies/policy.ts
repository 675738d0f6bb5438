import type { ResolvedLimits } from '../core/limits.ts';
import type { Mode } from '../core/mode.ts';
import type { TagCondition } from '../core/tag-condition.ts';

/** Where a policy was written, so every error and audit record can point back to it. */
export interface SourceLocation {
  file: string;
  line: number;
}

/** `key: value`, `key: [v1, v2]` (any of), or `key: {exists: true|false}`. */
export type { TagCondition };

export interface PolicyAction {
  action: string;
  /** Literal values, or `{{ resource.id }}`-style templates filled in when planning. */
  params: Record<string, unknown>;
}

/**
 * The ladder climbs only when `count` signals about a resource arrived within `withinMs`, none of
 * them in the first `afterMs` after the previous rung ran.
 */
export interface EscalationThreshold {
  count: number;
  withinMs: number;
  afterMs: number;
}

export interface Policy {
  name: string;
  description?: string;
  /** An EventBridge event pattern. */
  on: Record<string, unknown>;
  filters: { tags?: Record<string, TagCondition> };
  actions: PolicyAction[];
  mode: Mode;
  limits: ResolvedLimits;
  /** Checking the remediation worked; absent = the actions' own checks within the default window. */
  verify?: { withinMs: number; alarm?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA' };
  /** Later rungs of the escalation ladder (`actions` is the first), counted per resource `within`. */
  escalation?: { withinMs: number; steps: PolicyAction[][]; threshold?: EscalationThreshold };
  source: SourceLocation;
}
