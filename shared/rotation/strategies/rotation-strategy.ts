import type { PasswordRules, SecretStore } from '../../core/secret-store.ts';
import type { RotatableSecret } from '../secret-json.ts';

export type StrategyName = 'single-user' | 'alternating-users' | 'api-key';

/** What `setSecret` found: the pending credential already worked, or it was applied now. */
export type SetOutcome = 'already-set' | 'changed';

export interface SetInput<S extends RotatableSecret> {
  current: S;
  pending: S;
  /** AWSPREVIOUS, when there is one (single user falls back on it after an interrupted rotation). */
  previous?: S | undefined;
  secrets: SecretStore;
}

/**
 * How one kind of secret is rotated. `createSecret` and `finishSecret` are the same for all
 * (generate and store the pending value; move the stages); the strategy says what the pending
 * value is and how it is applied and proven.
 */
export interface RotationStrategy<S extends RotatableSecret = RotatableSecret> {
  name: StrategyName;
  passwordRules(current: S): PasswordRules;
  /** The pending secret: the current one with a new password (and, alternating, the other user). */
  next(current: S, password: string): S;
  set(input: SetInput<S>): Promise<SetOutcome>;
  /** Throws unless the pending credential works. */
  test(pending: S): Promise<void>;
  /** Who the secret is for, for the audit record (a user name or an endpoint; never a value). */
  subject(secret: S): string;
}
