/**
 * `npm run bench [-- --only matcher|cold-start|pipeline|audit-chain] [--quick] [--keep-builds]`: runs the benches, prints
 * their tables and the goals, and writes everything to bench/results/latest.json.
 * A wrong match result fails the run (exit 1); a missed goal is reported, not a failure.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type AuditChainReport, printAuditChain, runAuditChainBench } from './audit-chain.ts';
import { type ColdStartReport, runColdStartBench } from './cold-start.ts';
import { coldStartGoals, type GoalResult, matcherGoals } from './goals.ts';
import { machineInfo } from './machine.ts';
import { type MatcherReport, runMatcherBench } from './matcher.ts';
import { type PipelineReport, printPipeline, runPipelineBench } from './pipeline.ts';
import { printColdStart, printGoals, printMachine, printMatcher } from './print-report.ts';

const BENCHES = ['matcher', 'cold-start', 'pipeline', 'audit-chain'] as const;
type Bench = (typeof BENCHES)[number];

const RESULTS_DIR = new URL('./results/', import.meta.url);

function parseOptions() {
  const { values } = parseArgs({
    options: {
      only: { type: 'string' },
      quick: { type: 'boolean', default: false },
      'keep-builds': { type: 'boolean', default: false },
      'pipeline-requests': { type: 'string' },
    },
  });
  const only = values.only;
  if (only !== undefined && !BENCHES.includes(only as Bench)) {
    throw new Error(`--only takes one of ${BENCHES.join(', ')}, not "${only}"`);
  }
  return {
    benches: only === undefined ? [...BENCHES] : [only as Bench],
    quick: values.quick,
    keepBuilds: values['keep-builds'],
    pipelineRequests:
      values['pipeline-requests'] === undefined ? undefined : Number(values['pipeline-requests']),
  };
}

const log = (line: string) => console.error(`· ${line}`);

async function main(): Promise<void> {
  const options = parseOptions();
  const machine = machineInfo();
  const started = new Date();
  console.log(printMachine(machine));
  if ((machine.loadAverageAtStart[0] ?? 0) > machine.cores * 0.5) {
    console.log('note: the machine is busy; expect noisy numbers (see the ± columns and the load average).');
  }
  let matcher: MatcherReport | undefined;
  let coldStart: ColdStartReport | undefined;
  const goals: GoalResult[] = [];
  if (options.benches.includes('matcher')) {
    matcher = runMatcherBench({ quick: options.quick, log });
    console.log(`\n${printMatcher(matcher)}`);
    goals.push(...matcherGoals(matcher));
  }
  if (options.benches.includes('cold-start')) {
    coldStart = await runColdStartBench({ quick: options.quick, keepBuilds: options.keepBuilds, log });
    console.log(`\n${printColdStart(coldStart)}`);
    goals.push(...coldStartGoals(coldStart));
  }
  let pipeline: PipelineReport | undefined;
  if (options.benches.includes('pipeline')) {
    pipeline = await runPipelineBench({
      quick: options.quick,
      log,
      ...(options.pipelineRequests === undefined ? {} : { requests: options.pipelineRequests }),
    });
    console.log(`\n${printPipeline(pipeline)}`);
    goals.push({
      goal: '0 lost, 0 duplicated',
      subject: 'pipeline',
      measured: `${pipeline.lost} lost, ${pipeline.duplicated} duplicated`,
      pass: pipeline.lost === 0 && pipeline.duplicated === 0,
      conclusive: true,
    });
  }
  let auditChain: AuditChainReport | undefined;
  if (options.benches.includes('audit-chain')) {
    auditChain = await runAuditChainBench({ quick: options.quick, log });
    console.log(`\n${printAuditChain(auditChain)}`);
    goals.push(
      {
        goal: '≥ 200 appends/s, 20 writers',
        subject: 'audit chain, batches of 10',
        measured: `${Math.round(auditChain.batchesOf10.appendsPerSecond)} appends/s`,
        pass: auditChain.batchesOf10.appendsPerSecond >= 200,
        conclusive: true,
      },
      {
        goal: '100,000 records verified in < 10 s',
        subject: 'audit verify (in memory)',
        measured: `${auditChain.verify.seconds.toFixed(2)} s`,
        pass: auditChain.verify.seconds < 10,
        conclusive: true,
      },
    );
  }
  console.log(`\n${printGoals(goals)}`);

  const durationSeconds = (Date.now() - started.getTime()) / 1000;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = new URL('latest.json', RESULTS_DIR);
  const results = {
    startedAt: started.toISOString(),
    durationSeconds,
    options,
    machine: { ...machine, loadAverageAtEnd: loadavg() },
    goals,
    matcher,
    coldStart,
    pipeline,
    auditChain,
  };
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwrote ${file.pathname} (${durationSeconds.toFixed(0)} s)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? `${error.name}: ${error.message}` : error);
  process.exitCode = 1;
});
