import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ActionRequest } from '../../core/action-request.ts';
import { ActionSkippedError, ValidationError } from '../../errors/reflex-errors.ts';
import { atExpression } from '../../schedules/at-expression.ts';
import {
  firstStartInWindow,
  type MaintenanceWindow,
  parseMaintenanceWindow,
} from '../../schedules/maintenance-window.ts';
import { type ActionContext, defineAction, hubClientsOf } from '../action.ts';
import { instanceIdSchema } from './instance-id.ts';
import { describeInstance } from './instance-state.ts';
import { stopStartInstance } from './stop-start-instance.ts';

/**
 * The work must start this long before AWS's own deadline: the stop/start and its verification take
 * up to 15 minutes; the rest is room for Scheduler's retries.
 */
export const DEADLINE_MARGIN_MS = 30 * 60_000;
/** EventBridge Scheduler needs a time in the future; "now" is two minutes from now. */
const LEAD_MS = 2 * 60_000;

const windowSchema = z
  .union([z.string(), z.strictObject({ cron: z.string(), duration: z.string(), timezone: z.string() })])
  .superRefine((value, context) => {
    try {
      parseMaintenanceWindow(value);
    } catch (error) {
      context.addIssue({ code: 'custom', message: (error as Error).message });
    }
  });

const params = z.strictObject({
  instanceId: instanceIdSchema,
  /** `sun 02:00-04:00 Europe/Paris`, or `{ cron: cron(0 2 ? * SUN *), duration: 2h, timezone: Europe/Paris }`. */
  window: windowSchema,
  /** When AWS acts by itself (a Health event's `startTime`): RFC 1123 or ISO 8601. */
  deadline: z.string().refine((text) => !Number.isNaN(Date.parse(text)), {
    message: 'must be a time, e.g. "Tue, 28 May 2024 09:00:00 GMT" or 2024-05-28T09:00:00Z',
  }),
  /** What the stop/start is for (a Health event's ARN): with the instance, it names the schedule. */
  eventArn: z.string().min(1),
  /** No opening before the deadline: `notify` (escalate: the next rung or humans) or `now`. */
  ifNoWindow: z.enum(['notify', 'now']).default('notify'),
});

type Params = z.infer<typeof params>;

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Deterministic, so a redelivered or updated Health event finds the schedule it made (1-64 chars). */
export function scheduleNameFor(instanceId: string, eventArn: string): string {
  return `reflex-stop-start-${instanceId}-${hash(eventArn).slice(0, 12)}`;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ValidationError(`${name} is not set: the worker cannot schedule work for later`);
  return value;
}

/**
 * The request the schedule puts on the work queue: a stop/start in the name of the same policy,
 * with its limits and verification. Its id comes from the schedule name, so however often the
 * schedule is recreated or moved, the worker executes the stop/start at most once. It runs in
 * `enforce`: the plan that created it was enforced or approved; the global ceiling, the pause, the
 * opt-out tag and every other guardrail still apply when it fires.
 */
function scheduledRequest(parent: ActionRequest, instanceId: string, name: string, now: Date): ActionRequest {
  const {
    approval: _approval,
    onFailure: _onFailure,
    escalation: _escalation,
    verification: _v,
    ...base
  } = parent;
  const stopStart = { instanceId };
  return {
    ...base,
    id: hash(JSON.stringify(['scheduled', name])).slice(0, 32),
    action: stopStartInstance.name,
    params: stopStart,
    mode: 'enforce',
    createdAt: now.toISOString(),
    description: `${stopStartInstance.describe(stopStart)} Scheduled by request ${parent.id} (schedule ${name}).`,
  };
}

function startFor(
  window: MaintenanceWindow,
  p: Params,
  now: Date,
): { start: Date; inWindow: boolean } | undefined {
  const earliest = new Date(Math.ceil((now.getTime() + LEAD_MS) / 60_000) * 60_000);
  const latest = new Date(Date.parse(p.deadline) - DEADLINE_MARGIN_MS);
  const start = firstStartInWindow(window, earliest, latest);
  if (start !== undefined) return { start, inWindow: true };
  return p.ifNoWindow === 'now' ? { start: earliest, inWindow: false } : undefined;
}

async function upsertSchedule(
  context: ActionContext,
  name: string,
  schedule: {
    expression: string;
    timeZone: string;
    description: string;
    input: string;
  },
): Promise<'created' | 'unchanged' | 'moved'> {
  const { ConflictException, CreateScheduleCommand, GetScheduleCommand, UpdateScheduleCommand } =
    await import('@aws-sdk/client-scheduler');
  const scheduler = await hubClientsOf(context).scheduler();
  const deadLetter = context.env.REFLEX_SCHEDULE_DEAD_LETTER_ARN;
  const definition = {
    Name: name,
    Description: schedule.description.slice(0, 512),
    ScheduleExpression: schedule.expression,
    ScheduleExpressionTimezone: schedule.timeZone,
    FlexibleTimeWindow: { Mode: 'OFF' as const },
    ActionAfterCompletion: 'DELETE' as const,
    State: 'ENABLED' as const,
    Target: {
      Arn: required(context.env, 'REFLEX_QUEUE_ARN'),
      RoleArn: required(context.env, 'REFLEX_SCHEDULER_ROLE_ARN'),
      Input: schedule.input,
      RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3_600 },
      ...(deadLetter ? { DeadLetterConfig: { Arn: deadLetter } } : {}),
    },
  };
  try {
    await scheduler.send(new CreateScheduleCommand(definition));
    return 'created';
  } catch (error) {
    if (!(error instanceof ConflictException)) throw error;
  }
  // An earlier delivery (or an earlier version of the same Health event) made it already.
  const existing = await scheduler.send(new GetScheduleCommand({ Name: name }));
  if (
    existing.ScheduleExpression === schedule.expression &&
    existing.ScheduleExpressionTimezone === schedule.timeZone
  )
    return 'unchanged';
  await scheduler.send(new UpdateScheduleCommand(definition));
  return 'moved';
}

/**
 * AWS announced it will stop an instance at its own time (a Health scheduled change): schedule
 * the stop/start for the first opening of a maintenance window before then, as a one-time
 * EventBridge Scheduler schedule that puts an `ec2.stop-start-instance` request on the work queue
 * and deletes itself once it fired. No opening in time: notify (escalate), or with
 * `ifNoWindow: now`, schedule it in two minutes.
 */
export const scheduleStopStart = defineAction({
  name: 'ec2.schedule-stop-start',
  summary:
    'Schedule an EC2 stop/start for the first opening of a maintenance window before AWS acts (EventBridge Scheduler, one-time).',
  params,
  risk: 'medium',
  permissions: [
    'ec2:DescribeInstances',
    'scheduler:CreateSchedule',
    'scheduler:GetSchedule',
    'scheduler:UpdateSchedule',
    'iam:PassRole',
  ],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  describe: (p) => {
    const window = parseMaintenanceWindow(p.window);
    const otherwise = p.ifNoWindow === 'now' ? 'stop and start it now' : 'notify';
    return `Schedule a stop and start of EC2 instance ${p.instanceId} at the first opening of maintenance window "${window.text}" at least 30m before AWS acts (${p.deadline}); if none opens in time, ${otherwise}.`;
  },
  async execute(context, p) {
    const request = context.request;
    if (request === undefined)
      throw new ValidationError('ec2.schedule-stop-start runs inside the worker, which hands it its request');
    const now = context.now?.() ?? new Date();
    const window = parseMaintenanceWindow(p.window);
    const instance = await describeInstance(context, p.instanceId);
    if (
      instance.state === undefined ||
      instance.state === 'terminated' ||
      instance.state === 'shutting-down'
    ) {
      throw new ActionSkippedError(
        `${p.instanceId} is ${instance.state ?? 'gone'}: nothing to stop and start`,
      );
    }
    const chosen = startFor(window, p, now);
    if (chosen === undefined) {
      throw new ActionSkippedError(
        `no opening of maintenance window "${window.text}" between now and 30m before AWS acts (${p.deadline}): nothing scheduled`,
        { escalate: true },
      );
    }
    const name = scheduleNameFor(p.instanceId, p.eventArn);
    const at = atExpression(chosen.start, window.timeZone);
    const scheduled = scheduledRequest(request, p.instanceId, name, now);
    const outcome = await upsertSchedule(context, name, {
      ...at,
      description: `Reflex: stop and start ${p.instanceId} before AWS acts at ${p.deadline} (${p.eventArn})`,
      input: JSON.stringify(scheduled),
    });
    const when = `${at.expression} ${at.timeZone}`;
    const why = chosen.inWindow ? `in maintenance window "${window.text}"` : 'now: no window opens in time';
    const verb = { created: 'Scheduled', unchanged: 'Already scheduled', moved: 'Moved the schedule of' }[
      outcome
    ];
    return {
      summary: `${verb} a stop and start of ${p.instanceId} at ${when} (${chosen.start.toISOString()}), ${why}; schedule ${name}, request ${scheduled.id}.`,
      details: {
        schedule: name,
        expression: at.expression,
        timeZone: at.timeZone,
        startsAt: chosen.start.toISOString(),
        scheduledRequestId: scheduled.id,
        scheduleOutcome: outcome,
      },
    };
  },
  async verify(context, p) {
    const { GetScheduleCommand, ResourceNotFoundException } = await import('@aws-sdk/client-scheduler');
    const scheduler = await hubClientsOf(context).scheduler();
    const name = scheduleNameFor(p.instanceId, p.eventArn);
    try {
      const schedule = await scheduler.send(new GetScheduleCommand({ Name: name }));
      return {
        status: 'passed',
        summary: `schedule ${name} fires ${schedule.ScheduleExpression} ${schedule.ScheduleExpressionTimezone}`,
      };
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
      // It deletes itself after firing; before that, a missing schedule means someone removed it.
      return { status: 'failed', summary: `schedule ${name} does not exist (fired already, or deleted)` };
    }
  },
});
