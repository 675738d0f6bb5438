/** The printed form of the bench's results. */
import { type ColdStartReport, IMPORT_GOAL_FUNCTIONS, VARIANTS } from './cold-start.ts';
import { kilobytes, milliseconds, rate, table, verdict, withSpread } from './format.ts';
import type { GoalResult } from './goals.ts';
import type { MachineInfo } from './machine.ts';
import type { MatcherReport } from './matcher.ts';

export function printMachine(machine: MachineInfo): string {
  const load = machine.loadAverageAtStart.map((value) => value.toFixed(2)).join(' ');
  return `node ${machine.node} on ${machine.cpuModel} (${machine.cores} cores, ${machine.platform}/${machine.arch}); load average at start ${load}`;
}

export function printMatcher(report: MatcherReport): string {
  const { config } = report;
  const lines = [
    `MATCHER — ${config.events} events (EC2 state change, CloudWatch alarm, AWS Health, GuardDuty), each matching exactly ${config.matchesPerEvent} of ${config.plantedPolicies} planted policies; the other policies match none.`,
    `events/s: median of ${config.samples} samples of ${config.sampleMs} ms (after ${config.warmupRounds} warm-up round), ± half the range of the samples.`,
    `index = PatternIndex.match; naive = patterns.filter(p => matchesPattern(p, event)); text = JSON.parse + match.`,
    `JSON.parse alone over the same texts (${Math.round(config.meanTextLength).toLocaleString('en')} characters on average): ${withSpread(rate(report.parseOnly.eventsPerSecond), report.parseOnly.spread)} events/s.`,
  ];
  for (const scenario of report.scenarios) {
    lines.push('', `${scenario.name}: ${scenario.description}`);
    const rows = scenario.sizes.map((size) => [
      size.policies.toLocaleString('en'),
      size.candidatesPerEvent.toFixed(1),
      size.buildMs.toFixed(0),
      withSpread(rate(size.methods['index-parsed'].eventsPerSecond), size.methods['index-parsed'].spread),
      withSpread(rate(size.methods['naive-parsed'].eventsPerSecond), size.methods['naive-parsed'].spread),
      withSpread(rate(size.methods['index-text'].eventsPerSecond), size.methods['index-text'].spread),
      withSpread(rate(size.methods['naive-text'].eventsPerSecond), size.methods['naive-text'].spread),
      `${(size.methods['index-parsed'].eventsPerSecond / size.methods['naive-parsed'].eventsPerSecond).toFixed(1)}×`,
    ]);
    lines.push(
      table(
        [
          'policies',
          'candidates/event',
          'build ms',
          'index parsed',
          'naive parsed',
          'index text',
          'naive text',
          'index/naive',
        ],
        rows,
      ),
    );
    const slowdown = scenario.slowdown10To10k;
    lines.push(
      `slowdown 10 → 10,000 policies: index parsed ${slowdown['index-parsed'].toFixed(2)}× (samples allow ${scenario.indexParsedSlowdownRange.low.toFixed(2)}–${scenario.indexParsedSlowdownRange.high.toFixed(2)}×), index text ${slowdown['index-text'].toFixed(2)}×, naive parsed ${slowdown['naive-parsed'].toFixed(0)}×`,
    );
  }
  return lines.join('\n');
}

export function printColdStart(report: ColdStartReport): string {
  const lines = [
    `COLD START — bundles built like scripts/build.mjs into a scratch directory; import = median wall time of ${report.runs} runs (after ${report.warmupRuns} warm-up) of node -e "import(bundle)", interleaved with bare node -e "".`,
    `lazy = as built (splitting, SDK clients imported on first use); eager = one file, no splitting, every reachable SDK client imported at load.`,
    `zip: ${report.zipMethod}. Goal limits: import ≤ 100 ms over bare node (${IMPORT_GOAL_FUNCTIONS.join(', ')}); zip ≤ 1,000,000 bytes.`,
    `bare node -e "": ${withSpread(milliseconds(report.bareNodeMs), report.bareNodeSpread)}`,
  ];
  const rows = report.functions.flatMap((result) =>
    VARIANTS.map((variant) => {
      const measured = result.variants[variant];
      const lazy = variant === 'lazy';
      return [
        lazy ? result.name : '',
        variant,
        String(measured.size.files),
        kilobytes(measured.size.codeBytes),
        kilobytes(measured.size.mapBytes),
        kilobytes(measured.size.zipBytes),
        kilobytes(measured.size.zipBytesWithoutMaps),
        kilobytes(measured.loadedAtImport.bytes),
        withSpread(milliseconds(measured.importMs), measured.importSpread),
        milliseconds(measured.importOverBareMs),
        lazy ? verdict(result.goals.importPass) : '',
        lazy ? `${verdict(result.goals.zipPass)} / ${verdict(result.goals.zipWithoutMapsPass)}` : '',
      ];
    }),
  );
  lines.push(
    table(
      [
        'function',
        'variant',
        'files',
        'code',
        'maps',
        'zip',
        'zip w/o maps',
        'loaded at import',
        'import',
        'over bare',
        'import goal',
        'zip goal (maps / no maps)',
      ],
      rows,
      2,
    ),
  );
  for (const result of report.functions) {
    const top = result.variants.lazy.loadedAtImport.topPackages
      .map((entry) => `${entry.name} ${kilobytes(entry.bytes)}`)
      .join(', ');
    lines.push(`${result.name} (lazy) loads at import: ${top}`);
  }
  const osls = Object.entries(report.osls.bytes)
    .map(([name, bytes]) => `${name} ${kilobytes(bytes)}`)
    .join(', ');
  lines.push(
    `osls package zips (serverless.yml, as deployed): ${osls || `none (${report.osls.error ?? 'failed'})`}`,
  );
  const sdk = [...new Set(report.functions.flatMap((result) => result.sdkPackages))];
  lines.push(`SDK packages imported eagerly in the eager variant: ${sdk.join(', ') || 'none'}`);
  if (report.missingFunctions.length > 0) {
    lines.push(`not measured (no functions/<name>/handler.ts yet): ${report.missingFunctions.join(', ')}`);
  }
  if (report.buildOptionsDrift.length > 0) {
    lines.push(
      `WARNING: the copied esbuild options drifted from scripts/build.mjs: ${report.buildOptionsDrift.join(' | ')}`,
    );
  }
  return lines.join('\n');
}

export function printGoals(goals: readonly GoalResult[]): string {
  const lines = [
    'GOALS (judged on the median; * = the samples fall on both sides of the limit, so this run cannot tell)',
    table(
      ['verdict', 'subject', 'goal', 'measured', 'samples range'],
      goals.map((goal) => [
        `${verdict(goal.pass)}${goal.conclusive ? '' : '*'}`,
        goal.subject,
        goal.goal,
        goal.measured,
        goal.range ?? '',
      ]),
      3,
    ),
  ];
  return lines.join('\n');
}
