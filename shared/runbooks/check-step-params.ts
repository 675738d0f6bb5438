import type { z } from 'zod';
import { invalidTemplateRoots, isTemplate, templatePaths } from '../policies/templates.ts';

type Report = (path: readonly PropertyKey[], message: string, key?: string) => void;

/** What a step's templates may refer to. */
export interface TemplateRoots {
  params: readonly string[];
  /** Fields of the items of the `forEach` check; undefined when the step has no `forEach`. */
  item?: readonly string[];
}

export const EXECUTION_FIELDS = ['id', 'runbook', 'mode'] as const;

function templateProblems(text: string, roots: TemplateRoots): string[] {
  const allowed = ['params', 'execution', ...(roots.item ? ['item'] : [])];
  const problems = invalidTemplateRoots(text, allowed).map(
    (path) => `template {{ ${path} }} must start with one of: ${allowed.join(', ')}`,
  );
  for (const path of templatePaths(text)) {
    const [root, field] = path.split('.');
    const known =
      root === 'params'
        ? roots.params
        : root === 'item'
          ? roots.item
          : root === 'execution'
            ? EXECUTION_FIELDS
            : undefined;
    if (known === undefined) continue;
    if (field === undefined || !known.includes(field)) {
      problems.push(
        `template {{ ${path} }}: ${root} has no field "${field ?? ''}"; valid: ${known.length > 0 ? known.join(', ') : '(none)'}`,
      );
    }
  }
  return problems;
}

/** Every string with a template inside a value, however deep. */
function templatesIn(value: unknown): string[] {
  if (isTemplate(value)) return [value];
  if (Array.isArray(value)) return value.flatMap(templatesIn);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(templatesIn);
  return [];
}

/**
 * Checks a step's parameters against the action's or check's schema: every name is a parameter it
 * takes, literal values are valid now, templates refer to what exists, nothing required is missing.
 */
export function checkStepParams(
  owner: string,
  shape: Record<string, z.ZodType>,
  params: Record<string, unknown>,
  roots: TemplateRoots,
  at: readonly PropertyKey[],
  report: Report,
): void {
  const valid = Object.keys(shape);
  for (const [key, value] of Object.entries(params)) {
    const field = shape[key];
    if (field === undefined) {
      report(
        [...at, 'params'],
        `${owner} has no parameter "${key}"; valid parameters: ${valid.join(', ') || '(none)'}`,
        key,
      );
      continue;
    }
    const templates = templatesIn(value);
    if (templates.length > 0) {
      // Values with templates are only known when the step runs; it checks them then.
      for (const text of templates)
        for (const problem of templateProblems(text, roots)) report([...at, 'params', key], problem);
      continue;
    }
    const checked = field.safeParse(value);
    if (!checked.success)
      report([...at, 'params', key], `${key}: ${checked.error.issues[0]?.message ?? 'invalid value'}`);
  }
  for (const [key, field] of Object.entries(shape)) {
    if (!(key in params) && !field.safeParse(undefined).success)
      report(at, `${owner} needs parameter "${key}"`);
  }
}
