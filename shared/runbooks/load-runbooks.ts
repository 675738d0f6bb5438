import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import type { ActionRegistry } from '../actions/registry.ts';
import { resolveLimits } from '../core/limits.ts';
import { validKeysAt } from '../errors/valid-keys.ts';
import type { PolicyProblem } from '../policies/policy-error.ts';
import { parseLocatedYaml } from '../policies/yaml-locator.ts';
import { parseScheduleExpression, ScheduleExpressionError } from '../schedules/schedule-expression.ts';
import { assertTimeZone, UnknownTimeZoneError } from '../schedules/zoned-time.ts';
import { checkStepParams } from './check-step-params.ts';
import type { CheckRegistry } from './checks/check-registry.ts';
import type { Runbook, RunbookSchedule } from './runbook.ts';
import { paramValueProblem, RunbookParamsError, resolveParams } from './runbook-params.ts';
import { type RunbookDocument, runbookSchema } from './runbook-schema.ts';

export interface RunbookRegistries {
  actions: ActionRegistry;
  checks: CheckRegistry;
}

export interface RunbookLoadResult {
  runbooks: Runbook[];
  problems: PolicyProblem[];
}

type Report = (path: readonly PropertyKey[], message: string, key?: string) => void;

function describeIssue(issue: z.core.$ZodIssue): { message: string; key?: string } {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const which =
      issue.keys.length > 1 ? `keys ${issue.keys.map((k) => `"${k}"`).join(', ')}` : `key "${key}"`;
    return {
      message: `unknown ${which}; valid keys: ${validKeysAt(runbookSchema, issue.path).join(', ')}`,
      key,
    };
  }
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { message: `${where}${issue.message}` };
}

function checkParamsDeclared(document: RunbookDocument, report: Report): void {
  for (const [name, param] of Object.entries(document.params)) {
    if (param.allowed) {
      for (const value of param.allowed) {
        const problem = paramValueProblem(name, value, { type: param.type });
        if (problem) report(['params', name, 'allowed'], `allowed value: ${problem}`);
      }
    }
    if (param.default !== undefined) {
      const problem = paramValueProblem(name, param.default, param);
      if (problem) report(['params', name, 'default'], `default: ${problem}`);
    }
  }
}

function checkSteps(document: RunbookDocument, registries: RunbookRegistries, report: Report): void {
  const params = Object.keys(document.params);
  const earlierChecks = new Map<string, string>();
  const seen = new Set<string>();
  document.steps.forEach((step, index) => {
    const at = ['steps', index];
    if (seen.has(step.name)) report([...at, 'name'], `step name "${step.name}" is used twice`);
    seen.add(step.name);
    if ((step.action === undefined) === (step.check === undefined)) {
      report(at, `step "${step.name}" needs exactly one of "action" (to act) or "check" (to look)`);
      return;
    }
    if (step.check !== undefined) {
      if (step.forEach !== undefined) report([...at, 'forEach'], 'forEach is for action steps');
      if (step.rollback !== undefined)
        report([...at, 'rollback'], 'a check changes nothing: it has no rollback');
      if (!registries.checks.has(step.check)) {
        report(
          [...at, 'check'],
          `unknown check "${step.check}"; valid checks: ${registries.checks.names().join(', ')}`,
        );
        return;
      }
      const check = registries.checks.get(step.check);
      checkStepParams(`check "${check.name}"`, check.params.shape, step.params, { params }, at, report);
      earlierChecks.set(step.name, check.name);
      return;
    }
    const actionName = step.action ?? '';
    let item: readonly string[] | undefined;
    if (step.forEach !== undefined) {
      const check = earlierChecks.get(step.forEach);
      if (check === undefined) {
        report(
          [...at, 'forEach'],
          `forEach must name an earlier check step; earlier check steps: ${[...earlierChecks.keys()].join(', ') || '(none)'}`,
        );
      } else item = registries.checks.get(check).itemFields;
    }
    const roots = { params, ...(item ? { item } : step.forEach ? { item: [] } : {}) };
    for (const [name, stepParams, where] of [
      [actionName, step.params, at],
      ...(step.rollback ? [[step.rollback.action, step.rollback.params, [...at, 'rollback']] as const] : []),
    ] as const) {
      if (!registries.actions.has(name)) {
        report(
          [...where, 'action'],
          `unknown action "${name}"; valid actions: ${registries.actions.names().join(', ')}`,
        );
        continue;
      }
      const action = registries.actions.get(name);
      checkStepParams(`action "${name}"`, action.params.shape, stepParams, roots, where, report);
    }
  });
}

function checkSchedules(document: RunbookDocument, report: Report): RunbookSchedule[] {
  const names = new Set<string>();
  return document.schedules.map((schedule, index) => {
    const at = ['schedules', index];
    const name = schedule.name ?? `${document.name}-${index + 1}`;
    if (names.has(name)) report([...at, 'name'], `schedule name "${name}" is used twice`);
    names.add(name);
    try {
      parseScheduleExpression(schedule.expression);
    } catch (error) {
      if (!(error instanceof ScheduleExpressionError)) throw error;
      report([...at, 'expression'], error.message);
    }
    try {
      assertTimeZone(schedule.timezone);
    } catch (error) {
      if (!(error instanceof UnknownTimeZoneError)) throw error;
      report([...at, 'timezone'], error.message);
    }
    try {
      resolveParams({ name: document.name, params: document.params }, schedule.params);
    } catch (error) {
      if (!(error instanceof RunbookParamsError)) throw error;
      report([...at, 'params'], `schedule params: ${error.message}`);
    }
    return {
      name,
      ...(schedule.description === undefined ? {} : { description: schedule.description }),
      expression: schedule.expression,
      timezone: schedule.timezone,
      params: schedule.params,
      enabled: schedule.enabled,
    };
  });
}

/** The runbooks of one YAML file (its `runbooks:` list). Never throws for bad content. */
export function parseRunbookText(
  text: string,
  file: string,
  registries: RunbookRegistries,
): RunbookLoadResult {
  const yaml = parseLocatedYaml(text, file);
  // YAML syntax errors are reported by the policy loader, which reads every file.
  if (!yaml.ok) return { runbooks: [], problems: [] };
  const { document, locator } = yaml;
  const content = document.toJS() as unknown;
  if (content === null || typeof content !== 'object' || !('runbooks' in content)) {
    return { runbooks: [], problems: [] };
  }
  const problems: PolicyProblem[] = [];
  const list = (content as { runbooks: unknown }).runbooks;
  if (!Array.isArray(list) || list.length === 0) {
    problems.push({ file, ...locator.locate(['runbooks']), message: 'runbooks: must be a list of runbooks' });
    return { runbooks: [], problems };
  }
  const runbooks: Runbook[] = [];
  list.forEach((entry, index) => {
    const report: Report = (path, message, key) =>
      problems.push({ file, ...locator.locate(['runbooks', index, ...path], key), message });
    const parsed = runbookSchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const { message, key } = describeIssue(issue);
        report(issue.path, message, key);
      }
      return;
    }
    const before = problems.length;
    const document_ = parsed.data;
    checkParamsDeclared(document_, report);
    checkSteps(document_, registries, report);
    const schedules = checkSchedules(document_, report);
    if (problems.length > before) return;
    runbooks.push({
      name: document_.name,
      description: document_.description,
      params: document_.params,
      steps: document_.steps,
      schedules,
      mode: document_.mode,
      limits: resolveLimits(document_.limits),
      source: { file, line: locator.locate(['runbooks', index]).line },
    });
  });
  return { runbooks: problems.length > 0 ? [] : runbooks, problems };
}

function yamlFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return yamlFiles(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

/** Every runbook below a directory (the policies directory); names are unique across files. */
export function loadRunbookDirectory(
  directory: string,
  registries: RunbookRegistries,
  root = process.cwd(),
): RunbookLoadResult {
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    return { runbooks: [], problems: [{ file: directory, line: 1, column: 1, message: 'not a directory' }] };
  }
  const result: RunbookLoadResult = { runbooks: [], problems: [] };
  const seen = new Map<string, Runbook>();
  const schedules = new Map<string, Runbook>();
  for (const path of yamlFiles(directory)) {
    const file = relative(root, path) || path;
    const { runbooks, problems } = parseRunbookText(readFileSync(path, 'utf8'), file, registries);
    result.problems.push(...problems);
    for (const runbook of runbooks) {
      const earlier = seen.get(runbook.name);
      if (earlier) {
        result.problems.push({
          ...runbook.source,
          column: 1,
          message: `runbook name "${runbook.name}" is already used at ${earlier.source.file}:${earlier.source.line}`,
        });
        continue;
      }
      // Schedule names become deployment resource names: unique across runbooks too.
      const clash = runbook.schedules.find((schedule) => schedules.has(schedule.name));
      if (clash) {
        const other = schedules.get(clash.name);
        result.problems.push({
          ...runbook.source,
          column: 1,
          message: `schedule name "${clash.name}" is already used by runbook ${other?.name} at ${other?.source.file}:${other?.source.line}`,
        });
        continue;
      }
      for (const schedule of runbook.schedules) schedules.set(schedule.name, runbook);
      seen.set(runbook.name, runbook);
      result.runbooks.push(runbook);
    }
  }
  return result;
}
