import { type SecretMetadata, type SecretStore, STAGES } from '../core/secret-store.ts';
import { currentVersion } from './preconditions.ts';
import { InvalidSecretError } from './rotation-errors.ts';
import type { RotationStep } from './rotation-event.ts';
import { parseSecretJson, type RotatableSecret } from './secret-json.ts';
import type { RotationStrategy, StrategyName } from './strategies/rotation-strategy.ts';
import { type StrategyDependencies, strategyFor } from './strategies/strategy-for.ts';

export interface StepDependencies extends StrategyDependencies {
  secrets: SecretStore;
}

/** What a step did, in words for the audit record (never a secret value). */
export interface StepResult {
  summary: string;
  strategy?: StrategyName;
  engine?: string;
  subject?: string;
}

interface StepInput {
  metadata: SecretMetadata;
  token: string;
  deps: StepDependencies;
}

async function currentSecret({ metadata, deps }: StepInput): Promise<RotatableSecret> {
  const text = await deps.secrets.value(metadata.arn, STAGES.current);
  if (text === undefined) throw new InvalidSecretError(`secret ${metadata.name} has no AWSCURRENT value`);
  return parseSecretJson(text, `secret ${metadata.name} (AWSCURRENT)`);
}

async function pendingSecret({ metadata, token, deps }: StepInput): Promise<RotatableSecret> {
  const text = await deps.secrets.value(metadata.arn, STAGES.pending, token);
  if (text === undefined) {
    throw new InvalidSecretError(
      `secret ${metadata.name} has no AWSPENDING value for ${token}: run createSecret first`,
    );
  }
  return parseSecretJson(text, `secret ${metadata.name} (AWSPENDING)`);
}

function describe(strategy: RotationStrategy, secret: RotatableSecret, summary: string): StepResult {
  return { summary, strategy: strategy.name, engine: secret.engine, subject: strategy.subject(secret) };
}

/** createSecret: store a new pending value for the token, unless there is one already. */
async function createSecret(input: StepInput): Promise<StepResult> {
  const current = await currentSecret(input);
  const strategy = strategyFor(current, input.deps);
  const existing = await input.deps.secrets.value(input.metadata.arn, STAGES.pending, input.token);
  if (existing !== undefined) {
    const pending = parseSecretJson(existing, `secret ${input.metadata.name} (AWSPENDING)`);
    return describe(strategy, pending, 'the pending version already exists');
  }
  const password = await input.deps.secrets.randomPassword(strategy.passwordRules(current));
  const pending = strategy.next(current, password);
  await input.deps.secrets.putPending(input.metadata.arn, input.token, JSON.stringify(pending));
  return describe(strategy, pending, 'stored a new pending version');
}

/** setSecret: make the pending credential work where it is used. */
async function setSecret(input: StepInput): Promise<StepResult> {
  const current = await currentSecret(input);
  const pending = await pendingSecret(input);
  const strategy = strategyFor(current, input.deps);
  const previousText = await input.deps.secrets.value(input.metadata.arn, STAGES.previous);
  let previous: RotatableSecret | undefined;
  try {
    previous = previousText === undefined ? undefined : parseSecretJson(previousText, 'AWSPREVIOUS');
  } catch {
    // An unreadable previous version is only a lost fallback, not a reason to stop.
    previous = undefined;
  }
  const outcome = await strategy.set({ current, pending, previous, secrets: input.deps.secrets });
  return describe(
    strategy,
    pending,
    outcome === 'already-set' ? 'the pending credential already works' : 'applied the pending credential',
  );
}

/** testSecret: prove the pending credential works. */
async function testSecret(input: StepInput): Promise<StepResult> {
  const current = await currentSecret(input);
  const pending = await pendingSecret(input);
  const strategy = strategyFor(current, input.deps);
  await strategy.test(pending);
  return describe(strategy, pending, 'the pending credential works');
}

/**
 * finishSecret: move AWSCURRENT to the token (AWSPREVIOUS follows to the old version), then take
 * AWSPENDING off it: a rotation is over when no version is pending.
 */
async function finishSecret({ metadata, token, deps }: StepInput): Promise<StepResult> {
  const from = currentVersion(metadata);
  await deps.secrets.moveStage(metadata.arn, STAGES.current, token, from);
  await deps.secrets.moveStage(metadata.arn, STAGES.pending, undefined, token);
  return { summary: `moved AWSCURRENT to ${token}${from === undefined ? '' : ` from ${from}`}` };
}

/** A finishSecret repeated after AWSCURRENT moved: completes the cleanup an interruption left. */
export async function clearPendingLabel(metadata: SecretMetadata, token: string, secrets: SecretStore) {
  if (metadata.versions[token]?.includes(STAGES.pending)) {
    await secrets.moveStage(metadata.arn, STAGES.pending, undefined, token);
  }
}

export const STEPS: Record<RotationStep, (input: StepInput) => Promise<StepResult>> = {
  createSecret,
  setSecret,
  testSecret,
  finishSecret,
};
