import { EC2Client } from '@aws-sdk/client-ec2';
import { afterEach, describe, expect, it } from 'vitest';
import { traceAwsClients } from '../../shared/runtime/lazy-tracing.ts';

const added = (client: EC2Client, before: readonly string[]) =>
  client.middlewareStack.identify().filter((name) => !before.includes(name));
const plainStack = () => new EC2Client({ region: 'us-east-1' }).middlewareStack.identify();

afterEach(() => {
  delete process.env.AWS_EXECUTION_ENV;
});

describe('AWS clients under Powertools Tracer', () => {
  it('are left as built where tracing is off (tests, reflex dev, the CLI)', async () => {
    const client = new EC2Client({ region: 'us-east-1' });
    const before = plainStack();
    expect(await traceAwsClients('reflex', {})(client)).toBe(client);
    expect(added(client, before)).toEqual([]);
  });

  it('are captured in Lambda, so each AWS call becomes a subsegment of the invocation', async () => {
    // Powertools Tracer reads the execution environment from the process when it is built.
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs24.x';
    const client = new EC2Client({ region: 'us-east-1' });
    const before = plainStack();
    await traceAwsClients('reflex')(client);
    expect(added(client, before)).toContain('XRaySDKInstrumentation - build');
  });
});
