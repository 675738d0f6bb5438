import { type SecretMetadata, STAGES } from '../core/secret-store.ts';
import { RotationStateError } from './rotation-errors.ts';

/**
 * Secrets Manager's own contract, checked before every step: rotation is enabled, the token is a
 * version of the secret, and that version is AWSPENDING. `done` = the version is already
 * AWSCURRENT (a repeated call after the rotation finished): nothing to do.
 */
export function checkPreconditions(metadata: SecretMetadata, token: string): 'proceed' | 'done' {
  if (!metadata.rotationEnabled) {
    throw new RotationStateError(`secret ${metadata.name} is not enabled for rotation`);
  }
  const stages = metadata.versions[token];
  if (stages === undefined) {
    throw new RotationStateError(`version ${token} is no version of secret ${metadata.name}`);
  }
  if (stages.includes(STAGES.current)) return 'done';
  if (!stages.includes(STAGES.pending)) {
    throw new RotationStateError(`version ${token} of secret ${metadata.name} is not AWSPENDING`);
  }
  return 'proceed';
}

/** The version that holds AWSCURRENT. */
export function currentVersion(metadata: SecretMetadata): string | undefined {
  return Object.entries(metadata.versions).find(([, stages]) => stages.includes(STAGES.current))?.[0];
}
