import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../../shared/core/rejection.ts';
import type { Signal } from '../../shared/core/signal.ts';
import { parseEventBridgeEvent, parseJsonText, parseSignalInput } from '../../shared/signals/parse-event.ts';
import { parseTriggerInput } from '../../shared/signals/parse-trigger-input.ts';
import { loadEvent } from '../support/fixtures.ts';
import { seededRandom as prng } from '../support/seeded-random.ts';

const FIXTURES = [
  'cloudwatch/alarm-state-change-ec2-status-check.json',
  'cloudwatch/alarm-state-change-asg-cpu-high.json',
  'sns/cloudwatch-alarm.json',
  'ec2/instance-state-change-stopped.json',
  'ec2/instance-state-change-running.json',
  'ec2/spot-interruption-warning.json',
  'cloudtrail/authorize-security-group-ingress-ssh-world.json',
  'health/ec2-scheduled-retirement.json',
  'health/risk-credentials-exposed.json',
  'cloudwatch/alarm-state-change-lambda-throttles.json',
  'cloudwatch/alarm-state-change-disk-used-percent.json',
  'guardduty/finding-ec2-high.json',
  'scheduled/scheduled-event.json',
];
/** Alertmanager and Grafana webhook bodies (one result per alert). */
const ALERT_FIXTURES = [
  'alertmanager/webhook-v4-firing.json',
  'alertmanager/webhook-v4-resolved.json',
  'grafana/webhook-v1-firing-10.json',
  'grafana/webhook-v1-firing-9.json',
];
const ALERT_HOME = { home: { account: '123456789012', region: 'us-east-1' } };
const RUNS_PER_FIXTURE = 400;
const CODES = new Set(['invalid-json', 'malformed', 'unknown-type', 'too-large']);

type Container = Record<string, unknown> | unknown[];

function isContainer(value: unknown): value is Container {
  return typeof value === 'object' && value !== null;
}

/** Every (container, key) pair in a JSON tree, including inside JSON-encoded strings' parents. */
function slots(root: Container): [Container, string | number][] {
  const found: [Container, string | number][] = [];
  const walk = (node: Container) => {
    const keys: (string | number)[] = Array.isArray(node) ? node.map((_, index) => index) : Object.keys(node);
    for (const key of keys) {
      found.push([node, key]);
      const child = (node as Record<string | number, unknown>)[key];
      if (isContainer(child)) walk(child);
    }
  };
  walk(root);
  return found;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

const WEIRD_VALUES: readonly unknown[] = [
  null,
  0,
  -1,
  1.5,
  Number.MAX_SAFE_INTEGER,
  '',
  'x',
  'i-0123456789abcdef0',
  '2024-05-14T08:31:12Z',
  'ALARM',
  'a'.repeat(5000),
  true,
  false,
  [],
  [null],
  {},
  { nested: { deeper: [1, '2'] } },
];

/** One random edit: delete a key, change a value's type, or edit inside a JSON-encoded string. */
function mutate(random: () => number, root: Container): void {
  const candidates = slots(root);
  if (candidates.length === 0) return;
  const [parent, key] = pick(random, candidates);
  const current = (parent as Record<string | number, unknown>)[key];
  const roll = random();
  if (typeof current === 'string' && current.startsWith('{') && roll < 0.5) {
    // The SNS Message is JSON inside a string: mutate its inside too.
    try {
      const inner: unknown = JSON.parse(current);
      if (isContainer(inner)) {
        mutate(random, inner);
        (parent as Record<string | number, unknown>)[key] = JSON.stringify(inner);
        return;
      }
    } catch {
      // Not JSON after all; fall through to an ordinary edit.
    }
  }
  if (roll < 0.3) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete parent[key];
  } else {
    // A copy: a shared value edited later would turn the tree into a graph.
    (parent as Record<string | number, unknown>)[key] = structuredClone(pick(random, WEIRD_VALUES));
  }
}

function assertWellFormed(results: ParseResult<Signal>[]): void {
  expect(results.length).toBeGreaterThan(0);
  for (const result of results) {
    if (result.ok) {
      expect(typeof result.value.id).toBe('string');
      expect(['alarm', 'event', 'alert', 'chat', 'schedule']).toContain(result.value.kind);
      for (const ref of result.value.resources) expect(typeof ref.id).toBe('string');
    } else {
      expect(CODES.has(result.code), result.code).toBe(true);
      expect(result.reason.length).toBeGreaterThan(0);
      // These reasons mean a schema let through something its normalizer could not handle.
      expect(result.reason).not.toMatch(/normalizer failed|unreadable input/);
    }
  }
}

describe('fuzzed fixtures', () => {
  it.each(FIXTURES)('%s: parsing never throws and always answers', (path) => {
    // Prepare
    const seed = [...path].reduce((sum, char) => sum + char.charCodeAt(0), 0);
    const random = prng(seed);
    let accepted = 0;
    let rejected = 0;

    for (let run = 0; run < RUNS_PER_FIXTURE; run++) {
      const event = loadEvent<Container>(path);
      const edits = 1 + Math.floor(random() * 3);
      for (let edit = 0; edit < edits; edit++) mutate(random, event);

      // Act
      let results: ParseResult<Signal>[] = [];
      expect(
        () => {
          results = [...parseSignalInput(event), parseEventBridgeEvent(event)];
        },
        `seed ${seed}, run ${run}: ${JSON.stringify(event).slice(0, 300)}`,
      ).not.toThrow();

      // Assess
      assertWellFormed(results);
      if (results[0]?.ok) accepted++;
      else rejected++;
    }
    // The edits must matter, and the schemas must not reject everything.
    expect(rejected).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
  });

  it.each(ALERT_FIXTURES)('%s: parsing never throws, and every alert answers', (path) => {
    // Prepare
    const seed = [...path].reduce((sum, char) => sum + char.charCodeAt(0), 0);
    const random = prng(seed);
    let accepted = 0;
    let rejected = 0;
    for (let run = 0; run < RUNS_PER_FIXTURE; run++) {
      const body = loadEvent<Container>(path);
      const edits = 1 + Math.floor(random() * 3);
      for (let edit = 0; edit < edits; edit++) mutate(random, body);
      // Act
      let results: ParseResult<Signal>[] = [];
      expect(
        () => {
          results = parseTriggerInput(body, ALERT_HOME);
        },
        `seed ${seed}, run ${run}: ${JSON.stringify(body).slice(0, 300)}`,
      ).not.toThrow();
      // Assess
      assertWellFormed(results);
      for (const result of results) {
        if (!result.ok) continue;
        // Nothing is coerced into an id: every instance named is one.
        for (const ref of result.value.resources)
          if (ref.type === 'ec2:instance') expect(ref.id).toMatch(/^i-[0-9a-f]{8}([0-9a-f]{9})?$/);
      }
      if (results.every((result) => result.ok)) accepted++;
      else rejected++;
    }
    expect(rejected).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(0);
  });

  it('truncated JSON text is invalid-json or a value, never an exception', () => {
    const random = prng(7);
    for (const path of FIXTURES) {
      const text = JSON.stringify(loadEvent(path));
      for (let run = 0; run < 50; run++) {
        const cut = text.slice(0, Math.floor(random() * text.length));

        const result = parseJsonText(cut);

        expect(result.ok || result.code === 'invalid-json').toBe(true);
      }
    }
  });
});
