import { createHash } from 'node:crypto';

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The hash of exactly what a request would do (action, target, parameters). An approval is bound
 * to it: if anything in the plan changes, the approval no longer applies.
 */
export function planHash(plan: { action: string; target: string; params: Record<string, unknown> }): string {
  const material = JSON.stringify(
    canonical({ action: plan.action, target: plan.target, params: plan.params }),
  );
  return createHash('sha256').update(material).digest('hex');
}
