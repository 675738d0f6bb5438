import type { RunbookStarter } from '../core/runbook-launcher.ts';
import type { AwsClients } from './clients.ts';

/**
 * Starts the runbook function asynchronously (InvocationType Event): a runbook may take minutes,
 * the chat job that asked must answer in seconds. Lambda retries a failed async invocation with the
 * same payload, and the execution id in it makes the run happen at most once.
 */
export function lambdaRunbookStarter(clients: AwsClients, functionName: string): RunbookStarter {
  return async (start) => {
    const { InvokeCommand } = await import('@aws-sdk/client-lambda');
    const lambda = await clients.lambda();
    await lambda.send(
      new InvokeCommand({
        FunctionName: functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify(start)),
      }),
    );
  };
}
