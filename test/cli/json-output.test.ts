import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { DynamoDbApprovalStore } from '../../shared/aws/dynamodb-approval-store.ts';
import { StateTable } from '../../shared/aws/state-table.ts';
import { ApprovalService } from '../../shared/guardrails/approvals/approval-service.ts';
import { approveModeRequest } from '../guardrails/approvals/approval-fixtures.ts';
import { bufferIo } from '../support/cli-io.ts';
import { createTestStack, localAwsEnv, useLocalAws } from '../support/local-aws.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

const stoppedEvent = join(REPOSITORY_ROOT, 'events/ec2/instance-state-change-stopped.json');
let state: string[];
let approvals: ApprovalService;

beforeAll(async () => {
  const clients = useLocalAws();
  const stack = await createTestStack(clients, 'cli-json');
  state = ['--table', stack.tableName, '--endpoint', localAwsEnv().AWS_ENDPOINT_URL ?? ''];
  approvals = new ApprovalService(new DynamoDbApprovalStore(new StateTable(clients, stack.tableName)));
});

/** Runs `reflex ARGS --json`: stdout must be one JSON document; returns it with the exit code. */
async function json(args: string[]): Promise<{ code: number; data: unknown; err: string }> {
  const io = bufferIo();
  const code = await main([...args, '--json'], io);
  return { code, data: JSON.parse(io.out), err: io.err };
}

describe('one output contract: --json prints one JSON document on stdout', () => {
  it('validate, plan, match, runbook list and show, schema', async () => {
    expect((await json(['validate'])).data).toMatchObject({ policies: expect.any(Array) });
    const plan = await json(['plan', '--event', stoppedEvent, ...state]);
    expect(plan.data).toEqual(expect.any(Array));
    const matched = await json([
      'match',
      '--pattern',
      '{"source":["aws.ec2"]}',
      '--event',
      stoppedEvent,
      '--explain',
    ]);
    expect(matched).toMatchObject({ code: 0, data: { matched: true, explanation: expect.any(Array) } });
    const unmatched = await json(['match', '--pattern', '{"source":["aws.s3"]}', '--event', stoppedEvent]);
    expect(unmatched).toMatchObject({ code: 1, data: { matched: false } });
    const list = (await json(['runbook', 'list'])).data as { name: string; steps: number }[];
    expect(list.map((runbook) => runbook.name)).toContain('office-hours-stop');
    const shown = (await json(['runbook', 'show', 'office-hours-stop'])).data as {
      schedules: { next: string[] }[];
    };
    expect(shown.schedules[0]?.next).toHaveLength(3);
    const io = bufferIo();
    expect(await main(['schema'], io)).toBe(0);
    expect(JSON.parse(io.out)).toMatchObject({ type: 'object' });
  });

  it('pause, resume, approve and deny, against the state table', async () => {
    const paused = await json(['pause', 'ec2-keep-running', '--for', '1h', '--by', 'alice', ...state]);
    expect(paused.data).toMatchObject({
      paused: 'policy:ec2-keep-running',
      by: 'alice',
      until: expect.any(String),
    });
    const resumed = await json(['resume', 'ec2-keep-running', ...state]);
    expect(resumed.data).toEqual({ resumed: 'pause', scope: 'policy:ec2-keep-running', changed: true });
    const circuit = await json(['resume', '--circuit', 'global', ...state]);
    expect(circuit.data).toEqual({ resumed: 'circuit', scope: 'global', changed: false });

    const request = approveModeRequest();
    const record = await approvals.requestApproval(request, 'medium', new Date());
    const shown = await json(['approve', request.id, ...state]);
    expect(shown.data).toMatchObject({ approval: { id: request.id, planHash: record.planHash } });
    const denied = await json(['deny', request.id, '--as', 'bob', ...state]);
    expect(denied).toMatchObject({ code: 0, data: { denied: request.id, by: 'bob' } });
    const again = bufferIo();
    expect(await main(['deny', request.id, '--json', ...state], again)).toBe(1);
    expect(again.out).toBe('');
    expect(again.err).toMatch(/refused/);
  });

  it('a usage error prints no JSON on stdout and exits 2', async () => {
    const io = bufferIo();
    expect(await main(['pause', '--for', 'soon', '--json', ...state], io)).toBe(2);
    expect(io.out).toBe('');
    expect(io.err).toMatch(/--for must be a duration/);
  });
});

describe('reflex --version and completion', () => {
  it('prints the package version', async () => {
    const io = bufferIo();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out.trim()).toMatch(/^reflex \d+\.\d+\.\d+$/);
  });

  it('completes commands and their options in a real bash', async () => {
    const io = bufferIo();
    expect(await main(['completion', 'bash'], io)).toBe(0);
    const complete = (words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `${io.out}\nCOMP_WORDS=(${words.map((word) => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _reflex; printf '%s\\n' "\${COMPREPLY[@]}"`,
        ],
        { encoding: 'utf8' },
      )
        .trim()
        .split('\n');
    expect(complete(['reflex', 'pa'])).toEqual(['pause']);
    expect(complete(['reflex', 'runbook', '--d'])).toEqual(['--dry-run']);
    expect(complete(['reflex', 'pause', '--'])).toContain('--json');
  });

  it('refuses a shell it does not know', async () => {
    const io = bufferIo();
    expect(await main(['completion', 'fish'], io)).toBe(2);
    expect(io.err).toMatch(/bash or zsh, not "fish"/);
  });
});
