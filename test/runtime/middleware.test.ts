import { afterEach, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../cli/dev/lambda-context.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { logger } from '../../shared/runtime/observability.ts';
import { type CapturedLogs, captureLogs } from '../support/capture-logs.ts';

let output: CapturedLogs | undefined;

afterEach(() => {
  output?.restore();
  output = undefined;
});

describe('the shared middleware stack', () => {
  it('logs with the event id as correlation id and redacts secrets', async () => {
    // Prepare
    const logs = captureLogs();
    output = logs;
    const handler = withReflexStack(
      async () => {
        logger.info('connecting', { database: { user: 'app', password: 'hunter2' } });
        return 'ok';
      },
      { correlationIdPath: 'id' },
    );
    // Act
    const result = await handler({ id: 'event-42', source: 'aws.ec2' }, lambdaContext('test'));
    // Assess
    expect(result).toBe('ok');
    const line = logs.lines().find((entry) => entry.message === 'connecting');
    expect(line).toMatchObject({
      correlation_id: 'event-42',
      function_name: 'test',
      database: { user: 'app', password: '[REDACTED]' },
    });
    expect(JSON.stringify(logs.lines())).not.toContain('hunter2');
  });

  it('logs an escaping error with its cause and rethrows it for Lambda to retry', async () => {
    // Prepare
    const logs = captureLogs();
    output = logs;
    const handler = withReflexStack(async () => {
      throw new Error('SQS unavailable', { cause: new Error('ECONNREFUSED') });
    });
    // Act
    const invocation = handler({}, lambdaContext('test'));
    // Assess
    await expect(invocation).rejects.toThrow('SQS unavailable');
    const line = logs.lines().find((entry) => entry.message === 'handler failed');
    expect(JSON.stringify(line)).toContain('ECONNREFUSED');
  });
});
