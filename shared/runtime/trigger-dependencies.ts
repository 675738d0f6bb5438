import { actionRegistry } from '../actions/registry.ts';
import { awsClients } from '../aws/all-clients.ts';
import { AwsTagReader } from '../aws/aws-tag-reader.ts';
import type { AwsClients } from '../aws/clients.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { findSelfCaused } from '../guardrails/causal-loop.ts';
import type { DecideDependencies } from '../pipeline/decide.ts';
import { bundledPolicies } from '../policies/bundled-policies.ts';
import { compilePolicies } from '../policies/policy-matcher.ts';
import { toMatchableEvent } from '../signals/signal.ts';
import { logger } from './observability.ts';
import { stateAdapters } from './state-adapters.ts';

/** The trigger functions' adapters, built once per cold start. */
export function createDecideDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(),
  now: () => Date = () => new Date(),
): DecideDependencies {
  const state = stateAdapters(env, clients, now);
  return {
    matcher: compilePolicies(bundledPolicies(env)),
    registry: actionRegistry,
    tags: new AwsTagReader(clients),
    queue: new SqsWorkQueue(clients, state.config.queueUrl),
    audit: state.audit,
    guardrails: state.guardrails,
    selfCaused: (signal, policies) =>
      findSelfCaused(state.cells, toMatchableEvent(signal), signal.resources, policies, now()),
    escalation: state.escalation,
    ...(env.REFLEX_ACCOUNT_IDS ? { accounts: accountIds(env.REFLEX_ACCOUNT_IDS) } : {}),
    ceiling: state.config.ceiling,
    now,
    log: {
      info: (message, fields) => logger.info(message, fields ?? {}),
      warn: (message, fields) => logger.warn(message, fields ?? {}),
    },
  };
}

/** `REFLEX_ACCOUNT_IDS=111111111111,222222222222` → the accounts Reflex acts in. */
function accountIds(text: string): ReadonlySet<string> {
  return new Set(
    text
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== ''),
  );
}
