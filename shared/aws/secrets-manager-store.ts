import type { PasswordRules, SecretMetadata, SecretStore } from '../core/secret-store.ts';
import type { AwsClients } from './clients.ts';

function isNotFound(error: unknown): boolean {
  return (error as { name?: string } | null)?.name === 'ResourceNotFoundException';
}

/** Secrets Manager as rotation's secret store. */
export class SecretsManagerStore implements SecretStore {
  constructor(private readonly clients: Pick<AwsClients, 'secretsManager'>) {}

  async describe(secretId: string): Promise<SecretMetadata> {
    const { DescribeSecretCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = await this.clients.secretsManager();
    const output = await client.send(new DescribeSecretCommand({ SecretId: secretId }));
    return {
      arn: output.ARN ?? secretId,
      name: output.Name ?? secretId,
      rotationEnabled: output.RotationEnabled === true,
      versions: output.VersionIdsToStages ?? {},
    };
  }

  async value(secretId: string, stage: string, versionId?: string): Promise<string | undefined> {
    const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = await this.clients.secretsManager();
    try {
      const output = await client.send(
        new GetSecretValueCommand({
          SecretId: secretId,
          VersionStage: stage,
          ...(versionId === undefined ? {} : { VersionId: versionId }),
        }),
      );
      return output.SecretString;
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async putPending(secretId: string, versionId: string, value: string): Promise<void> {
    const { PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = await this.clients.secretsManager();
    await client.send(
      new PutSecretValueCommand({
        SecretId: secretId,
        ClientRequestToken: versionId,
        SecretString: value,
        VersionStages: ['AWSPENDING'],
      }),
    );
  }

  async moveStage(secretId: string, stage: string, toVersion: string | undefined, fromVersion?: string) {
    const { UpdateSecretVersionStageCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = await this.clients.secretsManager();
    await client.send(
      new UpdateSecretVersionStageCommand({
        SecretId: secretId,
        VersionStage: stage,
        ...(toVersion === undefined ? {} : { MoveToVersionId: toVersion }),
        ...(fromVersion === undefined ? {} : { RemoveFromVersionId: fromVersion }),
      }),
    );
  }

  async randomPassword(rules: PasswordRules): Promise<string> {
    const { GetRandomPasswordCommand } = await import('@aws-sdk/client-secrets-manager');
    const client = await this.clients.secretsManager();
    const output = await client.send(
      new GetRandomPasswordCommand({
        PasswordLength: rules.length,
        ExcludeCharacters: rules.excludeCharacters,
        ...(rules.excludePunctuation === undefined ? {} : { ExcludePunctuation: rules.excludePunctuation }),
      }),
    );
    if (output.RandomPassword === undefined) throw new Error('GetRandomPassword returned no password');
    return output.RandomPassword;
  }
}
