import { randomBytes } from 'node:crypto';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { SqsWorkQueue } from '../../shared/aws/sqs-work-queue.ts';
import { auditSummary } from '../../shared/chatops/grouped-audit-notifier.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT, reflexTestStack, sourceHandlers } from '../support/reflex-stack.ts';
import { testRequest } from '../support/worker-harness.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
});

async function slackSecret(auditWebhookUrl: string): Promise<string> {
  const secrets = await clients.secretsManager();
  const created = await secrets.send(
    new CreateSecretCommand({
      Name: `reflex-slack-${randomBytes(4).toString('hex')}`,
      SecretString: JSON.stringify({ signingSecret: 'unused-here', auditWebhookUrl }),
    }),
  );
  return created.ARN ?? '';
}

function dryRunRequests(count: number) {
  return Array.from({ length: count }, (_, index) => {
    const instanceId = `i-${randomBytes(9).toString('hex').slice(0, 17)}`;
    return testRequest({
      action: 'ec2.start-instance',
      params: { instanceId },
      target: `ec2:instance/${instanceId}`,
      mode: 'dry-run',
      signalId: `storm-${index}-${instanceId}`,
    });
  });
}

describe('audit outcomes posted to Slack in groups', () => {
  it('a storm of 30 outcomes becomes one message per worker batch, each summarising its group', async () => {
    // Prepare
    const slack = await startCaptureServer();
    const reflex = await reflexTestStack(clients, 'storm', `${REPOSITORY_ROOT}/policies`, 'dry-run');
    const env = { ...reflex.env, REFLEX_SLACK_SECRET_ARN: await slackSecret(`${slack.origin}/hooks/audit`) };
    const handlers = sourceHandlers(env, clients);
    await new SqsWorkQueue(clients, reflex.stack.queueUrl).enqueue(dryRunRequests(30));
    // Act
    const drained = await reflex.drain(handlers.worker);
    await slack.close();
    // Assess
    const posts = slack.requests.filter((request) => request.path === '/hooks/audit');
    const counted = posts.map((post) =>
      Number(/^Reflex: (\d+) outcomes/.exec((JSON.parse(post.body) as { text: string }).text)?.[1]),
    );
    expect(drained.received).toBe(30);
    expect(posts.length).toBeGreaterThan(0);
    expect(posts.length).toBeLessThanOrEqual(Math.ceil(30 / 5));
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(30);
    expect(posts[0]?.body).toContain('planned');
  });

  it('an unreachable webhook does not fail the batch: the outcomes are in the trail', async () => {
    // Prepare
    const slack = await startCaptureServer(503);
    const reflex = await reflexTestStack(clients, 'storm-down', `${REPOSITORY_ROOT}/policies`, 'dry-run');
    const env = { ...reflex.env, REFLEX_SLACK_SECRET_ARN: await slackSecret(`${slack.origin}/hooks/audit`) };
    const [request] = dryRunRequests(1);
    if (request === undefined) throw new Error('no request');
    await new SqsWorkQueue(clients, reflex.stack.queueUrl).enqueue([request]);
    // Act
    const drained = await reflex.drain(sourceHandlers(env, clients).worker);
    await slack.close();
    // Assess
    expect(drained).toEqual({ received: 1, failed: 0 });
    expect(slack.requests).toHaveLength(1);
    expect((await reflex.auditOf(request.target)).map((r) => r.outcome)).toEqual(['planned']);
  });

  it('the summary lists failures first, escapes what it quotes and counts what it does not list', () => {
    // Prepare
    const record = (outcome: 'failed' | 'succeeded', index: number) => ({
      id: `r${index}`,
      time: '2025-03-01T12:00:00.000Z',
      origin: { type: 'policy' as const, name: 'p' },
      actor: 'policy:p',
      action: 'ec2.start-instance',
      target: `ec2:instance/i-${index}`,
      mode: 'enforce' as const,
      outcome,
      reason: index === 0 ? '<!channel> broke' : 'ok',
      correlation: {},
    });
    const records = [
      ...Array.from({ length: 11 }, (_, i) => record('succeeded', i + 1)),
      record('failed', 0),
    ];
    // Act
    const message = auditSummary(records);
    // Assess
    expect(message.text).toBe('Reflex: 12 outcomes — 1 failed, 11 succeeded');
    const listing = JSON.stringify(message.blocks);
    expect(listing.indexOf('failed*')).toBeLessThan(listing.indexOf('succeeded*'));
    expect(listing).toContain('&lt;!channel&gt; broke');
    expect(listing).toContain('…and 2 more');
  });
});
