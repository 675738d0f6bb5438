import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DevRuntime, startDev } from '../../cli/dev/start-dev.ts';
import { actionRegistry } from '../../shared/actions/registry.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbApprovalStore } from '../../shared/aws/dynamodb-approval-store.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import { DynamoDbStateCells } from '../../shared/aws/dynamodb-state-cells.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import type { AuditRecord } from '../../shared/core/audit-record.ts';
import type { RunbookLaunch, RunbookLauncher } from '../../shared/core/runbook-launcher.ts';
import { ApprovalService } from '../../shared/guardrails/approvals/approval-service.ts';
import { activePause } from '../../shared/guardrails/pause.ts';
import { buildRequest } from '../../shared/planner/build-request.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { type CapturedRequest, startCaptureServer } from '../support/capture-server.ts';
import { postJson } from '../support/dev-requests.ts';
import { loadEvent } from '../support/fixtures.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../support/local-aws.ts';
import { policiesVariant } from '../support/reflex-stack.ts';
import { createAutoScalingGroup, groupSize } from '../support/scaling-fleet.ts';
import {
  buttonClickBody,
  postToSlackEndpoint,
  signBody,
  slashCommandBody,
} from '../support/slack-requests.ts';

const SECRET = `test-signing-secret-${randomBytes(4).toString('hex')}`;
const CHATOPS_YML = `roles:
  admin: [U0ADMIN]
  operator: [U0OPS1, U0OPS2, S0ONCALL]
  viewer: [U0VIEW]
`;
const APPROVE_POLICY = `policies:
  - name: start-after-approval
    on: { source: [aws.ec2], detail-type: [EC2 Instance State-change Notification], detail: { state: [stopped] } }
    filters: { tags: { "reflex:approval-demo": "yes" } }
    actions: [{ action: ec2.start-instance }]
    mode: approve
`;

let clients: AwsClients;
let runtime: DevRuntime;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;
const launches: RunbookLaunch[] = [];
const runbooks: RunbookLauncher = {
  names: () => ['restart-web'],
  riskOf: (name) => (name === 'restart-web' ? 'medium' : undefined),
  async launch(launch) {
    launches.push(launch);
    return {
      ok: true,
      runId: `run-${launches.length}`,
      summary: `restarting (${Object.keys(launch.params).length} params)`,
    };
  },
};

beforeAll(async () => {
  clients = useLocalAws();
  // One capture server plays Slack: response_url, both incoming webhooks and the Web API.
  slack = await startCaptureServer(200, (request) =>
    request.path.startsWith('/api/usergroups.list')
      ? {
          status: 200,
          contentType: 'application/json',
          body: JSON.stringify({ ok: true, usergroups: [{ id: 'S0ONCALL', users: ['U0GROUPIE'] }] }),
        }
      : undefined,
  );
  const config = join(mkdtempSync(join(tmpdir(), 'reflex-chatops-')), 'chatops.yml');
  writeFileSync(config, CHATOPS_YML);
  const policies = policiesVariant();
  writeFileSync(join(policies, 'approve.yml'), APPROVE_POLICY);
  runtime = await startDev({
    port: 0,
    endpoint: inject('motoEndpoint'),
    mode: 'enforce',
    policiesDir: policies,
    say: () => undefined,
    stackName: `reflex-chat-${randomBytes(3).toString('hex')}`,
    slack: {
      signingSecret: SECRET,
      auditWebhookUrl: `${slack.origin}/hooks/audit`,
      approvalsWebhookUrl: `${slack.origin}/hooks/approvals`,
      botToken: 'xoxb-test-token',
      apiUrl: `${slack.origin}/api`,
      chatopsConfig: config,
    },
    runbooks,
    // The test run's moto checks signatures and IAM: each function acts as its packaged role.
    functionClients: roleClients,
  });
});

afterAll(async () => {
  await runtime?.stop();
  await slack?.close();
});

function responsePath(): string {
  return `/response/${randomUUID()}`;
}

async function slash(userId: string, text: string, path = responsePath()) {
  const body = slashCommandBody({ userId, text, responseUrl: `${slack.origin}${path}` });
  const response = await postToSlackEndpoint(`${runtime.url}/slack/commands`, signBody(SECRET, body));
  const raw = await response.text();
  const ack = raw.startsWith('{')
    ? (JSON.parse(raw) as { response_type?: string; text: string })
    : { text: raw };
  return { status: response.status, ack: { ...ack, text: shown(ack.text) }, path };
}

/** Slack's mrkdwn escapes `&`, `<` and `>`; Slack shows them unescaped. */
function shown(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

async function posted(path: string, timeoutMs = 20_000): Promise<Record<string, unknown> & { text: string }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const found = slack.requests.find((request) => request.path === path);
    if (found) {
      const message = JSON.parse(found.body) as Record<string, unknown> & { text: string };
      return { ...message, text: shown(message.text) };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing was posted to ${path}`);
}

/**
 * What reached `path` once the chat queue has caught up: a `help` queued after the command under
 * test is answered first (a job queued before it would be in the same or an earlier batch), plus a
 * moment for a job of the same batch that is still posting.
 */
async function nothingPosted(path: string): Promise<CapturedRequest[]> {
  const sentinel = responsePath();
  await slash('U0VIEW', 'help', sentinel);
  await posted(sentinel);
  await new Promise((resolve) => setTimeout(resolve, 250));
  return slack.requests.filter((request) => request.path === path);
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

function auditOf(target: string): Promise<AuditRecord[]> {
  return new DynamoDbAuditLog(clients, runtime.stack.tableName).query({ target });
}

describe('chat-ops commands through reflex dev (signed Slack requests, moto)', () => {
  it('help: acknowledges at once, then posts every command and its role to response_url', async () => {
    // Act
    const { status, ack, path } = await slash('U0VIEW', 'help');
    const reply = await posted(path);
    // Assess
    expect(status).toBe(200);
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.text).toContain('working on');
    expect(reply.text).toContain('you are *viewer*');
    for (const usage of [
      'status <resource>',
      'scale <group> <n>',
      'approve <id>',
      'history [resource]',
      'pause [policy|all]',
      'run <runbook>',
    ]) {
      expect(reply.text).toContain(usage);
    }
  });

  it('status: live state, guardrail state and recent audit of an instance', async () => {
    // Prepare
    const instanceId = await launchInstance(clients);
    // Act
    const { path } = await slash('U0VIEW', `status ${instanceId}`);
    const reply = await posted(path);
    // Assess
    expect(reply.text).toContain(`ec2:instance/${instanceId}`);
    expect(reply.text).toMatch(/live: running, t3\.micro/);
    expect(reply.text).toContain('quarantine: no');
    expect(reply.text).toContain('automation: running');
  });

  it('plan: dry-runs a fixture by name and an inline JSON event, queueing nothing', async () => {
    // Prepare
    const event = loadEvent<Record<string, unknown>>('ec2/instance-state-change-stopped.json');
    // Act
    const byName = await slash('U0VIEW', 'plan ec2/instance-state-change-stopped');
    const inline = await slash('U0VIEW', `plan ${JSON.stringify(event)}`);
    const unknown = await slash('U0VIEW', 'plan ec2/no-such-fixture');
    const [named, json, missing] = await Promise.all([
      posted(byName.path),
      posted(inline.path),
      posted(unknown.path),
    ]);
    // Assess
    expect(named.text).toContain('nothing is queued');
    expect(named.text).toContain('ec2-keep-running');
    expect(named.text).toMatch(/filtered ec2-keep-running/);
    expect(json.text).toContain('inline event');
    expect(json.text).toContain('ec2-keep-running');
    expect(missing.text).toMatch(/no fixture .*known fixtures: .*ec2\/instance-state-change-stopped/);
    expect(await auditOf('ec2:instance/i-0123456789abcdef0')).toEqual([]);
  });

  it('scale: plans set-desired-capacity as the Slack user through the guardrails; the worker executes it', async () => {
    // Prepare
    const group = await createAutoScalingGroup(clients, { min: 1, max: 5, desired: 1 });
    // Act
    const { ack, path } = await slash('U0OPS1', `scale ${group} 3`);
    const reply = await posted(path);
    const desired = await until(
      async () => (await groupSize(clients, group)).desired,
      (value) => value === 3,
    );
    const records = await until(
      () => auditOf(`autoscaling:group/${group}`),
      (found) =>
        found.some((r) => r.action === 'autoscaling.set-desired-capacity' && r.outcome === 'succeeded'),
    );
    // Assess
    expect(ack.text).toContain(`scale ${group} 3`);
    expect(reply).toMatchObject({ response_type: 'in_channel' });
    expect(reply.text).toMatch(/queued: Set desired capacity .* to 3\. \(enforce, request `[0-9a-f]{32}`\)/);
    expect(desired).toBe(3);
    const executed = records.find(
      (r) => r.action === 'autoscaling.set-desired-capacity' && r.outcome === 'succeeded',
    );
    expect(executed).toMatchObject({
      actor: 'slack:U0OPS1',
      origin: { type: 'user', name: 'chatops' },
      action: 'autoscaling.set-desired-capacity',
    });
    expect(
      records
        .filter((r) => r.action === 'chatops.scale')
        .map((r) => r.outcome)
        .sort(),
    ).toEqual(['planned', 'succeeded']);
  });

  it('pause and resume a policy; a user-group member gets the role of the group (Slack usergroups.list)', async () => {
    // Prepare
    const cells = new DynamoDbStateCells(new StateTable(clients, runtime.stack.tableName));
    // Act
    const paused = await slash('U0GROUPIE', 'pause ec2-keep-running for 1h');
    const pausedReply = await posted(paused.path);
    const whilePaused = await activePause(cells, 'policy:ec2-keep-running', new Date());
    const resumed = await slash('U0GROUPIE', 'resume ec2-keep-running');
    const resumedReply = await posted(resumed.path);
    // Assess
    expect(pausedReply.text).toMatch(/paused policy `ec2-keep-running` for 1h/);
    expect(whilePaused).toMatchObject({ by: 'slack:U0GROUPIE' });
    expect(resumedReply.text).toContain('resumed policy `ec2-keep-running`');
    expect(await activePause(cells, 'policy:ec2-keep-running', new Date())).toBeUndefined();
    const apiCall = slack.requests.find((request) => request.path.startsWith('/api/usergroups.list'));
    expect(apiCall?.path).toContain('include_users=true');
    expect(apiCall?.headers.authorization).toBe('Bearer xoxb-test-token');
  });

  it('history: the audit trail of a resource, newest first, with the Slack identity', async () => {
    // Prepare
    await posted((await slash('U0VIEW', 'help')).path);
    // Act
    const { path } = await slash('U0VIEW', 'history slack:user/U0VIEW --since 1h');
    const reply = await posted(path);
    // Assess
    expect(reply.text).toContain('History of `slack:user/U0VIEW`');
    expect(reply.text).toMatch(/chatops\.help → `slack:user\/U0VIEW` by slack:U0VIEW/);
  });

  it('run: starts a runbook through the RunbookLauncher port, with quoted and unicode parameters', async () => {
    // Act
    const { path } = await slash('U0OPS1', 'run restart-web reason="disk full" région=zürich');
    const reply = await posted(path);
    const unknown = await slash('U0OPS1', 'run no-such-runbook');
    // Assess
    expect(reply.text).toMatch(/runbook `restart-web` started by <@U0OPS1> \(run run-\d+\)/);
    expect(launches.at(-1)).toMatchObject({
      name: 'restart-web',
      params: { reason: 'disk full', région: 'zürich' },
      requestedBy: 'slack:U0OPS1',
    });
    expect(unknown.ack.text).toContain('unknown runbook "no-such-runbook"; valid runbooks: restart-web');
  });

  it('approvals: a parked request is posted with buttons; another person approves it and the worker executes it', async () => {
    // Prepare
    const instanceId = await launchInstance(clients, { 'reflex:approval-demo': 'yes' });
    await stopInstance(clients, instanceId);
    const entries = [
      {
        Source: 'aws.ec2',
        DetailType: 'EC2 Instance State-change Notification',
        Detail: JSON.stringify({ 'instance-id': instanceId, state: 'stopped' }),
        Resources: [`arn:aws:ec2:us-east-1:123456789012:instance/${instanceId}`],
      },
    ];
    await postJson(runtime, '/events', { Entries: entries });
    const announcement = await until(
      async () => slack.requests.find((r) => r.path === '/hooks/approvals' && r.body.includes(instanceId)),
      (found) => found !== undefined,
    );
    const message = JSON.parse(announcement?.body ?? '{}') as {
      blocks: { type: string; elements?: { action_id: string; value: string }[] }[];
    };
    const buttons = message.blocks.find((block) => block.type === 'actions')?.elements ?? [];
    const approve = buttons.find((button) => button.action_id === 'reflex.approve');
    const path = responsePath();
    // Act
    const click = await postToSlackEndpoint(
      `${runtime.url}/slack/interactions`,
      signBody(
        SECRET,
        buttonClickBody({
          userId: 'U0OPS2',
          actionId: 'reflex.approve',
          value: approve?.value ?? '',
          responseUrl: `${slack.origin}${path}`,
        }),
      ),
    );
    const reply = await posted(path);
    const state = await until(
      () => instanceState(clients, instanceId),
      (value) => value === 'running',
    );
    // Assess
    expect(buttons.map((button) => button.action_id)).toEqual(['reflex.approve', 'reflex.deny']);
    expect(JSON.parse(approve?.value ?? '{}')).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f]{32}$/),
      planHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(click.status).toBe(200);
    expect(reply).toMatchObject({ replace_original: true });
    expect(reply.text).toContain('approved by <@U0OPS2>');
    expect(state).toBe('running');
    const outcomes = await until(
      () => auditOf(`ec2:instance/${instanceId}`),
      (found) => found.some((r) => r.outcome === 'succeeded'),
    );
    expect(outcomes.map((r) => r.outcome).sort()).toEqual(['awaiting-approval', 'succeeded']);
  });

  it('approvals: the two-person rule refuses a self-approval of a high-risk action; deny from the command line works', async () => {
    // Prepare
    const approvals = new ApprovalService(
      new DynamoDbApprovalStore(new StateTable(clients, runtime.stack.tableName)),
    );
    const planned = buildRequest({
      action: actionRegistry.get('ec2.stop-instance'),
      params: { instanceId: 'i-0fedcba9876543210' },
      origin: { type: 'user', name: 'chatops' },
      requestedBy: 'slack:U0ADMIN',
      mode: 'approve',
      ceiling: 'enforce',
      signalId: `chat:${randomUUID()}`,
      now: new Date(),
    });
    if (!planned.ok) throw new Error(planned.reason);
    const { record } = await approvals.askOnce(planned.request, 'high', new Date());
    const value = JSON.stringify({ id: record.id, planHash: record.planHash });
    const selfPath = responsePath();
    // Act
    await postToSlackEndpoint(
      `${runtime.url}/slack/interactions`,
      signBody(
        SECRET,
        buttonClickBody({
          userId: 'U0ADMIN',
          actionId: 'reflex.approve',
          value,
          responseUrl: `${slack.origin}${selfPath}`,
        }),
      ),
    );
    const selfReply = await posted(selfPath);
    const operatorApproval = await slash('U0OPS1', `approve ${record.id} ${record.planHash}`);
    const operatorReply = await posted(operatorApproval.path);
    const denial = await slash('U0OPS1', `deny ${record.id} "not during the freeze"`);
    const denialReply = await posted(denial.path);
    const stored = await new DynamoDbApprovalStore(new StateTable(clients, runtime.stack.tableName)).get(
      record.id,
    );
    // Assess
    expect(selfReply.text).toMatch(/refused \(self-approval\): two-person rule/);
    expect(operatorReply.text).toContain(
      'approving a high-risk action needs the admin role; you are operator',
    );
    expect(denialReply.text).toContain('denied by <@U0OPS1>: not during the freeze');
    expect(stored).toMatchObject({ status: 'denied', decidedBy: 'slack:U0OPS1' });
  });
});

describe('chat-ops refusals: nothing executed, the right status and message, audited', () => {
  it('a forged signature is refused with 401', async () => {
    // Prepare
    const path = responsePath();
    const body = slashCommandBody({
      userId: 'U0FORGED',
      text: 'pause all',
      responseUrl: `${slack.origin}${path}`,
    });
    // Act
    const response = await postToSlackEndpoint(
      `${runtime.url}/slack/commands`,
      signBody('not-the-secret', body),
    );
    // Assess
    expect(response.status).toBe(401);
    expect(await response.text()).toBe('signature does not match the request');
    expect(await nothingPosted(path)).toEqual([]);
    const [audited] = await auditOf('slack:user/U0FORGED');
    expect(audited).toMatchObject({ actor: 'slack-unverified:U0FORGED', outcome: 'skipped' });
    expect(audited?.reason).toContain('refused (401)');
  });

  it('a stale timestamp is refused with 401, even correctly signed', async () => {
    // Prepare
    const body = slashCommandBody({
      userId: 'U0STALE',
      text: 'help',
      responseUrl: `${slack.origin}${responsePath()}`,
    });
    // Act
    const response = await postToSlackEndpoint(
      `${runtime.url}/slack/commands`,
      signBody(SECRET, body, Math.floor(Date.now() / 1_000) - 600),
    );
    // Assess
    expect(response.status).toBe(401);
    expect(await response.text()).toMatch(/request timestamp is 6\d\d s away from now \(at most 300 s\)/);
    expect((await auditOf('slack:user/U0STALE'))[0]?.reason).toContain('refused (401)');
  });

  it('a replayed request is refused with 409 and runs once', async () => {
    // Prepare
    const path = responsePath();
    const signed = signBody(
      SECRET,
      slashCommandBody({ userId: 'U0VIEW', text: 'help', responseUrl: `${slack.origin}${path}` }),
    );
    // Act
    const first = await postToSlackEndpoint(`${runtime.url}/slack/commands`, signed);
    const replay = await postToSlackEndpoint(`${runtime.url}/slack/commands`, signed);
    await posted(path);
    // Assess
    expect(first.status).toBe(200);
    expect(replay.status).toBe(409);
    expect(await replay.text()).toContain('replay');
    expect(await nothingPosted(path)).toHaveLength(1);
  });

  it('a missing header and a malformed payload are refused with 401 and 400', async () => {
    // Act
    const unsigned = await fetch(`${runtime.url}/slack/commands`, {
      method: 'POST',
      body: 'user_id=U0VIEW&text=help',
    });
    const malformed = await postToSlackEndpoint(
      `${runtime.url}/slack/commands`,
      signBody(SECRET, 'text=help&command=%2Freflex'),
    );
    const badPayload = await postToSlackEndpoint(
      `${runtime.url}/slack/interactions`,
      signBody(SECRET, 'payload=%7Bnot-json'),
    );
    // Assess
    expect(unsigned.status).toBe(401);
    expect(malformed.status).toBe(400);
    expect(await malformed.text()).toMatch(/^malformed slash command: /);
    expect(badPayload.status).toBe(400);
    expect(await badPayload.text()).toContain('not JSON');
  });

  it('an unknown user is told so; nothing runs; the refusal is audited with the Slack identity', async () => {
    // Prepare
    const cells = new DynamoDbStateCells(new StateTable(clients, runtime.stack.tableName));
    // Act
    const { status, ack, path } = await slash('U0STRANGER', 'pause all');
    // Assess
    expect(status).toBe(200);
    expect(ack).toMatchObject({ response_type: 'ephemeral' });
    expect(ack.text).toContain('unknown user U0STRANGER: you have no Reflex role');
    expect(await nothingPosted(path)).toEqual([]);
    expect(await activePause(cells, 'global', new Date())).toBeUndefined();
    expect(await auditOf('slack:user/U0STRANGER')).toEqual([
      expect.objectContaining({
        actor: 'slack:U0STRANGER',
        action: 'chatops.(unauthorized)',
        outcome: 'skipped',
      }),
    ]);
  });

  it('an insufficient role is refused, for commands and for buttons', async () => {
    // Prepare
    const clickPath = responsePath();
    const value = JSON.stringify({ id: 'a'.repeat(32), planHash: 'b'.repeat(64) });
    // Act
    const { ack, path } = await slash('U0VIEW', 'scale web 2');
    const click = await postToSlackEndpoint(
      `${runtime.url}/slack/interactions`,
      signBody(
        SECRET,
        buttonClickBody({
          userId: 'U0VIEW',
          actionId: 'reflex.approve',
          value,
          responseUrl: `${slack.origin}${clickPath}`,
        }),
      ),
    );
    const clickReply = await posted(clickPath);
    // Assess
    expect(ack.text).toContain('`scale` needs the operator role (the action is medium risk); you are viewer');
    expect(await nothingPosted(path)).toEqual([]);
    expect(click.status).toBe(200);
    expect(clickReply).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(clickReply.text).toContain('`approve` needs the operator role; you are viewer');
    const audited = await auditOf('slack:user/U0VIEW');
    expect(audited.some((r) => r.action === 'chatops.scale' && r.outcome === 'skipped')).toBe(true);
  });

  it.each([
    [
      'an unknown command, listing the valid ones',
      'frobnicate now',
      /unknown command "frobnicate"; valid commands: help, status, plan, run, scale, approve, deny, history, pause, resume/,
    ],
    ['an unbalanced quote', 'run restart-web reason="disk full', /unbalanced quote " at character/],
    [
      'a bidirectional override',
      'status i-0123456789abcdef0\u202e',
      /control or bidirectional-override characters/,
    ],
    ['a NUL byte', 'pause all\u0000', /control or bidirectional-override characters/],
    ['10 KB of text', `status ${'x'.repeat(10 * 1024)}`, /command text is 10247 characters; at most 1000/],
    ['a shell-ish resource name', 'status $(reboot);rm', /that is not a resource name/],
    ['a negative capacity', 'scale web -1', /desired capacity must be a whole number/],
  ])('refuses %s before queueing anything', async (_label, text, message) => {
    // Act
    const { status, ack, path } = await slash('U0ADMIN', text);
    // Assess
    expect(status).toBe(200);
    expect(ack.text).toMatch(message);
    expect(await nothingPosted(path)).toEqual([]);
    const audited = await auditOf('slack:user/U0ADMIN');
    expect(audited.some((r) => r.outcome === 'skipped' && message.test(r.reason))).toBe(true);
  });

  it('accepts unicode names and echoes them escaped', async () => {
    // Act
    const { path } = await slash('U0VIEW', 'status "wéb-ünï"');
    const reply = await posted(path);
    // Assess
    expect(reply.text).toContain('autoscaling:group/wéb-ünï');
    expect(reply.text).toContain('no such Auto Scaling group');
  });
});
