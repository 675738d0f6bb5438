import type { ProgressEvent } from '../../shared/runbooks/execution-report.ts';
import type { Runbook, RunbookSchedule } from '../../shared/runbooks/runbook.ts';
import { describeParam } from '../../shared/runbooks/runbook-params.ts';
import { fireTimesBetween } from '../../shared/schedules/next-fire.ts';
import { parseScheduleExpression } from '../../shared/schedules/schedule-expression.ts';
import { formatLocal, wallClock } from '../../shared/schedules/zoned-time.ts';

const YEAR_MS = 366 * 86_400_000;

/** The next three times a schedule fires, within a year. */
export function nextFirings(schedule: RunbookSchedule, now: Date): Date[] {
  return fireTimesBetween(
    parseScheduleExpression(schedule.expression),
    now,
    new Date(now.getTime() + YEAR_MS),
    {
      timeZone: schedule.timezone,
      limit: 3,
    },
  );
}

/** `reflex runbook list --json`: each runbook's name, description, mode, step count and schedules. */
export function listData(runbooks: readonly Runbook[]) {
  return runbooks.map((runbook) => ({
    name: runbook.name,
    description: runbook.description,
    mode: runbook.mode,
    steps: runbook.steps.length,
    schedules: runbook.schedules.map(({ name, expression, timezone, enabled }) => ({
      name,
      expression,
      timezone,
      enabled,
    })),
  }));
}

/** `reflex runbook show NAME --json`: the runbook as loaded, each schedule with its next firings. */
export function showData(runbook: Runbook, now: Date) {
  return {
    ...runbook,
    schedules: runbook.schedules.map((schedule) => ({
      ...schedule,
      next: nextFirings(schedule, now).map((time) => time.toISOString()),
    })),
  };
}

/** `reflex runbook list`: one line per runbook. */
export function listLines(runbooks: readonly Runbook[]): string[] {
  const width = Math.max(4, ...runbooks.map((runbook) => runbook.name.length));
  return runbooks.map((runbook) => {
    const schedules = runbook.schedules
      .map(
        (schedule) => `${schedule.expression} ${schedule.timezone}${schedule.enabled ? '' : ' (disabled)'}`,
      )
      .join('; ');
    return `${runbook.name.padEnd(width)}  ${runbook.mode.padEnd(7)}  ${runbook.steps.length} step(s)  ${schedules || 'on demand'}\n${' '.repeat(width + 2)}${runbook.description}`;
  });
}

/** `reflex runbook show NAME`: params, steps, schedules with their next fire times. */
export function showLines(runbook: Runbook, now: Date): string[] {
  const lines = [
    `${runbook.name} (${runbook.source.file}:${runbook.source.line})`,
    `  ${runbook.description}`,
    `  mode: ${runbook.mode}`,
    '  params:',
    ...(Object.keys(runbook.params).length === 0
      ? ['    (none)']
      : Object.entries(runbook.params).map(
          ([name, param]) =>
            `    ${describeParam(name, param)}${param.description ? `: ${param.description}` : ''}`,
        )),
    '  steps:',
  ];
  runbook.steps.forEach((step, index) => {
    const uses = step.action ? `action ${step.action}` : `check ${step.check}`;
    const extras = [
      step.forEach ? `for each item of ${step.forEach}` : '',
      step.action ? `on failure: ${step.onFailure}` : '',
      step.rollback ? `rollback: ${step.rollback.action}` : '',
    ].filter((text) => text !== '');
    lines.push(
      `    ${index + 1}. ${step.name}: ${uses}${extras.length > 0 ? ` (${extras.join(', ')})` : ''}`,
    );
    lines.push(`       params: ${JSON.stringify(step.params)}`);
  });
  lines.push('  schedules:');
  if (runbook.schedules.length === 0) lines.push('    (none: on demand only)');
  for (const schedule of runbook.schedules) {
    lines.push(
      `    ${schedule.name}: ${schedule.expression} in ${schedule.timezone}${schedule.enabled ? '' : ' (disabled)'} params ${JSON.stringify(schedule.params)}`,
    );
    for (const time of nextFirings(schedule, now))
      lines.push(
        `      next: ${formatLocal(wallClock(time.getTime(), schedule.timezone))} ${schedule.timezone} (${time.toISOString()})`,
      );
  }
  return lines;
}

/** One progress line per event of a run. */
export function progressLine(event: ProgressEvent): string | undefined {
  switch (event.type) {
    case 'started':
      return `runbook ${event.runbook}: execution ${event.executionId}, ${event.mode}, ${event.steps} step(s)`;
    case 'step-started':
      return `[${event.index + 1}/${event.total}] ${event.step} (${event.uses}) ...`;
    case 'item':
      return `      ${event.done}/${event.total} ${event.item.target}: ${event.item.outcome}: ${event.item.reason}`;
    case 'step-finished':
      return `[${event.index + 1}/${event.total}] ${event.step.name}: ${event.step.outcome}: ${event.step.reason}`;
    case 'rollback':
      return `      rollback of ${event.step} on ${event.item.target}: ${event.item.outcome}: ${event.item.reason}`;
    case 'finished':
      return `${event.execution.status}: ${event.execution.summary}`;
  }
}
