import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from '../../cli/dev/lambda-context.ts';
import { makeHandler as makeOnAlarm } from '../../functions/on-alarm/handler.ts';
import { makeHandler as makeOnEvent } from '../../functions/on-event/handler.ts';
import { makeHandler as makeWorker } from '../../functions/worker/handler.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { DynamoDbAuditLog } from '../../shared/aws/dynamodb-audit-log.ts';
import type { LocalStack } from '../../shared/aws/local/provision-local-stack.ts';
import { SqsEventSource } from '../../shared/aws/sqs-event-source.ts';
import type { AuditRecord } from '../../shared/core/audit-record.ts';
import type { DecideSummary } from '../../shared/pipeline/decide.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { createDecideDependencies } from '../../shared/runtime/trigger-dependencies.ts';
import { createWorkerDependencies } from '../../shared/runtime/worker-dependencies.ts';
import { roleClients } from './aws-checks/role-clients.ts';
import { createTestStack, localAwsEnv } from './local-aws.ts';

export const REPOSITORY_ROOT = join(import.meta.dirname, '../..');

/** A copy of the shipped policies with some text replaced (e.g. to switch a policy's mode). */
export function policiesVariant(
  edits: Record<string, [string, string] | (readonly [string, string])[]> = {},
): string {
  const directory = mkdtempSync(join(tmpdir(), 'reflex-policies-'));
  cpSync(join(REPOSITORY_ROOT, 'policies'), directory, { recursive: true });
  for (const [file, edit] of Object.entries(edits)) {
    const path = join(directory, file);
    let text = readFileSync(path, 'utf8');
    const list = typeof edit[0] === 'string' ? [edit as [string, string]] : (edit as [string, string][]);
    for (const [from, to] of list) {
      if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
      text = text.replace(from, to);
    }
    writeFileSync(path, text);
  }
  return directory;
}

type TriggerHandler = (event: unknown) => Promise<DecideSummary>;
type WorkerHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface ReflexHandlers {
  onEvent: TriggerHandler;
  onAlarm: TriggerHandler;
  worker: WorkerHandler;
}

/**
 * The handlers built from the TypeScript sources, as `reflex dev` and Lambda build them, each acting
 * as its own function's role from the packaged template (moto checks signatures and permissions).
 * `clientsOf` lets a test stub one call moto lacks on the very client a function uses.
 */
export function sourceHandlers(
  env: NodeJS.ProcessEnv,
  now?: () => Date,
  clientsOf: (functionName: 'on-event' | 'on-alarm' | 'worker') => AwsClients = roleClients,
): ReflexHandlers {
  const onEvent = makeOnEvent(lazy(() => createDecideDependencies(env, clientsOf('on-event'), now)));
  const onAlarm = makeOnAlarm(lazy(() => createDecideDependencies(env, clientsOf('on-alarm'), now)));
  const worker = makeWorker(lazy(() => createWorkerDependencies(env, clientsOf('worker'), now)));
  return {
    onEvent: (event) => onEvent(event, lambdaContext('on-event')),
    onAlarm: (event) => onAlarm(event, lambdaContext('on-alarm')),
    worker: (event) => worker(event, lambdaContext('worker')),
  };
}

export interface ReflexTestStack {
  stack: LocalStack;
  env: NodeJS.ProcessEnv;
  audit: DynamoDbAuditLog;
  /** Runs the worker over the queue until it is empty, as Lambda's SQS event source would. */
  drain(worker: WorkerHandler): Promise<{ received: number; failed: number }>;
  auditOf(target: string): Promise<AuditRecord[]>;
}

export async function reflexTestStack(
  clients: AwsClients,
  label: string,
  policiesDir: string,
  mode = 'enforce',
  visibilityTimeoutSeconds?: number,
): Promise<ReflexTestStack> {
  const stack = await createTestStack(clients, label, visibilityTimeoutSeconds);
  const env = {
    ...process.env,
    ...localAwsEnv(),
    REFLEX_TABLE: stack.tableName,
    REFLEX_QUEUE_URL: stack.queueUrl,
    ...(stack.eventBusName ? { REFLEX_EVENT_BUS: stack.eventBusName } : {}),
    REFLEX_MODE: mode,
    REFLEX_POLICIES_DIR: policiesDir,
  };
  const audit = new DynamoDbAuditLog(clients, stack.tableName);
  const source = new SqsEventSource(clients, stack.queueUrl, 'us-east-1');
  return {
    stack,
    env,
    audit,
    async drain(worker) {
      const total = { received: 0, failed: 0 };
      for (let empty = 0; empty < 2; ) {
        const result = await source.pollOnce(worker);
        total.received += result.received;
        total.failed += result.failed;
        empty = result.received === 0 ? empty + 1 : 0;
      }
      return total;
    },
    auditOf: (target) => audit.query({ target }),
  };
}
