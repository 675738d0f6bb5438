/**
 * Matcher bench: events per second of PatternIndex against a naive loop over every pattern, on parsed
 * events and on JSON text, for growing policy sets whose matches per event stay constant.
 */
import {
  type CompiledPattern,
  compilePattern,
  matchesPattern,
  PatternIndex,
} from '../shared/policies/pattern/index.ts';
import { assertSameMatches, crossCheckRandom } from './matcher/cross-check.ts';
import { eventPool } from './matcher/event-pool.ts';
import {
  PLANTED,
  PLANTED_MATCHES_PER_EVENT,
  policySet,
  SCENARIOS,
  type Scenario,
} from './matcher/policy-sets.ts';
import { type MatchMethod, sampleEventsPerSecond } from './matcher/throughput.ts';
import { median, spread } from './stats.ts';

export const POLICY_COUNTS = [10, 100, 1000, 10000] as const;
export const METHODS = ['index-parsed', 'index-text', 'naive-parsed', 'naive-text'] as const;
export type MethodName = (typeof METHODS)[number];

export interface MatcherOptions {
  quick: boolean;
  log: (line: string) => void;
}

export interface Throughput {
  /** Median of the samples, events per second. */
  eventsPerSecond: number;
  samples: number[];
  /** (max - min) / median of the samples. */
  spread: number;
}

export interface SizeResult {
  policies: number;
  /** compilePattern for every policy plus building the PatternIndex, once. */
  buildMs: number;
  /** Patterns the index fully evaluates per event (PatternIndex.candidateCount), mean over the pool. */
  candidatesPerEvent: number;
  methods: Record<MethodName, Throughput>;
}

export interface ScenarioResult {
  name: string;
  description: string;
  sizes: SizeResult[];
  /** events/s at 10 policies divided by events/s at 10,000, per method (1 = flat). */
  slowdown10To10k: Record<MethodName, number>;
  /**
   * The slowdown the samples allow for PatternIndex on parsed events: from the best sample at 10
   * policies against the worst at 10,000 (high) to the worst against the best (low).
   */
  indexParsedSlowdownRange: { low: number; high: number };
}

export interface MatcherReport {
  config: {
    events: number;
    /** Mean length of the events' JSON text, characters. */
    meanTextLength: number;
    plantedPolicies: number;
    matchesPerEvent: number;
    sampleMs: number;
    samples: number;
    warmupRounds: number;
  };
  crossCheck: { benchEvents: number; randomPairs: number; randomMatches: number };
  /** JSON.parse alone over the pool's texts, the floor under every "text" figure. */
  parseOnly: Throughput;
  scenarios: ScenarioResult[];
}

interface Prepared {
  policies: number;
  buildMs: number;
  candidatesPerEvent: number;
  methods: Record<MethodName, MatchMethod>;
  samples: Record<MethodName, number[]>;
}

function prepare(
  scenario: Scenario,
  size: number,
  events: readonly unknown[],
  texts: readonly string[],
): Prepared {
  const policies = policySet(scenario, size);
  const started = performance.now();
  const entries = policies.map((policy) => ({ id: policy.id, pattern: compilePattern(policy.pattern) }));
  const index = new PatternIndex(entries.map((entry) => ({ ...entry, value: entry.id })));
  const buildMs = performance.now() - started;
  assertSameMatches(
    `${scenario.name} at ${size} policies`,
    entries,
    index,
    events,
    PLANTED_MATCHES_PER_EVENT,
  );
  const patterns: CompiledPattern[] = entries.map((entry) => entry.pattern);
  const naive = (event: unknown) => patterns.filter((pattern) => matchesPattern(pattern, event)).length;
  const candidates = events.reduce((sum: number, event) => sum + index.candidateCount(event), 0);
  return {
    policies: size,
    buildMs,
    candidatesPerEvent: candidates / events.length,
    methods: {
      'index-parsed': (position) => index.match(events[position]).length,
      'index-text': (position) => index.match(JSON.parse(texts[position] as string)).length,
      'naive-parsed': (position) => naive(events[position]),
      'naive-text': (position) => naive(JSON.parse(texts[position] as string)),
    },
    samples: { 'index-parsed': [], 'index-text': [], 'naive-parsed': [], 'naive-text': [] },
  };
}

function throughput(samples: number[]): Throughput {
  return { eventsPerSecond: median(samples), samples, spread: spread(samples) };
}

export function runMatcherBench({ quick, log }: MatcherOptions): MatcherReport {
  const sampleMs = quick ? 60 : 250;
  const samples = quick ? 3 : 5;
  const warmupRounds = 1;
  const pool = eventPool(64);
  const poolSize = pool.events.length;

  const random = crossCheckRandom(quick ? 300 : 1000, quick ? 200 : 500);
  log(`cross-check: index = naive on ${random.pairs} random pattern×event pairs (${random.matches} matches)`);

  const parseSamples: number[] = [];
  const scenarios = SCENARIOS.map((scenario) => {
    const prepared = POLICY_COUNTS.map((size) => prepare(scenario, size, pool.events, pool.texts));
    log(
      `${scenario.name}: index = naive on all ${poolSize} events at ${POLICY_COUNTS.join('/')} policies, ${PLANTED_MATCHES_PER_EVENT} matches each; timing…`,
    );
    // Rounds go over every size and method in turn, so drift on a shared machine spreads over all.
    for (let round = 0; round < warmupRounds + samples; round++) {
      for (const size of prepared) {
        for (const method of METHODS) {
          const value = sampleEventsPerSecond(
            size.methods[method],
            poolSize,
            PLANTED_MATCHES_PER_EVENT,
            sampleMs,
          );
          if (round >= warmupRounds) size.samples[method].push(value);
        }
      }
      const parse = sampleEventsPerSecond(
        (position) => (typeof JSON.parse(pool.texts[position] as string) === 'object' ? 0 : 1),
        poolSize,
        0,
        sampleMs,
      );
      if (round >= warmupRounds) parseSamples.push(parse);
    }
    const sizes = prepared.map(
      (size): SizeResult => ({
        policies: size.policies,
        buildMs: size.buildMs,
        candidatesPerEvent: size.candidatesPerEvent,
        methods: {
          'index-parsed': throughput(size.samples['index-parsed']),
          'index-text': throughput(size.samples['index-text']),
          'naive-parsed': throughput(size.samples['naive-parsed']),
          'naive-text': throughput(size.samples['naive-text']),
        },
      }),
    );
    const first = sizes[0] as SizeResult;
    const last = sizes[sizes.length - 1] as SizeResult;
    const slowdown = (method: MethodName) =>
      first.methods[method].eventsPerSecond / last.methods[method].eventsPerSecond;
    return {
      name: scenario.name,
      description: scenario.description,
      sizes,
      slowdown10To10k: {
        'index-parsed': slowdown('index-parsed'),
        'index-text': slowdown('index-text'),
        'naive-parsed': slowdown('naive-parsed'),
        'naive-text': slowdown('naive-text'),
      },
      indexParsedSlowdownRange: {
        low:
          Math.min(...first.methods['index-parsed'].samples) /
          Math.max(...last.methods['index-parsed'].samples),
        high:
          Math.max(...first.methods['index-parsed'].samples) /
          Math.min(...last.methods['index-parsed'].samples),
      },
    };
  });

  return {
    config: {
      events: poolSize,
      meanTextLength: pool.texts.reduce((sum, text) => sum + text.length, 0) / poolSize,
      plantedPolicies: PLANTED.length,
      matchesPerEvent: PLANTED_MATCHES_PER_EVENT,
      sampleMs,
      samples,
      warmupRounds,
    },
    crossCheck: {
      benchEvents: poolSize * POLICY_COUNTS.length * SCENARIOS.length,
      randomPairs: random.pairs,
      randomMatches: random.matches,
    },
    parseOnly: throughput(parseSamples),
    scenarios,
  };
}
