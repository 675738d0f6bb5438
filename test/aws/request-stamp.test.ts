import { DescribeInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAwsClients } from '../../shared/aws/all-clients.ts';
import { clientOptions } from '../../shared/aws/client-options.ts';
import { withRequestStamp } from '../../shared/aws/request-stamp.ts';
import { parseUserAgentStamp } from '../../shared/core/request-stamp.ts';
import { type CapturedRequest, startCaptureServer } from '../support/capture-server.ts';
import { useLocalAws } from '../support/local-aws.ts';

let capture: Awaited<ReturnType<typeof startCaptureServer>>;

beforeAll(async () => {
  capture = await startCaptureServer();
});

afterAll(async () => {
  await capture.close();
});

function userAgentOf(request: CapturedRequest | undefined): string {
  return String(request?.headers['user-agent'] ?? '');
}

describe('request stamp on AWS calls', () => {
  it('appends the request and policy to the User-Agent inside withRequestStamp only', async () => {
    // Prepare: an endpoint that records what the SDK sends
    useLocalAws();
    const previous = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = new URL(capture.url).origin;
    const clients = createAwsClients({ ...clientOptions(), maxAttempts: 1 });
    const ec2 = await clients.ec2();
    const stamp = { requestId: '0123456789abcdef0123456789abcdef', policy: 'ec2-keep-running' };
    // Act: the capture server answers 200 with a body the SDK cannot parse; only the request matters
    await withRequestStamp(stamp, () => ec2.send(new DescribeInstancesCommand({}))).catch(() => undefined);
    await ec2.send(new DescribeInstancesCommand({})).catch(() => undefined);
    process.env.AWS_ENDPOINT_URL = previous;
    // Assess
    const [stampedCall, plainCall] = capture.requests;
    expect(parseUserAgentStamp(userAgentOf(stampedCall))).toEqual(stamp);
    expect(userAgentOf(stampedCall)).toMatch(/reflex\/0\.1/);
    expect(parseUserAgentStamp(userAgentOf(plainCall))).toBeUndefined();
  });

  it('is part of what is signed: a stamped call passes AWS signature checks', async () => {
    // Prepare: moto checks SigV4 signatures in this suite (test/support/global-setup.ts)
    const clients = useLocalAws();
    const ec2 = await clients.ec2();
    const stamp = { requestId: 'fedcba9876543210fedcba9876543210', policy: 'ec2-keep-running' };
    // Act
    const stamped = await withRequestStamp(stamp, () => ec2.send(new DescribeInstancesCommand({})));
    // Assess: a stamp added after signing changes a signed header, and EC2 answers AuthFailure
    expect(stamped.$metadata.httpStatusCode).toBe(200);
  });
});
