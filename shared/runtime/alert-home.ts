import type { Placement } from '../core/placement.ts';

/**
 * Where an alert is when its labels name no account or region: the deployment's own account
 * (`REFLEX_ACCOUNT_ID`, else the first of `REFLEX_ACCOUNT_IDS`) and region. Undefined when the
 * environment says neither, for callers to decide (on-alert refuses to start; the CLI has a default).
 */
export function alertHomeFrom(env: NodeJS.ProcessEnv): Partial<Placement> {
  const account = env.REFLEX_ACCOUNT_ID || env.REFLEX_ACCOUNT_IDS?.split(',')[0]?.trim() || undefined;
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
  return { ...(account ? { account } : {}), ...(region ? { region } : {}) };
}

/** The placement `reflex plan` and `reflex replay` give alerts: the environment's, else a local account. */
export function localAlertHome(env: NodeJS.ProcessEnv): Placement {
  const home = alertHomeFrom(env);
  return { account: home.account ?? '123456789012', region: home.region ?? 'us-east-1' };
}
