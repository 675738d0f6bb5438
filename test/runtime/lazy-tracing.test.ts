import { createSocket } from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../cli/dev/lambda-context.ts';
import { tracingWanted } from '../../shared/runtime/lazy-tracing.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';

const savedEnv = { ...process.env };

afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
});

describe('tracingWanted', () => {
  it.each([
    [{}, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' }, true],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', POWERTOOLS_TRACE_ENABLED: 'FALSE' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x', AWS_SAM_LOCAL: 'true' }, false],
    [{ AWS_EXECUTION_ENV: 'AWS_Lambda_amplify-mock' }, false],
  ])('decides like Powertools Tracer for %j: %s', (env, expected) => {
    expect(tracingWanted(env)).toBe(expected);
  });
});

describe('lazy tracing', () => {
  it('loads the tracer on the first invocation in Lambda and sends the handler subsegment to the X-Ray daemon', async () => {
    // Prepare: a UDP socket stands in for the X-Ray daemon; the environment is Lambda's with active tracing.
    const daemon = createSocket('udp4');
    const datagrams: string[] = [];
    daemon.on('message', (message) => datagrams.push(message.toString('utf8')));
    await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
    const { port } = daemon.address();
    Object.assign(process.env, {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: '/var/task',
      _HANDLER: 'functions/on-event/handler.handler',
      _X_AMZN_TRACE_ID: 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1',
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${port}`,
      AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR',
    });
    const handler = withReflexStack(async () => 'done');
    try {
      // Act
      const result = await handler({}, lambdaContext('test'));
      await expect.poll(() => datagrams.length, { timeout: 5000 }).toBeGreaterThan(0);
      // Assess
      expect(result).toBe('done');
      const segment = JSON.parse(datagrams[0]?.split('\n')[1] ?? '{}') as Record<string, unknown>;
      expect(segment).toMatchObject({
        name: '## functions/on-event/handler.handler',
        trace_id: '1-5759e988-bd862e3fe1be46a994272793',
        annotations: { ColdStart: true, Service: 'reflex' },
      });
    } finally {
      daemon.close();
    }
  });
});
