import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DevRuntime, startDev } from '../../cli/dev/start-dev.ts';
import { MAX_BODY_BYTES } from '../../shared/chatops/slack-request-gate.ts';
import { roleClients } from '../support/aws-checks/role-clients.ts';
import { type CapturedLogs, captureLogs } from '../support/capture-logs.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { rawRequest } from '../support/dev-requests.ts';
import { atOnce, slowClient } from '../support/http-abuse.ts';
import { useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';
import { slashCommandBody } from '../support/slack-requests.ts';

const SECRET = `abuse-signing-secret-${randomBytes(8).toString('hex')}`;
/** Bounded for a 2-core machine: every one that passes the server's in-flight limit is audited in moto. */
const AT_ONCE = 2_000;

let runtime: DevRuntime;
let logs: CapturedLogs;
let slack: Awaited<ReturnType<typeof startCaptureServer>>;

beforeAll(async () => {
  useLocalAws();
  logs = captureLogs();
  slack = await startCaptureServer();
  runtime = await startDev({
    port: 0,
    endpoint: inject('motoEndpoint'),
    mode: 'dry-run',
    policiesDir: join(REPOSITORY_ROOT, 'policies'),
    seed: false,
    say: () => undefined,
    stackName: `reflex-slack-abuse-${randomBytes(3).toString('hex')}`,
    slack: { signingSecret: SECRET },
    functionClients: roleClients,
    http: { headersTimeoutMs: 500, requestTimeoutMs: 1_500 },
  });
});

afterAll(async () => {
  await runtime?.stop();
  await slack?.close();
  logs?.restore();
});

/**
 * A POST to a Slack endpoint with the content type given, signed with the app's secret over the raw
 * bytes (slack-requests.ts signs text; these bodies need not be UTF-8).
 */
function signedPost(path: string, body: string | Buffer, contentType = 'application/x-www-form-urlencoded') {
  const timestamp = String(Math.floor(Date.now() / 1_000));
  const raw = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${timestamp}:`).update(raw).digest('hex')}`;
  return rawRequest(runtime.url, {
    path,
    headers: {
      host: new URL(runtime.url).host,
      'content-type': contentType,
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    },
    body: raw,
  });
}

function help(userId = 'U0ABUSE') {
  return slashCommandBody({ userId, text: 'help', responseUrl: `${slack.origin}/response` });
}

async function stillServes(): Promise<boolean> {
  const answer = await signedPost('/slack/commands', help());
  return answer.status === 200;
}

describe('the Slack endpoints under abuse (reflex dev hosting the chat-ops function)', () => {
  it("a body over the gate's 128 KB is 413, over the server's 1 MiB too; the endpoint keeps serving", async () => {
    // Act
    const overGate = await signedPost('/slack/commands', `${help()}&pad=${'x'.repeat(MAX_BODY_BYTES)}`);
    const overServer = await signedPost('/slack/commands', `${help()}&pad=${'x'.repeat(1024 * 1024)}`);
    // Assess
    expect(overGate.status).toBe(413);
    expect(overGate.text).toMatch(/^request body is \d+ bytes, over 131072$/);
    expect(overServer.status).toBe(413);
    expect(JSON.parse(overServer.text).error).toMatch(/over the limit of 1048576/);
    expect(await stillServes()).toBe(true);
  });

  it('a signed body of another content type is 415; bytes or escapes that are not UTF-8 are 400', async () => {
    // Act
    const json = await signedPost('/slack/commands', JSON.stringify({ text: 'help' }), 'application/json');
    const none = await signedPost('/slack/interactions', 'payload=%7B%7D', '');
    const rawBytes = await signedPost(
      '/slack/commands',
      Buffer.concat([Buffer.from(`${help()}&x=`), Buffer.from([0xff, 0xfe])]),
    );
    const badEscape = await signedPost('/slack/commands', `${help()}&x=%C0%AF`);
    const brokenEscape = await signedPost('/slack/interactions', 'payload=%E2%82');
    // Assess
    expect([json.status, none.status, rawBytes.status, badEscape.status, brokenEscape.status]).toEqual([
      415, 415, 400, 400, 400,
    ]);
    expect(json.text).toBe('Slack sends application/x-www-form-urlencoded; this request is application/json');
    expect(rawBytes.text).toBe('malformed Slack request: the body is not valid UTF-8');
    expect(badEscape.text).toBe(
      'malformed Slack request: the body has a malformed percent-escape or one that is not UTF-8',
    );
    expect(await stillServes()).toBe(true);
  });

  it('headers that arrive slowly, or a body that never ends, get 408', async () => {
    // Act
    const host = new URL(runtime.url).host;
    const [slowHeaders, slowBody] = await Promise.all([
      slowClient(runtime.url, `POST /slack/commands HTTP/1.1\r\nHost: ${host}\r\nX-Slack-Signature: `, {
        everyMs: 100,
      }),
      slowClient(
        runtime.url,
        `POST /slack/commands HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 50000\r\n\r\ntext=`,
        { everyMs: 100 },
      ),
    ]);
    // Assess
    expect(slowHeaders.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(slowBody.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(await stillServes()).toBe(true);
  });

  it(`${AT_ONCE} forged requests at once are each refused (401, or 429 past the in-flight limit); signed ones still work`, async () => {
    // Act
    const counts = await atOnce(AT_ONCE, (index) =>
      rawRequest(runtime.url, {
        path: index % 2 === 0 ? '/slack/commands' : '/slack/interactions',
        headers: {
          host: new URL(runtime.url).host,
          'content-type': 'application/x-www-form-urlencoded',
          'x-slack-request-timestamp': String(Math.floor(Date.now() / 1_000)),
          'x-slack-signature': `v0=${'0'.repeat(64)}`,
        },
        body: help(`U0FORGED${index}`),
      }),
    );
    // Assess
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(AT_ONCE);
    expect(Object.keys(counts).every((status) => status === '401' || status === '429')).toBe(true);
    expect(counts['401']).toBeGreaterThan(0);
    expect(await stillServes()).toBe(true);
  });

  it('nothing logged holds the signing secret, though refusals were logged', () => {
    // Assess
    const refusals = logs.lines().filter((line) => line.message === 'slack request refused');
    expect(refusals.length).toBeGreaterThan(0);
    expect(logs.text()).not.toContain(SECRET);
  });
});
