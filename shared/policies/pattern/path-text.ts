import type { PathSegment } from './types.ts';

/** `['detail', 'state', 0]` reads `detail.state[0]`, the way the EventBridge docs name fields. */
export function pathText(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Own properties only, so an event field called `constructor` or `__proto__` is just data. */
export function ownField(value: Record<string, unknown>, key: string): unknown {
  const field = value[key];
  // Most fields looked up are missing: only a found one needs the (slower) own-property check.
  return field === undefined || Object.hasOwn(value, key) ? field : undefined;
}
