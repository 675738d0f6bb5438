import type { AwsClients } from './clients.ts';

/** The account the credentials belong to (sts:GetCallerIdentity needs no IAM permission). */
export async function callerAccount(clients: AwsClients): Promise<string | undefined> {
  const { GetCallerIdentityCommand } = await import('@aws-sdk/client-sts');
  return (await (await clients.sts()).send(new GetCallerIdentityCommand({}))).Account;
}
