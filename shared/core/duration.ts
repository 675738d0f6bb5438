import { z } from 'zod';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d+)(ms|s|m|h|d)$/;

/** `90s`, `10m`, `1h`, `2d` → milliseconds. (A five-line parser; a dependency would not pay its way.) */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

export function formatDuration(ms: number): string {
  for (const [unit, size] of [
    ['d', 86_400_000],
    ['h', 3_600_000],
    ['m', 60_000],
    ['s', 1_000],
  ] as const) {
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** A duration as written in YAML (`10m`), parsed to milliseconds. */
export const durationSchema = z.string().transform((text, context) => {
  const ms = parseDuration(text);
  if (ms === undefined || ms <= 0) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a duration; write e.g. 30s, 10m, 1h, 2d` });
    return z.NEVER;
  }
  return ms;
});

/** A duration that may be `0s` (e.g. "verify once, right after acting, without waiting"). */
export const durationOrZeroSchema = z.string().transform((text, context) => {
  const ms = parseDuration(text);
  if (ms === undefined) {
    context.addIssue({ code: 'custom', message: `"${text}" is not a duration; write e.g. 0s, 30s, 10m, 1h` });
    return z.NEVER;
  }
  return ms;
});
