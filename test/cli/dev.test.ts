import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type DevRuntime, startDev } from '../../cli/dev/start-dev.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { AuditRecord } from '../../shared/core/audit-record.ts';
import { postJson } from '../support/dev-requests.ts';
import {
  instanceState,
  launchInstance,
  localAwsEnv,
  stopInstance,
  useLocalAws,
} from '../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

let clients: AwsClients;
let runtime: DevRuntime;
const said: string[] = [];

beforeAll(async () => {
  clients = useLocalAws();
  runtime = await startDev({
    port: 0,
    endpoint: inject('motoEndpoint'),
    mode: 'enforce',
    policiesDir: join(REPOSITORY_ROOT, 'policies'),
    // The shared moto of the test run: the demo fleet is seeded by its own test.
    seed: false,
    say: (line) => said.push(line),
  });
});

afterAll(async () => {
  await runtime?.stop();
});

async function auditUntil(
  target: string,
  done: (records: AuditRecord[]) => boolean,
  timeoutMs = 20_000,
): Promise<AuditRecord[]> {
  const deadline = Date.now() + timeoutMs;
  let records: AuditRecord[] = [];
  while (Date.now() < deadline) {
    const response = await fetch(`${runtime.url}/audit?target=${encodeURIComponent(target)}`);
    records = ((await response.json()) as { records: AuditRecord[] }).records;
    if (done(records)) return records;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return records;
}

describe('reflex dev (local runtime)', () => {
  it('takes a PutEvents body on POST /events and remediates through the worker loop', async () => {
    // Prepare
    const instanceId = await launchInstance(clients, { 'reflex:desired-state': 'running' });
    await stopInstance(clients, instanceId);
    const body = {
      Entries: [
        {
          Source: 'aws.ec2',
          DetailType: 'EC2 Instance State-change Notification',
          Detail: JSON.stringify({ 'instance-id': instanceId, state: 'stopped' }),
          Resources: [`arn:aws:ec2:us-east-1:123456789012:instance/${instanceId}`],
        },
      ],
    };
    // Act
    const response = await postJson(runtime, '/events', body);
    const records = await auditUntil(`ec2:instance/${instanceId}`, (found) =>
      found.some((r) => r.outcome === 'succeeded'),
    );
    // The worker loop reports a batch after deleting its messages, a moment after the audit write.
    for (let waited = 0; waited < 5_000 && !said.some((line) => line.startsWith('worker: ')); waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    // Assess
    expect(response.status).toBe(202);
    expect(records.map((r) => r.outcome)).toEqual(['succeeded']);
    expect(await instanceState(clients, instanceId)).toBe('running');
    expect(said.some((line) => line.startsWith('worker: 1 request(s), 0 failed'))).toBe(true);
  });

  it('answers bad input with a clear 400 or a rejection, and keeps serving', async () => {
    // Act
    const invalidJson = await postJson(runtime, '/events', '{"oops');
    const unknown = await postJson(runtime, '/events', { 'detail-type': 'Nope', source: 'x' });
    const health = await fetch(`${runtime.url}/healthz`);
    // Assess
    expect(invalidJson.status).toBe(400);
    expect(((await invalidJson.json()) as { error: string }).error).toMatch(/invalid request body/);
    const results = ((await unknown.json()) as { results: { rejected: { reason: string }[] }[] }).results;
    expect(results[0]?.rejected[0]?.reason).toMatch(/not an EventBridge event|unknown/);
    expect(health.status).toBe(200);
  });
});

describe('the reflex dev command', () => {
  let child: ChildProcess | undefined;

  afterAll(() => {
    child?.kill('SIGKILL');
  });

  it('starts from the binary, reports where it listens, and stops cleanly on SIGTERM', async () => {
    // Prepare
    child = spawn(
      process.execPath,
      [join(REPOSITORY_ROOT, 'bin/reflex.js'), 'dev', '--port', '0', '--endpoint', inject('motoEndpoint')],
      {
        cwd: REPOSITORY_ROOT,
        env: { ...process.env, ...localAwsEnv() },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    // Act
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no URL printed:\n${output}`)), 30_000);
      child?.stdout?.on('data', () => {
        const match = /http: (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
        if (match?.[1]) {
          clearTimeout(timer);
          resolve(match[1]);
        }
      });
    });
    const health = (await (await fetch(`${url}/healthz`)).json()) as { status: string };
    const exitCode = await new Promise<number | null>((resolve) => {
      child?.once('exit', (code) => resolve(code));
      child?.kill('SIGTERM');
    });
    // Assess
    expect(health.status).toBe('ok');
    expect(exitCode).toBe(0);
    expect(output).toContain('[reflex dev] stopping');
  });

  it('lists the runbooks with their next firings and runs one on POST /runbooks', async () => {
    // Act
    const listed = (await (await fetch(`${runtime.url}/runbooks`)).json()) as {
      runbooks: { name: string }[];
      upcoming: { schedule: string; at: string }[];
    };
    const started = await postJson(runtime, '/runbooks', {
      source: 'reflex.manual',
      runbook: 'report-idle-resources',
      params: { olderThanDays: '0' },
      paramsAreText: true,
      requestedBy: 'user:dev-test',
    });
    const outcome = (await started.json()) as { accepted: boolean; status: string; executionId: string };
    // Assess
    expect(listed.runbooks.map((runbook) => runbook.name)).toContain('office-hours-stop');
    expect(listed.upcoming.map((entry) => entry.schedule)).toContain('office-hours-stop-paris');
    expect(said).toContainEqual(
      expect.stringMatching(/^scheduler: \d+ runbook schedule\(s\), audit-digest rate\(1 minute\), next /),
    );
    expect(started.status).toBe(200);
    expect(outcome).toMatchObject({ accepted: true, status: 'succeeded' });
    const records = await auditUntil(
      `runbook-execution/${outcome.executionId}`,
      (found) => found.length >= 3,
    );
    expect(records.map((record) => record.action).sort()).toEqual([
      'check:ec2.find-unattached-volumes',
      'check:ec2.find-unused-addresses',
      'runbook',
    ]);
  });
});
