import type { SQSEvent } from 'aws-lambda';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { SqsEventSource } from '../../shared/aws/sqs-event-source.ts';

export interface QueueConsumer {
  /** Resolves once the poll in progress has ended. */
  stop(): Promise<void>;
}

/**
 * Lambda's SQS event source for one queue, locally: polls until stopped, hands each batch to the
 * function and deletes what it did not report as failed. A polling error is said and retried a
 * second later, so a moto restart does not end the loop.
 */
export function consumeQueue(options: {
  clients: AwsClients;
  region: string;
  queueUrl: string;
  name: string;
  unit: string;
  handler: (event: SQSEvent) => Promise<unknown>;
  say: (line: string) => void;
}): QueueConsumer {
  const source = new SqsEventSource(options.clients, options.queueUrl, options.region);
  let running = true;
  const loop = (async () => {
    while (running) {
      try {
        const result = await source.pollOnce(
          async (event: SQSEvent) =>
            (await options.handler(event)) as { batchItemFailures: { itemIdentifier: string }[] },
          1,
        );
        if (result.received > 0)
          options.say(`${options.name}: ${result.received} ${options.unit}, ${result.failed} failed`);
      } catch (error) {
        options.say(`${options.name}: polling failed: ${(error as Error).message}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}
