import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { createAwsClients } from '../../shared/aws/all-clients.ts';
import { clientOptions } from '../../shared/aws/client-options.ts';
import { useLocalAws } from '../support/local-aws.ts';

describe('AWS clients', () => {
  it('use adaptive retries and the region from the environment', () => {
    // Act
    const options = clientOptions({ AWS_REGION: 'eu-west-3' });
    // Assess
    expect(options).toMatchObject({ region: 'eu-west-3', retryMode: 'adaptive' });
  });

  it('build each client once, lazily, and reach the endpoint of AWS_ENDPOINT_URL', async () => {
    // Prepare
    useLocalAws();
    const clients = createAwsClients();
    // Act
    const first = await clients.sqs();
    const second = await clients.sqs();
    const output = await first.send(new CreateQueueCommand({ QueueName: 'reflex-clients-test' }));
    // Assess: moto names the queue after the host it was reached on
    expect(second).toBe(first);
    expect(output.QueueUrl).toMatch(new RegExp(`^${process.env.AWS_ENDPOINT_URL}/`));
  });
});
