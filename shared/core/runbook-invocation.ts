import { z } from 'zod';

/**
 * What EventBridge Scheduler sends the runbook function: the schedule's Input, in which Scheduler
 * replaces `<aws.scheduler.scheduled-time>` (and the other context attributes) when it fires.
 */
export const scheduledInvocationSchema = z.strictObject({
  source: z.literal('reflex.schedule'),
  runbook: z.string().min(1),
  schedule: z.string().min(1),
  scheduledTime: z.iso.datetime({ offset: true }),
  params: z.record(z.string(), z.unknown()).default({}),
  scheduleArn: z.string().optional(),
  attempt: z.string().optional(),
});

/** A start from the CLI, chat or an operator's `aws lambda invoke`. */
export const manualInvocationSchema = z.strictObject({
  source: z.literal('reflex.manual'),
  runbook: z.string().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  /** Text values, as typed in chat or on a command line, are read as the declared types. */
  paramsAreText: z.boolean().default(false),
  dryRun: z.boolean().default(false),
  requestedBy: z.string().min(1),
  /** Name the execution to make a retried start idempotent; generated otherwise. */
  executionId: z.string().min(1).optional(),
});

export const runbookInvocationSchema = z.discriminatedUnion('source', [
  scheduledInvocationSchema,
  manualInvocationSchema,
]);

export type RunbookInvocation = z.infer<typeof runbookInvocationSchema>;

/** The Input of one schedule, as `infra/generated/runbook-schedules.json` and the local scheduler send it. */
export function scheduledInput(runbook: string, schedule: string, params: Record<string, unknown>) {
  return {
    source: 'reflex.schedule' as const,
    runbook,
    schedule,
    scheduledTime: '<aws.scheduler.scheduled-time>',
    params,
    scheduleArn: '<aws.scheduler.schedule-arn>',
    attempt: '<aws.scheduler.attempt-number>',
  };
}
