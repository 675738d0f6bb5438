import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DevRuntime, startDev } from '../../../cli/dev/start-dev.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import type { AuditRecord } from '../../../shared/core/audit-record.ts';
import { postJson, rawRequest } from '../../support/dev-requests.ts';
import { instanceState, launchInstance, stopInstance, useLocalAws } from '../../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../../support/reflex-stack.ts';

let clients: AwsClients;
let runtime: DevRuntime;
let host: string;

beforeAll(async () => {
  clients = useLocalAws();
  runtime = await startDev({
    port: 0,
    endpoint: inject('motoEndpoint'),
    mode: 'enforce',
    policiesDir: join(REPOSITORY_ROOT, 'policies'),
    // The shared moto of the test run: the demo fleet is seeded by its own test.
    seed: false,
    say: () => undefined,
    stackName: `reflex-guard-${process.pid}`,
  });
  host = new URL(runtime.url).host;
});

afterAll(async () => {
  await runtime?.stop();
});

/** The EventBridge event of an instance that stopped: ec2-keep-running would start it again. */
function stoppedEvent(instanceId: string) {
  return {
    Entries: [
      {
        Source: 'aws.ec2',
        DetailType: 'EC2 Instance State-change Notification',
        Detail: JSON.stringify({ 'instance-id': instanceId, state: 'stopped' }),
        Resources: [`arn:aws:ec2:us-east-1:123456789012:instance/${instanceId}`],
      },
    ],
  };
}

async function auditOf(instanceId: string): Promise<AuditRecord[]> {
  const response = await fetch(
    `${runtime.url}/audit?target=${encodeURIComponent(`ec2:instance/${instanceId}`)}`,
  );
  return ((await response.json()) as { records: AuditRecord[] }).records;
}

async function auditUntil(instanceId: string, done: (records: AuditRecord[]) => boolean) {
  const deadline = Date.now() + 20_000;
  let records = await auditOf(instanceId);
  while (!done(records) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    records = await auditOf(instanceId);
  }
  return records;
}

describe("reflex dev's server refuses what a web page or another name sends", () => {
  it('a cross-origin text/plain POST, a rebinding Host, no token, a wrong token: 403/415 and nothing runs', async () => {
    // Prepare: a stopped instance that the shipped policy would start on the event below
    const instanceId = await launchInstance(clients, { 'reflex:desired-state': 'running' });
    await stopInstance(clients, instanceId);
    const body = JSON.stringify(stoppedEvent(instanceId));
    const own = { host, 'content-type': 'application/json', 'x-reflex-token': runtime.token };
    const post = (headers: Record<string, string>) =>
      rawRequest(runtime.url, { path: '/events', headers, body });
    // Act
    const attempts = {
      // What any page can send without a preflight: a "simple" cross-site request.
      crossSite: await post({ host, origin: 'http://evil.example', 'content-type': 'text/plain' }),
      // Even with the token, a foreign Origin is refused.
      crossSiteWithToken: await post({ ...own, origin: 'http://evil.example' }),
      sandboxedFrame: await post({ ...own, origin: 'null' }),
      // DNS rebinding: evil.example resolved to 127.0.0.1, so the browser sends its own name.
      rebound: await post({ ...own, host: `evil.example:${new URL(runtime.url).port}` }),
      otherPort: await post({ ...own, host: '127.0.0.1:1' }),
      noToken: await post({ host, 'content-type': 'application/json' }),
      wrongToken: await post({ ...own, 'x-reflex-token': `${runtime.token.slice(0, -1)}x` }),
      shortToken: await post({ ...own, 'x-reflex-token': 'x' }),
      textPlain: await post({ ...own, 'content-type': 'text/plain' }),
      form: await post({ ...own, 'content-type': 'application/x-www-form-urlencoded' }),
    };
    const stateAfterRefusals = await instanceState(clients, instanceId);
    const auditAfterRefusals = await auditOf(instanceId);
    // The same request as the dashboard and the CLI send it: accepted, and it does remediate.
    const accepted = await post({ ...own, origin: runtime.url });
    const records = await auditUntil(instanceId, (found) => found.some((r) => r.outcome === 'succeeded'));
    // Assess
    const statuses = Object.fromEntries(
      Object.entries(attempts).map(([name, answer]) => [name, answer.status]),
    );
    expect(statuses).toEqual({
      crossSite: 403,
      crossSiteWithToken: 403,
      sandboxedFrame: 403,
      rebound: 403,
      otherPort: 403,
      noToken: 403,
      wrongToken: 403,
      shortToken: 403,
      textPlain: 415,
      form: 415,
    });
    const errors = Object.fromEntries(
      Object.entries(attempts).map(([name, answer]) => [
        name,
        (JSON.parse(answer.text) as { error: string }).error,
      ]),
    );
    expect(errors.crossSite).toMatch(
      /^refused: requests from Origin "http:\/\/evil\.example" are not accepted/,
    );
    expect(errors.rebound).toMatch(
      /^refused: Host "evil\.example:\d+" is not this server; use http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(errors.noToken).toMatch(
      /^refused: no x-reflex-token header; send the token reflex dev printed at start/,
    );
    expect(errors.wrongToken).toBe(
      'refused: wrong x-reflex-token; reflex dev prints a new token each time it starts',
    );
    expect(errors.textPlain).toBe('refused: send the body as application/json (got text/plain)');
    for (const answer of Object.values(attempts)) {
      expect(answer.headers['content-type']).toBe('application/json');
      expect(answer.text).not.toContain(runtime.token);
    }
    expect(stateAfterRefusals).toBe('stopped');
    expect(auditAfterRefusals).toEqual([]);
    expect(accepted.status).toBe(202);
    // One remediation: none of the refused requests reached the pipeline.
    expect(records.map((record) => [record.action, record.outcome])).toEqual([
      ['ec2.start-instance', 'succeeded'],
    ]);
    expect(await instanceState(clients, instanceId)).toBe('running');
  });

  it('the dashboard page carries the token to its own origin only; a rebound name cannot read it', async () => {
    // Act
    const page = await fetch(`${runtime.url}/`);
    const html = await page.text();
    const viaLocalhost = await rawRequest(runtime.url, {
      method: 'GET',
      path: '/api/overview',
      headers: { host: `localhost:${new URL(runtime.url).port}` },
    });
    const reboundPage = await rawRequest(runtime.url, {
      method: 'GET',
      path: '/',
      headers: { host: `rebind.example:${new URL(runtime.url).port}` },
    });
    const crossSiteRead = await rawRequest(runtime.url, {
      method: 'GET',
      path: '/api/overview',
      headers: { host, origin: 'http://evil.example' },
    });
    // Assess
    expect(page.status).toBe(200);
    expect(html).toContain(`<meta name="reflex-token" content="${runtime.token}">`);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(viaLocalhost.status).toBe(200);
    expect(reboundPage.status).toBe(403);
    expect(reboundPage.text).not.toContain(runtime.token);
    expect(crossSiteRead.status).toBe(403);
  });

  it('a POST with the token and JSON is taken from 127.0.0.1 and localhost; tokens differ per run', async () => {
    // Prepare
    const second = await startDev({
      port: 0,
      endpoint: inject('motoEndpoint'),
      mode: 'dry-run',
      policiesDir: join(REPOSITORY_ROOT, 'policies'),
      seed: false,
      say: () => undefined,
      stackName: `reflex-guard2-${process.pid}`,
    });
    try {
      // Act
      const viaIp = await postJson(runtime, '/events', []);
      const viaLocalhost = await rawRequest(runtime.url, {
        path: '/events',
        headers: {
          host: `localhost:${new URL(runtime.url).port}`,
          origin: `http://localhost:${new URL(runtime.url).port}`,
          'content-type': 'application/json; charset=utf-8',
          'x-reflex-token': runtime.token,
        },
        body: '[]',
      });
      const otherRunsToken = await postJson({ url: runtime.url, token: second.token }, '/events', []);
      // Assess
      expect(viaIp.status).toBe(202);
      expect(viaLocalhost.status).toBe(202);
      expect(second.token).not.toBe(runtime.token);
      expect(second.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(otherRunsToken.status).toBe(403);
    } finally {
      await second.stop();
    }
  });

  it("Slack's endpoints keep their own signature check: no token needed, an unsigned body gets Slack's 401", async () => {
    // Act
    const unsigned = await rawRequest(runtime.url, {
      path: '/slack/commands',
      headers: { host: 'my-tunnel.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: 'user_id=U0VIEW&text=help',
    });
    // Assess
    expect(unsigned.status).toBe(401);
    expect(unsigned.text).toBe('missing X-Slack-Signature or X-Slack-Request-Timestamp header');
  });
});
