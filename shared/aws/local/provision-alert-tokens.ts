import type { AwsClients } from '../clients.ts';

/**
 * The alert senders' tokens secret in an emulator, as infra/alerts.yml declares it for AWS. Safe to
 * run twice: an existing secret gets the new tokens.
 */
export async function provisionAlertTokens(
  clients: AwsClients,
  secretName: string,
  tokens: Record<string, string>,
): Promise<string> {
  const { CreateSecretCommand, PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
  const secrets = await clients.secretsManager();
  const value = JSON.stringify({ tokens });
  try {
    return (await secrets.send(new CreateSecretCommand({ Name: secretName, SecretString: value }))).ARN ?? '';
  } catch (error) {
    if ((error as { name?: string }).name !== 'ResourceExistsException') throw error;
    return (
      (await secrets.send(new PutSecretValueCommand({ SecretId: secretName, SecretString: value }))).ARN ?? ''
    );
  }
}
