import { randomBytes, randomUUID } from 'node:crypto';
import { CreateSecretCommand } from '@aws-sdk/client-secrets-manager';
import { beforeAll, describe, expect, it } from 'vitest';
import { lambdaContext } from '../../cli/dev/lambda-context.ts';
import { makeHandler as makeAuditDigest } from '../../functions/audit-digest/handler.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbAuditDigestStore } from '../../shared/aws/dynamodb-audit-digest-store.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import { SqsWorkQueue } from '../../shared/aws/sqs-work-queue.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import {
  auditSummary,
  DEFAULT_DIGEST_TIMING,
  digestEntry,
  digestSummary,
  isDigestDue,
} from '../../shared/chatops/audit-digest.ts';
import { DigestAuditLog } from '../../shared/chatops/digest-audit-log.ts';
import { type FlushStep, flushAuditDigest } from '../../shared/chatops/flush-audit-digest.ts';
import type { AuditDigestStore } from '../../shared/core/audit-digest-store.ts';
import type { AuditRecord, Outcome } from '../../shared/core/audit-record.ts';
import type { SlackMessage } from '../../shared/core/slack-message.ts';
import { createAuditDigestDependencies } from '../../shared/runtime/audit-digest-dependencies.ts';
import { chainedAuditStore } from '../../shared/runtime/chained-audit-store.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { postSlackMessage } from '../../shared/slack/post-slack-message.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { type CapturedRequest, startCaptureServer } from '../support/capture-server.ts';
import { createTestStack, useLocalAws } from '../support/local-aws.ts';
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

/** The worker's stack with Slack's audit webhook on a capture server, and the scheduled flush. */
async function stormStack(label: string, slackOrigin: string) {
  // Concurrent workers: a message in flight stays invisible to the others, as on Lambda.
  const reflex = await reflexTestStack(clients, label, `${REPOSITORY_ROOT}/policies`, 'dry-run', 60);
  const env = { ...reflex.env, REFLEX_SLACK_SECRET_ARN: await slackSecret(`${slackOrigin}/hooks/audit`) };
  /** One scheduled invocation of the audit-digest function, its clock `aheadMs` after the real one. */
  const flush = (aheadMs: number) =>
    makeAuditDigest(
      lazy(() =>
        createAuditDigestDependencies(env, roleClients('audit-digest'), () => new Date(Date.now() + aheadMs)),
      ),
    )({ source: 'aws.events', 'detail-type': 'Scheduled Event' }, lambdaContext('audit-digest'));
  return { reflex, env, flush };
}

/** Long enough after the last outcome that the storm counts as over. */
const QUIET = DEFAULT_DIGEST_TIMING.quietMs + 1_000;

function auditPosts(requests: readonly CapturedRequest[]): SlackMessage[] {
  return requests
    .filter((request) => request.path === '/hooks/audit')
    .map((request) => JSON.parse(request.body) as SlackMessage);
}

function postedOutcomes(steps: readonly FlushStep[]): number[] {
  return steps.flatMap((step) => (step.status === 'posted' ? [step.outcomes] : []));
}

function record(outcome: Outcome, index: number, reason = 'ok'): AuditRecord {
  return {
    id: `r${index}`,
    time: '2025-03-01T12:00:00.000Z',
    origin: { type: 'policy', name: 'p' },
    actor: 'policy:p',
    action: 'ec2.start-instance',
    target: `ec2:instance/i-${index}`,
    mode: 'enforce',
    outcome,
    reason,
    correlation: {},
  };
}

describe('audit outcomes posted to Slack as one digest per storm', () => {
  it('100 outcomes from concurrent worker batches become exactly one message, even with concurrent flushes', async () => {
    // Prepare (100 chained audit appends: moto copies the table for each transaction item, so allow for it)
    const slack = await startCaptureServer();
    const { reflex, env, flush } = await stormStack('storm', slack.origin);
    await new SqsWorkQueue(clients, reflex.stack.queueUrl).enqueue(dryRunRequests(100));
    // Act: four workers (separate cold starts) drain the queue at once, ten messages per batch.
    const drains = await Promise.all(
      Array.from({ length: 4 }, () => reflex.drain(sourceHandlers(env).worker)),
    );
    const during = await flush(0);
    const flushes = await Promise.all([flush(QUIET), flush(QUIET), flush(QUIET)]);
    const after = await flush(QUIET);
    await slack.close();
    // Assess
    expect(drains.reduce((sum, drained) => sum + drained.received, 0)).toBe(100);
    expect(drains.filter((drained) => drained.received > 0).length).toBeGreaterThan(1);
    expect(during).toEqual([{ status: 'waiting', outcomes: 100 }]);
    expect(flushes.flatMap(postedOutcomes)).toEqual([100]);
    expect(after).toEqual([{ status: 'empty' }]);
    const posts = auditPosts(slack.requests);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.text).toBe('Reflex: 100 outcomes — 100 planned');
    const listing = JSON.stringify(posts[0]?.blocks);
    expect(listing.match(/• \*planned\*/g)).toHaveLength(10);
    expect(listing).toContain('…and 90 more');
  }, 90_000);

  it('a webhook that fails once: the digest is posted by the next flush, once, and new outcomes follow it', async () => {
    // Prepare: Slack answers 503 to the first post only.
    let answered = 0;
    const slack = await startCaptureServer(200, () =>
      answered++ === 0 ? { status: 503, contentType: 'text/plain', body: 'unavailable' } : undefined,
    );
    const { reflex, env, flush } = await stormStack('storm-down', slack.origin);
    const queue = new SqsWorkQueue(clients, reflex.stack.queueUrl);
    const requests = dryRunRequests(12);
    await queue.enqueue(requests);
    const worker = sourceHandlers(env).worker;
    const first = await reflex.drain(worker);
    // Act
    const failed = await flush(QUIET);
    await queue.enqueue(dryRunRequests(3));
    const second = await reflex.drain(worker);
    const retried = await flush(QUIET);
    const after = await flush(QUIET);
    await slack.close();
    // Assess: the failed post failed no action; every outcome is in the trail.
    expect([first, second]).toEqual([
      { received: 12, failed: 0 },
      { received: 3, failed: 0 },
    ]);
    expect((await reflex.auditOf(requests[0]?.target ?? '')).map((r) => r.outcome)).toEqual(['planned']);
    expect(failed).toEqual([
      expect.objectContaining({ status: 'retry', outcomes: 12, error: 'Slack answered 503' }),
    ]);
    expect(retried).toEqual([
      expect.objectContaining({ status: 'posted', outcomes: 12, attempts: 2 }),
      expect.objectContaining({ status: 'posted', outcomes: 3, attempts: 1 }),
    ]);
    expect(after).toEqual([{ status: 'empty' }]);
    const posts = slack.requests.filter((request) => request.path === '/hooks/audit');
    expect(posts).toHaveLength(3);
    expect(posts[1]?.body).toBe(posts[0]?.body);
    expect(auditPosts(posts).map((post) => post.text)).toEqual([
      'Reflex: 12 outcomes — 12 planned',
      'Reflex: 12 outcomes — 12 planned',
      'Reflex: 3 outcomes — 3 planned',
    ]);
  });

  it('a quiet window posts nothing', async () => {
    // Prepare
    const slack = await startCaptureServer();
    const { flush } = await stormStack('storm-quiet', slack.origin);
    // Act
    const steps = await flush(QUIET);
    await slack.close();
    // Assess
    expect(steps).toEqual([{ status: 'empty' }]);
    expect(slack.requests).toEqual([]);
  });

  it('workers appending while flushers seal: every outcome is in exactly one posted message', async () => {
    // Prepare
    const slack = await startCaptureServer();
    const stack = await createTestStack(clients, 'digest-race');
    const table = new DynamoDbAuditDigestStore(new StateTable(clients, stack.tableName));
    // The race must happen, not be hoped for (on a busy machine the flushers may otherwise never run
    // between two appends): once half the outcomes are in, the writers wait until a flusher has sealed.
    let appended = 0;
    let sealed: () => void = () => {};
    const firstSeal = new Promise<void>((resolve) => {
      sealed = resolve;
    });
    const store: AuditDigestStore = {
      append: async (...args) => {
        await table.append(...args);
        appended += 1;
        if (appended >= 75) await firstSeal;
      },
      readOpen: () => table.readOpen(),
      seal: async (open, at) => {
        const done = await table.seal(open, at);
        if (done) sealed();
        return done;
      },
      claimSealed: (owner, now, leaseMs) => table.claimSealed(owner, now, leaseMs),
      completeSealed: (owner) => table.completeSealed(owner),
      releaseSealed: (owner, error) => table.releaseSealed(owner, error),
    };
    const deps = {
      store,
      destination: async () => `${slack.origin}/hooks/audit`,
      post: postSlackMessage,
      // Always due: every flush seals whatever the workers have appended so far.
      timing: { quietMs: 0, maxAgeMs: 0 },
      now: Date.now,
    };
    let writing = true;
    const steps: FlushStep[] = [];
    // Act: five writers append 30 outcomes each while three flushers seal and post in a loop.
    const writers = Array.from({ length: 5 }, async (_, writer) => {
      for (let index = 0; index < 30; index++) {
        const outcome: Outcome = index % 10 === 0 ? 'failed' : 'succeeded';
        await store.append(
          outcome,
          digestEntry(record(outcome, writer * 100 + index)),
          Date.now(),
          randomUUID(),
        );
      }
    });
    const flushers = Array.from({ length: 3 }, async () => {
      while (writing) steps.push(...(await flushAuditDigest(deps, randomUUID())));
    });
    await Promise.all(writers);
    writing = false;
    await Promise.all(flushers);
    steps.push(...(await flushAuditDigest(deps, randomUUID())));
    await slack.close();
    // Assess
    const texts = auditPosts(slack.requests).map((post) => post.text);
    const counted = texts.map((text) => Number(/^Reflex: (\d+) outcomes?/.exec(text)?.[1]));
    expect(counted.reduce((sum, n) => sum + n, 0)).toBe(150);
    // One flush call can post twice (a left-over sealed digest, then the open one), and its steps
    // are collected when it returns: flushers' steps and Slack's arrivals agree as sets, not order.
    const byCount = (a: number, b: number) => a - b;
    expect(postedOutcomes(steps).sort(byCount)).toEqual([...counted].sort(byCount));
    expect(counted.length).toBeGreaterThan(1);
    expect(await store.readOpen()).toBeUndefined();
  });

  it('the first ten outcomes of each kind are kept: failures that come last are still listed first', async () => {
    // Prepare
    const stack = await createTestStack(clients, 'digest-order');
    const store = new DynamoDbAuditDigestStore(new StateTable(clients, stack.tableName));
    const at = Date.parse('2025-03-01T12:00:00Z');
    // Act
    for (let index = 0; index < 30; index++)
      await store.append('planned', digestEntry(record('planned', index)), at + index * 1_000, randomUUID());
    await store.append('failed', digestEntry(record('failed', 99, 'throttled')), at + 40_000, randomUUID());
    const open = await store.readOpen();
    // Assess
    expect(open?.digest).toMatchObject({ total: 31, counts: { planned: 30, failed: 1 }, firstAt: at });
    expect(open?.digest.listed.planned).toHaveLength(10);
    if (open === undefined) throw new Error('no open digest');
    const summary = JSON.stringify(digestSummary(open.digest));
    expect(summary.indexOf('failed*')).toBeLessThan(summary.indexOf('planned*'));
    expect(summary).toContain('throttled');
    expect(summary).toContain('…and 21 more');
    expect(summary).toContain('2025-03-01 12:00:00–12:00:40 UTC');
  });

  it('a digest that cannot be written fails no action: the record is in the trail, the error logged', async () => {
    // Prepare
    const stack = await createTestStack(clients, 'digest-broken');
    const trail = new DynamoDbAuditLog(clients, stack.tableName);
    const errors: string[] = [];
    const log = new DigestAuditLog(
      chainedAuditStore(clients, stack.tableName),
      new DynamoDbAuditDigestStore(new StateTable(clients, `${stack.tableName}-missing`)),
      (message) => errors.push(message),
    );
    // Act
    await log.write({ ...record('succeeded', 7), id: randomUUID(), time: new Date().toISOString() });
    // Assess
    expect((await trail.query({ target: 'ec2:instance/i-7' })).map((r) => r.outcome)).toEqual(['succeeded']);
    expect(errors).toEqual(['audit outcome not added to the Slack digest']);
  });

  it('is due once the storm has been quiet for a while, or has lasted long enough', () => {
    // Prepare
    const timing = { quietMs: 30_000, maxAgeMs: 300_000 };
    const digest = { total: 1, counts: {}, listed: {}, firstAt: 0, lastAt: 100_000 };
    // Act + Assess
    expect(isDigestDue(digest, 129_999, timing)).toBe(false);
    expect(isDigestDue(digest, 130_000, timing)).toBe(true);
    expect(isDigestDue({ ...digest, lastAt: 299_999 }, 300_000, timing)).toBe(true);
  });

  it('the summary lists failures first, escapes what it quotes and counts what it does not list', () => {
    // Prepare
    const records = [
      ...Array.from({ length: 11 }, (_, i) => record('succeeded', i + 1)),
      record('failed', 0, '<!channel> broke'),
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
