/** The staging labels Secrets Manager uses during rotation. */
export const STAGES = { current: 'AWSCURRENT', pending: 'AWSPENDING', previous: 'AWSPREVIOUS' } as const;

export interface SecretMetadata {
  arn: string;
  name: string;
  rotationEnabled: boolean;
  /** Version id -> its staging labels. */
  versions: Record<string, string[]>;
}

export interface PasswordRules {
  length: number;
  excludeCharacters: string;
  excludePunctuation?: boolean;
}

/** The part of Secrets Manager that rotation uses (port; `shared/aws/secrets-manager-store.ts` adapts it). */
export interface SecretStore {
  describe(secretId: string): Promise<SecretMetadata>;
  /** The secret string of a stage (optionally checking the version id); undefined when there is none. */
  value(secretId: string, stage: string, versionId?: string): Promise<string | undefined>;
  /** Stores `value` as version `versionId` staged AWSPENDING (idempotent for the same token and value). */
  putPending(secretId: string, versionId: string, value: string): Promise<void>;
  /** Moves a staging label to `toVersion`, taking it from `fromVersion`; AWSPREVIOUS follows AWSCURRENT. */
  moveStage(
    secretId: string,
    stage: string,
    toVersion: string | undefined,
    fromVersion?: string,
  ): Promise<void>;
  randomPassword(rules: PasswordRules): Promise<string>;
}
