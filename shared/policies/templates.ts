/**
 * Parameter templates: `{{ resource.id }}`, `{{ event.detail.instance-id }}`, `{{ signal.region }}`.
 * A value that is exactly one template keeps the referenced value's type (a number stays a number);
 * a template inside a longer string is interpolated as text.
 */
const TEMPLATE = /\{\{\s*([^}]+?)\s*\}\}/g;
const WHOLE_TEMPLATE = /^\{\{\s*([^}]+?)\s*\}\}$/;
export const TEMPLATE_ROOTS = ['resource', 'event', 'signal'] as const;

export type TemplateScope = Record<(typeof TEMPLATE_ROOTS)[number], unknown>;

export function isTemplate(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}

/** The paths a template string refers to, e.g. `["resource.id"]`. */
export function templatePaths(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((match) => match[1] ?? '');
}

export function invalidTemplateRoots(text: string, roots: readonly string[] = TEMPLATE_ROOTS): string[] {
  return templatePaths(text).filter((path) => !roots.includes(path.split('.')[0] ?? ''));
}

/** Any object of named roots: policies use TemplateScope, runbooks `params`, `item`, `execution`. */
type AnyScope = Readonly<Record<string, unknown>>;

function lookup(scope: AnyScope, path: string): unknown {
  let current: unknown = scope;
  for (const key of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current =
      Array.isArray(current) && /^\d+$/.test(key)
        ? current[Number(key)]
        : (current as Record<string, unknown>)[key];
  }
  return current;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

export function renderValue(value: unknown, scope: AnyScope, where = 'this signal'): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE_TEMPLATE.exec(value);
    if (whole?.[1] !== undefined) {
      const resolved = lookup(scope, whole[1]);
      if (resolved === undefined)
        throw new TemplateError(`template {{ ${whole[1]} }} has no value for ${where}`);
      return resolved;
    }
    return value.replace(TEMPLATE, (_match, path: string) => {
      const resolved = lookup(scope, path);
      if (resolved === undefined) throw new TemplateError(`template {{ ${path} }} has no value for ${where}`);
      return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
    });
  }
  if (Array.isArray(value)) return value.map((item) => renderValue(item, scope, where));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renderValue(item, scope, where)]),
    );
  }
  return value;
}

export function renderParams(
  params: Record<string, unknown>,
  scope: TemplateScope | AnyScope,
  where = 'this signal',
): Record<string, unknown> {
  return renderValue(params, scope, where) as Record<string, unknown>;
}
