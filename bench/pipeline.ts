/**
 * Pipeline bench: N ActionRequests (plus re-sent duplicates) drained through the worker handler
 * against moto, with every guardrail and Powertools idempotency on. Counts lost and duplicated
 * executions, throughput, and enqueue-to-execution latency.
 */
import { randomUUID } from 'node:crypto';
import type { SQSEvent } from 'aws-lambda';
import { lambdaContext } from '../cli/dev/lambda-context.ts';
import { startMotoServer } from '../cli/dev/moto-server.ts';
import { makeHandler } from '../functions/worker/handler.ts';
import { createAwsClients } from '../shared/aws/all-clients.ts';
import { provisionLocalStack } from '../shared/aws/local/provision-local-stack.ts';
import { SqsEventSource } from '../shared/aws/sqs-event-source.ts';
import { SqsWorkQueue } from '../shared/aws/sqs-work-queue.ts';
import type { ActionRequest } from '../shared/core/action-request.ts';
import { DEFAULT_LIMITS } from '../shared/core/limits.ts';
import { requestId } from '../shared/planner/request-id.ts';
import { createWorkerDependencies } from '../shared/runtime/worker-dependencies.ts';
import { recordingRegistry } from './pipeline/bench-action.ts';
import { median } from './stats.ts';

export interface PipelineReport {
  requests: number;
  duplicateDeliveriesSent: number;
  pollers: number;
  executed: number;
  lost: number;
  duplicated: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number };
}

const MAX_OUTSTANDING = 400;

function percentile(values: readonly number[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}

// Guardrails stay on, with limits that a bench of distinct targets never reaches.
const LIMITS = {
  ...DEFAULT_LIMITS,
  cooldownMs: 0,
  rate: { max: 1_000_000, perMs: 3_600_000 },
  blastRadius: { max: 1_000, groupBy: 'policy' },
};

function benchRequest(index: number): ActionRequest {
  const target = `bench:item/item-${index}`;
  return {
    id: requestId({
      signalId: `bench-${index}`,
      policy: 'bench',
      actionIndex: 0,
      action: 'bench.record',
      target,
    }),
    action: 'bench.record',
    params: { item: `item-${index}` },
    target,
    origin: { type: 'policy', name: 'bench' },
    requestedBy: 'policy:bench',
    mode: 'enforce',
    signalId: `bench-${index}`,
    createdAt: new Date().toISOString(),
    description: `Record item-${index}.`,
    limits: LIMITS,
  };
}

export async function runPipelineBench(options: {
  quick: boolean;
  requests?: number;
  log: (line: string) => void;
}): Promise<PipelineReport> {
  // moto answers a DynamoDB call in about 6 ms and a request makes about 20 of them, serialized
  // (see cli/dev/moto_serialized.py): 10,000 requests take roughly half an hour here.
  const total = options.requests ?? (options.quick ? 500 : 10_000);
  const pollers = 4;
  const moto = await startMotoServer();
  try {
    Object.assign(process.env, {
      AWS_ENDPOINT_URL: moto.endpoint,
      AWS_ACCESS_KEY_ID: 'bench',
      AWS_SECRET_ACCESS_KEY: 'bench',
      AWS_REGION: 'us-east-1',
      REFLEX_BUCKET_CAPACITY: '1000000',
      REFLEX_BUCKET_REFILL_PER_MINUTE: '1000000',
      POWERTOOLS_LOG_LEVEL: 'ERROR',
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_DEV: 'false',
    });
    const clients = createAwsClients();
    const suffix = randomUUID().slice(0, 8);
    const stack = await provisionLocalStack(clients, {
      tableName: `bench-${suffix}`,
      queueName: `bench-${suffix}`,
      visibilityTimeoutSeconds: 60,
    });
    const env = {
      ...process.env,
      REFLEX_TABLE: stack.tableName,
      REFLEX_QUEUE_URL: stack.queueUrl,
      REFLEX_MODE: 'enforce',
    };
    const { executions, registry } = recordingRegistry();
    const deps = { ...createWorkerDependencies(env, clients), registry };
    const worker = makeHandler(() => deps);

    const requests = Array.from({ length: total }, (_, index) => benchRequest(index));
    const duplicates = requests.filter((_, index) => index % 50 === 0);
    const enqueuedAt = new Map<string, number>();
    const queue = new SqsWorkQueue(clients, stack.queueUrl);
    options.log(
      `pipeline: ${total} requests and ${duplicates.length} duplicate deliveries, at most ${MAX_OUTSTANDING} queued at once`,
    );
    const started = Date.now();
    const source = new SqsEventSource(clients, stack.queueUrl, 'us-east-1');
    let producing = true;
    // moto's SQS scans the whole queue on every receive: keeping the queue shallow keeps the bench
    // measuring Reflex rather than the emulator's quadratic cost.
    const produce = async () => {
      for (let start = 0; start < requests.length; start += 100) {
        while (start - executions.size > MAX_OUTSTANDING)
          await new Promise((resolve) => setTimeout(resolve, 50));
        const batch = requests.slice(start, start + 100);
        for (const request of batch) enqueuedAt.set(request.id, Date.now());
        await queue.enqueue(batch);
        const resent = batch.filter((request) => duplicates.includes(request));
        if (resent.length > 0) await queue.enqueue(resent);
      }
      producing = false;
    };
    let lastReport = Date.now();
    const poll = async () => {
      for (let empty = 0; producing || empty < 3; ) {
        const result = await source.pollOnce((event: SQSEvent) => worker(event, lambdaContext('worker')), 1);
        empty = result.received === 0 ? empty + 1 : 0;
        if (Date.now() - lastReport > 5_000) {
          lastReport = Date.now();
          options.log(`pipeline: ${executions.size} of ${total} executed`);
        }
      }
    };
    await Promise.all([produce(), ...Array.from({ length: pollers }, poll)]);
    const seconds = (Date.now() - started) / 1_000;

    const latencies: number[] = [];
    let duplicated = 0;
    for (const [id, times] of executions) {
      if (times.length > 1) duplicated++;
      const queuedAt = enqueuedAt.get(id);
      if (queuedAt !== undefined && times[0] !== undefined) latencies.push(times[0] - queuedAt);
    }
    const executed = requests.filter((request) => executions.has(request.id)).length;
    return {
      requests: total,
      duplicateDeliveriesSent: duplicates.length,
      pollers,
      executed,
      lost: total - executed,
      duplicated,
      seconds,
      requestsPerSecond: total / seconds,
      latencyMs: { p50: median(latencies), p99: percentile(latencies, 0.99), max: Math.max(...latencies) },
    };
  } finally {
    await moto.stop();
  }
}

export function printPipeline(report: PipelineReport): string {
  return [
    'Pipeline: ActionRequests through the worker against moto (idempotency and guardrails on)',
    `  requests ${report.requests} (+${report.duplicateDeliveriesSent} duplicate deliveries), ${report.pollers} pollers`,
    `  executed ${report.executed}, lost ${report.lost}, duplicated ${report.duplicated}`,
    `  ${report.seconds.toFixed(1)} s, ${report.requestsPerSecond.toFixed(0)} requests/s`,
    `  latency enqueue→execution: p50 ${report.latencyMs.p50.toFixed(0)} ms, p99 ${report.latencyMs.p99.toFixed(0)} ms, max ${report.latencyMs.max.toFixed(0)} ms`,
  ].join('\n');
}
