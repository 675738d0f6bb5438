import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { provisionChatOps } from '../../shared/aws/local/provision-chatops.ts';
import { SqsEventSource } from '../../shared/aws/sqs-event-source.ts';
import { alertRequest, alertTokensSecret, bearer } from '../support/alert-harness.ts';
import { roleEnv } from '../support/aws-checks/role-clients.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { loadEvent } from '../support/fixtures.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import { node24 } from '../support/node24.ts';
import { REPOSITORY_ROOT, reflexTestStack } from '../support/reflex-stack.ts';
import { signBody, slashCommandBody } from '../support/slack-requests.ts';

let clients: AwsClients;

beforeAll(() => {
  clients = useLocalAws();
  execFileSync(process.execPath, [join(REPOSITORY_ROOT, 'scripts/build.mjs')], {
    cwd: REPOSITORY_ROOT,
    stdio: 'pipe',
    timeout: 180_000,
  });
}, 200_000);

/**
 * Invokes a built bundle in a fresh Node process, with only the environment serverless.yml would
 * set and the credentials of the function's own role (moto checks signatures and IAM). A call AWS
 * refused fails the invocation: the bundle counts it in its AwsCallsRefused metric (stdout, EMF).
 */
async function invokeBundle(
  name: string,
  event: unknown,
  env: NodeJS.ProcessEnv,
  node = process.execPath,
  mode: 'one' | 'each' = 'one',
): Promise<unknown> {
  // Metrics on (the suite turns them off): a refused call shows as the bundle's AwsCallsRefused.
  const asRole = { ...env, ...(await roleEnv(name)), POWERTOOLS_METRICS_DISABLED: 'false' };
  return new Promise((resolve, reject) => {
    const child = execFile(
      node,
      [
        join(REPOSITORY_ROOT, 'test/support/invoke-bundle.mjs'),
        join(REPOSITORY_ROOT, 'dist', name, 'index.mjs'),
        ...(mode === 'each' ? ['--each'] : []),
      ],
      { env: asRole, cwd: '/', timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) return reject(new Error(`${name} bundle failed: ${error.message}\n${stderr}`));
        if (stdout.includes('"AwsCallsRefused"'))
          return reject(new Error(`${name} bundle: AWS refused a call of its role\n${stdout}`));
        const lastLine = stdout.trim().split('\n').pop() ?? 'null';
        resolve(JSON.parse(lastLine));
      },
    );
    child.stdin?.end(JSON.stringify(event));
  });
}

const runtimes = [
  ['Node 20 (this machine)', () => process.execPath],
  ['Node 24 (the Lambda runtime nodejs24.x)', node24],
] as const;

describe('built bundles (dist/) run the same loop', () => {
  it.each(runtimes)(
    'start a stopped, tagged instance with the policies compiled into the bundle, under %s',
    async (_runtime, binary) => {
      const node = binary();
      // Prepare: the bundle gets no policies directory and runs from / , so it can only use what the build put in it
      const reflex = await reflexTestStack(clients, 'bundle', '/nonexistent');
      const { REFLEX_POLICIES_DIR: _ignored, ...env } = reflex.env;
      const instanceId = await launchInstance(clients, { 'reflex:desired-state': 'running' });
      await stopInstance(clients, instanceId);
      const event = loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json');
      event.id = `bundle-${instanceId}`;
      (event.detail as Record<string, unknown>)['instance-id'] = instanceId;
      // Act
      const summary = (await invokeBundle('on-event', event, env, node)) as { enqueued: unknown[] };
      const source = new SqsEventSource(clients, reflex.stack.queueUrl, 'us-east-1');
      const polled = await source.pollOnce(
        async (sqsEvent) => (await invokeBundle('worker', sqsEvent, env, node)) as never,
      );
      // Assess
      expect(summary.enqueued).toHaveLength(1);
      expect(polled).toEqual({ received: 1, failed: 0 });
      expect(await instanceState(clients, instanceId)).toBe('running');
      expect(await reflex.auditOf(`ec2:instance/${instanceId}`)).toEqual([
        expect.objectContaining({ outcome: 'succeeded' }),
      ]);
    },
  );

  it('answer every fixture in events/ under Node 24 with a summary, never an error', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'bundle-fixtures', '/nonexistent');
    const node = node24();
    const fixtures = readdirSync(join(REPOSITORY_ROOT, 'events'), {
      recursive: true,
      encoding: 'utf8',
    })
      // Alert notifications arrive over HTTP (on-alert), not as Lambda events of these two functions.
      .filter((path) => path.endsWith('.json') && !/^(sqs|alertmanager|grafana)/.test(path));
    // Act: one warm container per function answers its fixtures in turn
    const byBundle = (fixture: string) =>
      fixture.startsWith('cloudwatch') || fixture.startsWith('sns') ? 'on-alarm' : 'on-event';
    const results: { fixture: string; summary: { signals: number; rejected: unknown[] } }[] = [];
    for (const bundle of ['on-alarm', 'on-event']) {
      const mine = fixtures.filter((fixture) => byBundle(fixture) === bundle);
      const summaries = (await invokeBundle(
        bundle,
        mine.map((fixture) => loadEvent(fixture)),
        reflex.env,
        node,
        'each',
      )) as { signals: number; rejected: unknown[] }[];
      mine.forEach((fixture, i) => {
        results.push({ fixture, summary: summaries[i] as { signals: number; rejected: unknown[] } });
      });
    }
    // Assess
    expect(fixtures.length).toBeGreaterThanOrEqual(8);
    expect(results).toHaveLength(fixtures.length);
    for (const { fixture, summary } of results)
      expect({ fixture, signals: summary.signals, rejected: summary.rejected }).toEqual({
        fixture,
        signals: 1,
        rejected: [],
      });
  });
});

describe('the on-alert bundle', () => {
  it('accepts every alert fixture in events/ under Node 24 with its sender token, and refuses a wrong one', async () => {
    // Prepare
    const reflex = await reflexTestStack(clients, 'bundle-alerts', '/nonexistent');
    const token = randomBytes(16).toString('hex');
    const env = {
      ...reflex.env,
      REFLEX_ALERT_TOKENS_SECRET_ARN: await alertTokensSecret(clients, { sender: token }),
      REFLEX_ACCOUNT_ID: '123456789012',
    };
    const fixtures = ['alertmanager', 'grafana'].flatMap((folder) =>
      readdirSync(join(REPOSITORY_ROOT, 'events', folder)).map((file) => `${folder}/${file}`),
    );
    const events = fixtures.map((fixture) => alertRequest(loadEvent(fixture), bearer(token)));
    events.push(alertRequest(loadEvent(fixtures[0] ?? ''), bearer('wrong-token-of-some-length')));
    // Act
    const results = (await invokeBundle('on-alert', events, env, node24(), 'each')) as {
      statusCode: number;
      body: string;
    }[];
    // Assess
    expect(fixtures.length).toBeGreaterThanOrEqual(4);
    expect(results.map((r) => r.statusCode)).toEqual([...fixtures.map(() => 200), 401]);
    for (const result of results.slice(0, -1))
      expect(JSON.parse(result.body)).toMatchObject({ sender: 'sender', rejected: [] });
  });
});

describe('the chatops bundle', () => {
  it('verifies a signed slash command with the compiled roles, and runs a queued plan with the compiled fixtures', async () => {
    // Prepare: the shipped config/chatops.yml grants nobody a role; the bundle runs from / with no events/ folder
    const reflex = await reflexTestStack(clients, 'bundle-chat', '/nonexistent');
    const { REFLEX_POLICIES_DIR: _ignored, ...baseEnv } = reflex.env;
    const slack = await startCaptureServer();
    const secret = 'bundle-signing-secret';
    const suffix = randomBytes(3).toString('hex');
    const chat = await provisionChatOps(
      clients,
      { queueName: `reflex-bundle-chat-${suffix}`, secretName: `reflex-bundle-slack-${suffix}` },
      { signingSecret: secret },
    );
    const env = {
      ...baseEnv,
      REFLEX_CHAT_QUEUE_URL: chat.chatQueueUrl,
      REFLEX_SLACK_SECRET_ARN: chat.slackSecretArn,
    };
    const signed = signBody(
      secret,
      slashCommandBody({ userId: 'U0NOBODY', text: 'help', responseUrl: `${slack.origin}/response/nobody` }),
    );
    const httpEvent = {
      version: '2.0',
      routeKey: 'POST /slack/commands',
      rawPath: '/slack/commands',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': signed.timestamp,
        'x-slack-signature': signed.signature,
      },
      requestContext: { http: { method: 'POST', path: '/slack/commands' } },
      body: Buffer.from(signed.body).toString('base64'),
      isBase64Encoded: true,
    };
    const job = {
      kind: 'command',
      id: randomBytes(16).toString('hex'),
      identity: { userId: 'U0VIEWER', userName: 'viewer', teamId: 'T0001' },
      role: 'viewer',
      responseUrl: `${slack.origin}/response/plan`,
      receivedAt: new Date().toISOString(),
      command: 'plan',
      text: 'ec2/instance-state-change-stopped',
    };
    // Act
    const answer = (await invokeBundle('chatops', httpEvent, env)) as { statusCode: number; body: string };
    const consumed = (await invokeBundle(
      'chatops',
      {
        Records: [
          {
            ...loadEvent<{ Records: Record<string, unknown>[] }>('sqs/action-request-batch.json').Records[0],
            body: JSON.stringify(job),
          },
        ],
      },
      env,
    )) as { batchItemFailures: unknown[] };
    await slack.close();
    // Assess
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body).text).toContain('unknown user U0NOBODY: you have no Reflex role');
    expect(consumed.batchItemFailures).toEqual([]);
    const reply = slack.requests.find((request) => request.path === '/response/plan');
    expect(JSON.parse(reply?.body ?? '{}').text).toContain('ec2-keep-running');
  });
});
