import type { AccessKeyInfo, AccessKeyPort, KeySecretPort } from '../core/access-key-port.ts';
import type { AwsClients } from './clients.ts';

/** IAM access keys through the SDK. */
export class IamAccessKeys implements AccessKeyPort {
  constructor(private readonly clients: AwsClients) {}

  async list(userName: string): Promise<AccessKeyInfo[]> {
    const { ListAccessKeysCommand } = await import('@aws-sdk/client-iam');
    const iam = await this.clients.iam();
    const output = await iam.send(new ListAccessKeysCommand({ UserName: userName }));
    return (output.AccessKeyMetadata ?? []).map((key) => ({
      id: key.AccessKeyId ?? '',
      status: key.Status === 'Inactive' ? 'Inactive' : 'Active',
      created: key.CreateDate ?? new Date(0),
    }));
  }

  async create(userName: string): Promise<{ id: string; secret: string }> {
    const { CreateAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const iam = await this.clients.iam();
    const output = await iam.send(new CreateAccessKeyCommand({ UserName: userName }));
    const key = output.AccessKey;
    if (key?.AccessKeyId === undefined || key.SecretAccessKey === undefined) {
      throw new Error('CreateAccessKey returned no key');
    }
    return { id: key.AccessKeyId, secret: key.SecretAccessKey };
  }

  async deactivate(userName: string, keyId: string): Promise<void> {
    const { UpdateAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const iam = await this.clients.iam();
    await iam.send(
      new UpdateAccessKeyCommand({ UserName: userName, AccessKeyId: keyId, Status: 'Inactive' }),
    );
  }

  async delete(userName: string, keyId: string): Promise<void> {
    const { DeleteAccessKeyCommand } = await import('@aws-sdk/client-iam');
    const iam = await this.clients.iam();
    await iam.send(new DeleteAccessKeyCommand({ UserName: userName, AccessKeyId: keyId }));
  }
}

/** The user's key secret in Secrets Manager. */
export class SecretsManagerKeySecret implements KeySecretPort {
  constructor(private readonly clients: AwsClients) {}

  async current(secretId: string): Promise<string | undefined> {
    const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const secrets = await this.clients.secretsManager();
    try {
      return (await secrets.send(new GetSecretValueCommand({ SecretId: secretId }))).SecretString;
    } catch (error) {
      // A secret created without a value yet: the first key is created and stored.
      if (
        (error as { name?: string }).name === 'ResourceNotFoundException' &&
        /value/i.test((error as Error).message)
      ) {
        return undefined;
      }
      throw error;
    }
  }

  async putCurrent(secretId: string, value: string, versionId: string): Promise<void> {
    const { PutSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const secrets = await this.clients.secretsManager();
    await secrets.send(
      new PutSecretValueCommand({ SecretId: secretId, SecretString: value, ClientRequestToken: versionId }),
    );
  }
}
