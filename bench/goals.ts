/** The goals, checked against the measured numbers. The bench reports them; it never fails on them. */
import { type ColdStartReport, IMPORT_GOAL_MS, ZIP_GOAL_BYTES } from './cold-start.ts';
import type { MatcherReport } from './matcher.ts';

export const THROUGHPUT_GOAL = 1_000_000;
export const THROUGHPUT_GOAL_POLICIES = 1000;
export const SLOWDOWN_GOAL = 1.5;

export interface GoalResult {
  goal: string;
  subject: string;
  /** The median (or the exact size), as printed. */
  measured: string;
  /** The lowest and highest value the samples give, as printed; absent for sizes. */
  range?: string;
  /** Judged on the median. */
  pass: boolean;
  /** False when the samples fall on both sides of the limit: this run cannot tell. */
  conclusive: boolean;
}

function straddles(low: number, high: number, limit: number): boolean {
  return low <= limit && limit <= high;
}

const count = (value: number) => Math.round(value).toLocaleString('en');

export function matcherGoals(report: MatcherReport): GoalResult[] {
  return report.scenarios.flatMap((scenario) => {
    const atGoalSize = scenario.sizes.find((size) => size.policies === THROUGHPUT_GOAL_POLICIES);
    const samples = atGoalSize?.methods['index-parsed'].samples ?? [];
    const throughput = atGoalSize?.methods['index-parsed'].eventsPerSecond ?? Number.NaN;
    const slowdown = scenario.slowdown10To10k['index-parsed'];
    const { low, high } = scenario.indexParsedSlowdownRange;
    return [
      {
        goal: `≥ ${count(THROUGHPUT_GOAL)} events/s, parsed events, ${count(THROUGHPUT_GOAL_POLICIES)} policies`,
        subject: `matcher ${scenario.name}`,
        measured: `${count(throughput)} events/s`,
        range: `${count(Math.min(...samples))}–${count(Math.max(...samples))}`,
        pass: throughput >= THROUGHPUT_GOAL,
        conclusive: !straddles(Math.min(...samples), Math.max(...samples), THROUGHPUT_GOAL),
      },
      {
        goal: `≤ ${SLOWDOWN_GOAL}× slowdown from 10 to 10,000 policies, matches per event constant`,
        subject: `matcher ${scenario.name}`,
        measured: `${slowdown.toFixed(2)}×`,
        range: `${low.toFixed(2)}–${high.toFixed(2)}×`,
        pass: slowdown <= SLOWDOWN_GOAL,
        conclusive: !straddles(low, high, SLOWDOWN_GOAL),
      },
    ];
  });
}

export function coldStartGoals(report: ColdStartReport): GoalResult[] {
  return report.functions.flatMap((result) => {
    const lazy = result.variants.lazy;
    const goals: GoalResult[] = [];
    if (result.goals.importPass !== undefined) {
      const low = Math.min(...lazy.runsMs) - report.bareNodeMs;
      const high = Math.max(...lazy.runsMs) - report.bareNodeMs;
      goals.push({
        goal: `import ≤ ${IMPORT_GOAL_MS} ms over bare node`,
        subject: result.name,
        measured: `${lazy.importOverBareMs.toFixed(0)} ms`,
        range: `${low.toFixed(0)}–${high.toFixed(0)} ms`,
        pass: result.goals.importPass,
        conclusive: !straddles(low, high, IMPORT_GOAL_MS),
      });
    }
    goals.push({
      goal: `zip ≤ ${count(ZIP_GOAL_BYTES)} bytes (as built and deployed)`,
      subject: result.name,
      measured: `${count(lazy.size.zipBytes)} bytes`,
      pass: result.goals.zipPass,
      conclusive: true,
    });
    goals.push({
      goal: `zip ≤ ${count(ZIP_GOAL_BYTES)} bytes without source maps`,
      subject: result.name,
      measured: `${count(lazy.size.zipBytesWithoutMaps)} bytes`,
      pass: result.goals.zipWithoutMapsPass,
      conclusive: true,
    });
    const osls = report.osls.bytes[result.name];
    goals.push({
      goal: `osls package zip ≤ ${count(ZIP_GOAL_BYTES)} bytes`,
      subject: result.name,
      measured: osls === undefined ? 'not packaged' : `${count(osls)} bytes`,
      pass: result.goals.oslsZipPass === true,
      conclusive: true,
    });
    return goals;
  });
}
