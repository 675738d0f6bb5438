import { randomBytes } from 'node:crypto';
import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ActionContext } from '../../shared/actions/action.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { RetryableError, TerminalError } from '../../shared/errors/reflex-errors.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { runActionAsWorker } from '../support/aws-checks/run-action.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { instanceState, launchInstance, useLocalAws } from '../support/local-aws.ts';
import { createAutoScalingGroup } from '../support/scaling-fleet.ts';

let clients: AwsClients;
/** What the actions run with: the worker's role from the packaged template (moto checks IAM). */
let workerClients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
  workerClients = roleClients('worker');
});

function contextWith(env: NodeJS.ProcessEnv = {}): ActionContext & { logged: unknown[] } {
  const logged: unknown[] = [];
  return {
    clients: workerClients,
    requestId: 'test-request',
    env,
    log: (line, fields) => logged.push({ line, fields }),
    logged,
  };
}

/** Executes an action as the worker does: inside its request stamp, as the worker's role. */
function run(name: string, params: Record<string, unknown>, context = contextWith()) {
  return runActionAsWorker(name, params, context);
}

describe('actions against moto', () => {
  it('ec2.stop-instance stops a running instance', async () => {
    // Prepare
    const instanceId = await launchInstance(clients);
    // Act
    const result = await run('ec2.stop-instance', { instanceId });
    // Assess
    expect(result.summary).toMatch(new RegExp(`Stopped ${instanceId}: running -> (stopping|stopped)`));
    expect(await instanceState(clients, instanceId)).toBe('stopped');
  });

  it('autoscaling.set-desired-capacity changes the group within its bounds', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, { min: 1, max: 4, desired: 1 });
    // Act
    const result = await run('autoscaling.set-desired-capacity', {
      group,
      desiredCapacity: 3,
      honorCooldown: false,
    });
    // Assess
    const described = await (await clients.autoScaling()).send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }),
    );
    expect(described.AutoScalingGroups?.[0]?.DesiredCapacity).toBe(3);
    expect(result.details).toMatchObject({ before: 1, after: 3, min: 1, max: 4 });
  });

  it('autoscaling.set-desired-capacity refuses a value outside the bounds and changes nothing', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, { min: 1, max: 4, desired: 2 });
    // Act
    const attempt = run('autoscaling.set-desired-capacity', { group, desiredCapacity: 9 });
    // Assess
    await expect(attempt).rejects.toThrow(TerminalError);
    await expect(attempt).rejects.toThrow(
      `refused: desired capacity of ${group} 9 is outside the allowed bounds [1, 4]`,
    );
    const described = await (await clients.autoScaling()).send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [group] }),
    );
    expect(described.AutoScalingGroups?.[0]?.DesiredCapacity).toBe(2);
  });

  it('autoscaling.set-desired-capacity refuses an unknown group', async () => {
    // Act / Assess
    await expect(
      run('autoscaling.set-desired-capacity', { group: 'no-such-group', desiredCapacity: 1 }),
    ).rejects.toThrow(/does not exist/);
  });

  it('notify logs, and posts to the Slack webhook whose URL is in Secrets Manager', async () => {
    // Prepare
    const capture = await startCaptureServer();
    const secrets = await clients.secretsManager();
    const secret = await secrets.send(
      new CreateSecretCommand({
        Name: `reflex/slack-${randomBytes(3).toString('hex')}`,
        SecretString: JSON.stringify({ url: capture.url }),
      }),
    );
    const context = contextWith({ REFLEX_SLACK_WEBHOOK_SECRET_ARN: secret.ARN });
    // Act
    const result = await run('notify', { message: 'i-0abc stopped', severity: 'warning' }, context);
    await capture.close();
    // Assess
    expect(result.summary).toBe('Notification logged and posted to Slack.');
    expect(capture.requests).toHaveLength(1);
    expect(JSON.parse(capture.requests[0]?.body ?? '{}')).toEqual({ text: '[warning] i-0abc stopped' });
    expect(context.logged).toEqual([
      { line: 'notification', fields: { severity: 'warning', notification: 'i-0abc stopped' } },
    ]);
  });

  it('notify without a webhook only logs; a failing webhook is retryable', async () => {
    // Prepare
    const failing = await startCaptureServer(503);
    // Act
    const logged = await run('notify', { message: 'hello' });
    const attempt = run(
      'notify',
      { message: 'hello' },
      contextWith({ REFLEX_SLACK_WEBHOOK_URL: failing.url }),
    );
    // Assess
    expect(logged.summary).toBe('Notification logged (no Slack webhook configured).');
    await expect(attempt).rejects.toThrow(RetryableError);
    await failing.close();
  });
});
