import type { Risk } from './risk.ts';

/** What a Slack user may do, from least to most. */
export const ROLES = ['viewer', 'operator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** True when `held` is at least `needed`. */
export function satisfies(held: Role | undefined, needed: Role): boolean {
  return held !== undefined && roleRank(held) >= roleRank(needed);
}

export function highestRole(roles: Iterable<Role>): Role | undefined {
  let best: Role | undefined;
  for (const role of roles) if (best === undefined || roleRank(role) > roleRank(best)) best = role;
  return best;
}

export function higherOf(a: Role, b: Role | undefined): Role {
  return b !== undefined && roleRank(b) > roleRank(a) ? b : a;
}

/** Default role an action of each risk needs when asked for from chat. */
export const DEFAULT_RISK_ROLES: Record<Risk, Role> = { low: 'operator', medium: 'operator', high: 'admin' };
