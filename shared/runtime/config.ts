import { type ModeCeiling, parseModeCeiling } from '../core/mode.ts';

export class ConfigurationError extends Error {
  override name = 'ConfigurationError';
}

export interface ReflexConfig {
  tableName: string;
  queueUrl: string;
  ceiling: ModeCeiling;
  /** Reflex's own event bus for `reflex.action` audit events; unset = not published. */
  eventBus?: string;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new ConfigurationError(
      `environment variable ${name} is not set (serverless.yml sets it when deployed)`,
    );
  }
  return value;
}

/** Function configuration, read once per cold start from the variables serverless.yml sets. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ReflexConfig {
  return {
    tableName: required(env, 'REFLEX_TABLE'),
    queueUrl: required(env, 'REFLEX_QUEUE_URL'),
    ceiling: parseModeCeiling(env.REFLEX_MODE),
    ...(env.REFLEX_EVENT_BUS ? { eventBus: env.REFLEX_EVENT_BUS } : {}),
  };
}
