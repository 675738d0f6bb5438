import type { z } from 'zod';
import type { Risk } from './risk.ts';
import type { manualInvocationSchema } from './runbook-invocation.ts';

export interface RunbookLaunch {
  name: string;
  params: Record<string, string>;
  /** `slack:<user id>`. */
  requestedBy: string;
  /** Makes a redelivered chat job start the same run, not a second one. */
  idempotencyKey: string;
  now: Date;
}

export type RunbookLaunchResult =
  | { ok: true; runId: string; summary: string }
  | { ok: false; reason: string };

/**
 * The port `run <runbook>` talks to. The runbook engine lives elsewhere; until it is wired in,
 * `unavailableRunbooks` answers every run with the reason.
 */
export interface RunbookLauncher {
  names(): string[];
  /** The highest risk among the runbook's actions (decides the role needed); undefined if unknown. */
  riskOf(name: string): Risk | undefined;
  launch(launch: RunbookLaunch): Promise<RunbookLaunchResult>;
}

export const unavailableRunbooks: RunbookLauncher = {
  names: () => [],
  riskOf: () => undefined,
  launch: async () => ({ ok: false, reason: 'no runbook engine is connected to chat-ops yet' }),
};

export type ManualStart = z.input<typeof manualInvocationSchema>;

/** Hands a manual start to the runbook function: in Lambda an async invoke, locally a call. */
export type RunbookStarter = (start: ManualStart) => Promise<void>;
