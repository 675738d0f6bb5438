import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DevRuntime, startDev } from '../../../cli/dev/start-dev.ts';
import { type CapturedLogs, captureLogs } from '../../support/capture-logs.ts';
import { postJson, rawRequest } from '../../support/dev-requests.ts';
import { atOnce, slowClient } from '../../support/http-abuse.ts';
import { useLocalAws } from '../../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../../support/reflex-stack.ts';

// Timeouts shortened from the defaults (10 s for headers, 30 s for a request) to keep the test short.
const HEADERS_TIMEOUT_MS = 500;
const REQUEST_TIMEOUT_MS = 1_500;
/** Lower than the default (64), so a few slow clients fill it. */
const MAX_IN_FLIGHT = 8;
/** Bounded for a 2-core machine (6,000 passed too, in 4 s; 10,000 would need 20,000 descriptors here). */
const AT_ONCE = 2_000;

let runtime: DevRuntime;
let logs: CapturedLogs;
const said: string[] = [];

beforeAll(async () => {
  useLocalAws();
  logs = captureLogs();
  runtime = await startDev({
    port: 0,
    endpoint: inject('motoEndpoint'),
    mode: 'dry-run',
    policiesDir: join(REPOSITORY_ROOT, 'policies'),
    seed: false,
    say: (line) => said.push(line),
    stackName: `reflex-abuse-${process.pid}`,
    http: {
      headersTimeoutMs: HEADERS_TIMEOUT_MS,
      requestTimeoutMs: REQUEST_TIMEOUT_MS,
      maxInFlight: MAX_IN_FLIGHT,
    },
  });
});

afterAll(async () => {
  await runtime?.stop();
  logs?.restore();
});

async function healthy(): Promise<boolean> {
  const response = await fetch(`${runtime.url}/healthz`);
  return response.status === 200 && ((await response.json()) as { status: string }).status === 'ok';
}

function headers(extra: Record<string, string> = {}) {
  return {
    host: new URL(runtime.url).host,
    'content-type': 'application/json',
    'x-reflex-token': runtime.token,
    ...extra,
  };
}

describe("reflex dev's server under abuse", () => {
  it('a body over 1 MiB is refused with 413, declared or streamed; the server stays up', async () => {
    // Prepare
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    // Act
    const declared = await rawRequest(runtime.url, { path: '/events', headers: headers(), body: big });
    const streamed = await rawRequest(runtime.url, {
      path: '/events',
      headers: headers({ 'transfer-encoding': 'chunked' }),
      body: big,
    });
    // Assess
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text)).toEqual({
      error: 'request body is 1048577 bytes, over the limit of 1048576',
    });
    expect(streamed.status).toBe(413);
    expect(JSON.parse(streamed.text)).toEqual({ error: 'request body is over the limit of 1048576 bytes' });
    expect(await healthy()).toBe(true);
  });

  it('the wrong content type is 415, invalid UTF-8 and invalid JSON are 400', async () => {
    // Act
    const form = await rawRequest(runtime.url, {
      path: '/events',
      headers: headers({ 'content-type': 'multipart/form-data; boundary=x' }),
      body: '--x--',
    });
    const notUtf8 = await postJson(runtime, '/events', Buffer.from([0x5b, 0x22, 0xff, 0xfe, 0x22, 0x5d]));
    const overlong = await postJson(runtime, '/events', Buffer.from([0x5b, 0x22, 0xc0, 0xaf, 0x22, 0x5d]));
    const notJson = await postJson(runtime, '/runbooks', '{"runbook": ');
    // Assess
    expect([form.status, notUtf8.status, overlong.status, notJson.status]).toEqual([415, 400, 400, 400]);
    expect(JSON.parse(form.text).error).toBe(
      'refused: send the body as application/json (got multipart/form-data)',
    );
    expect(((await notUtf8.json()) as { error: string }).error).toBe('invalid request body: not valid UTF-8');
    expect(((await notJson.json()) as { error: string }).error).toMatch(/^invalid request body: /);
    expect(await healthy()).toBe(true);
  });

  it('headers that arrive slowly, or a body that never ends, get 408 and the connection closed', async () => {
    // Act
    const [slowHeaders, slowBody, bodyNeverSent] = await Promise.all([
      slowClient(runtime.url, 'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ', { everyMs: 100 }),
      slowClient(
        runtime.url,
        `POST /events HTTP/1.1\r\nHost: ${new URL(runtime.url).host}\r\nContent-Type: application/json\r\nX-Reflex-Token: ${runtime.token}\r\nContent-Length: 100000\r\n\r\n[`,
        { everyMs: 100 },
      ),
      slowClient(
        runtime.url,
        `POST /events HTTP/1.1\r\nHost: ${new URL(runtime.url).host}\r\nContent-Type: application/json\r\nX-Reflex-Token: ${runtime.token}\r\nContent-Length: 10\r\n\r\n`,
      ),
    ]);
    // Assess
    expect(slowHeaders.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(slowBody.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(bodyNeverSent.answer).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(await healthy()).toBe(true);
  });

  it('past the in-flight limit a request is told 429 at once, not queued; the server serves again after', async () => {
    // Prepare: slow bodies hold every slot until their request times out
    const slowPost = `POST /events HTTP/1.1\r\nHost: ${new URL(runtime.url).host}\r\nContent-Type: application/json\r\nX-Reflex-Token: ${runtime.token}\r\nContent-Length: 100000\r\n\r\n[`;
    const holders = Array.from({ length: MAX_IN_FLIGHT }, () =>
      slowClient(runtime.url, slowPost, { everyMs: 100 }),
    );
    // Give the holders time to arrive (their own answers, 408, are awaited below).
    while (
      (await rawRequest(runtime.url, { method: 'GET', path: '/healthz', headers: headers() })).status !== 429
    )
      await new Promise((resolve) => setTimeout(resolve, 20));
    // Act
    const busy = await rawRequest(runtime.url, { path: '/events', headers: headers(), body: '[]' });
    const held = await Promise.all(holders);
    const after = await postJson(runtime, '/events', []);
    // Assess
    expect(busy.status).toBe(429);
    expect(busy.headers['retry-after']).toBe('1');
    expect(JSON.parse(busy.text)).toEqual({
      error: `busy: ${MAX_IN_FLIGHT} requests in progress; retry in a moment`,
    });
    expect(held.map((client) => client.answer.slice(0, 29))).toEqual(
      Array(MAX_IN_FLIGHT).fill('HTTP/1.1 408 Request Timeout\r'),
    );
    expect(after.status).toBe(202);
  });

  it('headers over 16 KB are refused with 431', async () => {
    // Act
    const answer = await rawRequest(runtime.url, {
      method: 'GET',
      path: '/healthz',
      headers: { host: new URL(runtime.url).host, 'x-filler': 'x'.repeat(20 * 1024) },
    });
    // Assess
    expect(answer.status).toBe(431);
    expect(await healthy()).toBe(true);
  });

  it(`${AT_ONCE} requests at once are each answered (or told 429 to retry), and the server stays up`, async () => {
    // Act: reads, refused writes and accepted writes, all at once on fresh connections
    const counts = await atOnce(AT_ONCE, (index) => {
      const kind = index % 4;
      if (kind === 0)
        return rawRequest(runtime.url, {
          method: 'GET',
          path: '/healthz',
          headers: { host: new URL(runtime.url).host },
        });
      if (kind === 1)
        return rawRequest(runtime.url, {
          path: '/events',
          headers: headers({ 'x-reflex-token': 'guess' }),
          body: '[]',
        });
      if (kind === 2)
        return rawRequest(runtime.url, {
          path: '/events',
          headers: headers({ origin: 'http://evil.example', 'content-type': 'text/plain' }),
          body: '[]',
        });
      return rawRequest(runtime.url, { path: '/events', headers: headers(), body: '[]' });
    });
    // Assess: every request got an HTTP answer, none was dropped or reset
    const total = Object.values(counts).reduce((sum, count) => sum + count, 0);
    expect(total).toBe(AT_ONCE);
    expect(Object.keys(counts).every((status) => ['200', '202', '403', '429'].includes(status))).toBe(true);
    expect(counts['403']).toBeGreaterThan(0);
    expect(await healthy()).toBe(true);
    expect((await postJson(runtime, '/events', [])).status).toBe(202);
  });

  it('nothing logged holds the token, besides the one line that prints it at start', () => {
    // Assess
    const printed = said.filter((line) => line.includes(runtime.token));
    expect(printed).toEqual([expect.stringMatching(/^token: \S+ \(send it as x-reflex-token/)]);
    expect(logs.text()).not.toContain(runtime.token);
  });
});
