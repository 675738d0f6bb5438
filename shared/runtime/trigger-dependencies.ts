import { actionRegistry } from '../actions/registry.ts';
import { awsClients } from '../aws/all-clients.ts';
import { AwsTagReader } from '../aws/aws-tag-reader.ts';
import type { AwsClients } from '../aws/clients.ts';
import { SqsWorkQueue } from '../aws/sqs-work-queue.ts';
import { hubPlacement } from '../core/placement.ts';
import type { DecideDependencies } from '../pipeline/decide.ts';
import { accountsFrom, stateLookups } from '../pipeline/state-lookups.ts';
import { bundledPolicies } from '../policies/bundled-policies.ts';
import { compilePolicies } from '../policies/policy-matcher.ts';
import { traceAwsClients } from './lazy-tracing.ts';
import { logger, serviceName } from './observability.ts';
import { stateAdapters } from './state-adapters.ts';

/** The trigger functions' adapters, built once per cold start. */
export function createDecideDependencies(
  env: NodeJS.ProcessEnv = process.env,
  clients: AwsClients = awsClients(traceAwsClients(serviceName)),
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
    ...stateLookups(state.cells, now, hubPlacement(env)),
    ...accountsFrom(env),
    ceiling: state.config.ceiling,
    now,
    log: {
      info: (message, fields) => logger.info(message, fields ?? {}),
      warn: (message, fields) => logger.warn(message, fields ?? {}),
    },
  };
}
