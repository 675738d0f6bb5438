import { describe, expect, it } from 'vitest';
import {
  type CompiledPattern,
  compilePattern,
  InvalidPatternError,
  matchesPattern,
  PatternIndex,
  validatePattern,
} from '../../../shared/policies/pattern/index.ts';
import { ec2TerminatedEvent } from './doc-examples.ts';
import {
  randomArrayedEvent,
  randomEvent,
  randomOperatorPattern,
  randomPattern,
  seededRandom,
} from './random-patterns.ts';

describe('PatternIndex', () => {
  it('gives the same results as evaluating every pattern, for many random patterns and events', () => {
    // Prepare
    const random = seededRandom(20240611);
    const patterns = Array.from({ length: 400 }, () => randomPattern(random));
    const events = Array.from({ length: 600 }, () => randomEvent(random));
    const compiled = patterns.map((pattern) => compilePattern(pattern));
    const index = new PatternIndex(
      compiled.map((pattern, position) => ({ id: `p${position}`, pattern, value: position })),
    );

    // Act
    const mismatches = events.flatMap((event) => {
      const naive = compiled.flatMap((pattern, position) =>
        matchesPattern(pattern, event) ? [position] : [],
      );
      const indexed = index.match(event);
      return JSON.stringify(naive) === JSON.stringify(indexed) ? [] : [{ event, naive, indexed }];
    });

    // Assess
    expect(patterns.every((pattern) => validatePattern(pattern).length === 0)).toBe(true);
    expect(mismatches).toEqual([]);
    const totalMatches = events.reduce((sum, event) => sum + index.match(event).length, 0);
    expect(totalMatches).toBeGreaterThan(events.length);
  });

  it('holds the equivalence across several seeds', () => {
    // Prepare
    const seeds = [1, 2, 3, 42, 1337];

    // Act
    const mismatchCounts = seeds.map((seed) => {
      const random = seededRandom(seed);
      const compiled: CompiledPattern[] = Array.from({ length: 150 }, () =>
        compilePattern(randomPattern(random)),
      );
      const index = new PatternIndex(
        compiled.map((pattern, position) => ({ id: String(position), pattern, value: position })),
      );
      return Array.from({ length: 200 }, () => randomEvent(random)).filter((event) => {
        const naive = compiled.flatMap((pattern, position) =>
          matchesPattern(pattern, event) ? [position] : [],
        );
        return JSON.stringify(naive) !== JSON.stringify(index.match(event));
      }).length;
    });

    // Assess
    expect(mismatchCounts).toEqual([0, 0, 0, 0, 0]);
  });

  it('evaluates only the patterns filed under the event values, however many patterns there are', () => {
    // Prepare
    const entries = Array.from({ length: 5000 }, (_, position) => ({
      id: `policy-${position}`,
      pattern: { source: [`custom.app${position}`], detail: { state: [{ prefix: 'run' }] } },
      value: position,
    }));
    const index = new PatternIndex(entries);
    const event = { source: 'custom.app1234', detail: { state: 'running' } };

    // Act
    const matched = index.match(event);
    const evaluated = index.candidateCount(event);

    // Assess
    expect(matched).toEqual([1234]);
    expect(evaluated).toBe(1);
  });

  it('files a pattern under its most selective exact field', () => {
    // Prepare
    const entries = Array.from({ length: 1000 }, (_, position) => ({
      id: String(position),
      pattern: { source: ['aws.ec2'], detail: { 'instance-id': [`i-${position}`] } },
      value: position,
    }));
    const index = new PatternIndex(entries);

    // Act
    const evaluated = index.candidateCount({ source: 'aws.ec2', detail: { 'instance-id': 'i-7' } });

    // Assess
    expect(evaluated).toBe(1);
  });

  it('files each $or branch separately, and always evaluates patterns without an indexable field', () => {
    // Prepare
    const index = new PatternIndex([
      { id: 'or', pattern: { $or: [{ source: ['aws.ec2'] }, { 'detail-type': ['Alarm'] }] }, value: 'or' },
      { id: 'prefix-only', pattern: { source: [{ prefix: 'aws.' }] }, value: 'prefix-only' },
      { id: 'other', pattern: { source: ['aws.rds'] }, value: 'other' },
      { id: 'numeric-only', pattern: { detail: { count: [{ numeric: ['>', 5] }] } }, value: 'numeric-only' },
    ]);

    // Act
    const results = [
      index.match({ source: 'aws.ec2' }),
      index.match({ source: 'custom', 'detail-type': 'Alarm' }),
      index.match({ source: 'aws.rds', detail: { count: 6 } }),
    ];
    const evaluated = [
      index.candidateCount({ source: 'custom' }),
      index.candidateCount({ source: 'aws.s3' }),
    ];

    // Assess
    expect(results).toEqual([['or', 'prefix-only'], ['or'], ['prefix-only', 'other', 'numeric-only']]);
    expect(evaluated).toEqual([1, 2]);
  });

  it('files patterns under prefixes, suffixes, wildcards and equals-ignore-case when no exact field is more selective', () => {
    // Prepare
    const entries = Array.from({ length: 2000 }, (_, position) => {
      const kind = position % 4;
      const name = `svc-${position}`;
      const condition =
        kind === 0
          ? { prefix: `${name}-` }
          : kind === 1
            ? { suffix: { 'equals-ignore-case': `-${name.toUpperCase()}` } }
            : kind === 2
              ? { wildcard: `${name}-*-high` }
              : { 'equals-ignore-case': name.toUpperCase() };
      return {
        id: String(position),
        pattern: { source: ['aws.cloudwatch'], detail: { alarmName: [condition] } },
        value: position,
      };
    });
    const index = new PatternIndex(entries);
    const events = ['svc-8-cpu', 'alarm-svc-9', 'svc-10-cpu-high', 'SVC-11', 'svc-12'].map((alarmName) => ({
      source: 'aws.cloudwatch',
      detail: { alarmName },
    }));

    // Act
    const matched = events.map((event) => index.match(event));
    const evaluated = events.map((event) => index.candidateCount(event));

    // Assess
    expect(matched).toEqual([[8], [9], [10], [11], []]);
    expect(evaluated).toEqual([1, 1, 1, 1, 0]);
  });

  it('finds filed values below event arrays and keeps fields under one array element together', () => {
    // Prepare
    const index = new PatternIndex([
      {
        id: 'tag',
        pattern: { detail: { tags: { key: ['team'], value: [{ prefix: 'bg-' }] } } },
        value: 'tag',
      },
      { id: 'state', pattern: { detail: { state: ['on'], name: [{ suffix: '-db' }] } }, value: 'state' },
    ]);

    // Act
    const results = [
      index.match({
        detail: {
          tags: [
            { key: 'env', value: 'x' },
            { key: 'team', value: 'bg-1' },
          ],
        },
      }),
      index.match({
        detail: {
          tags: [
            { key: 'team', value: 'x' },
            { key: 'env', value: 'bg-1' },
          ],
        },
      }),
      index.match({ detail: [{ state: 'on', name: 'a-db' }] }),
      index.match({ detail: [{ state: 'on' }, { name: 'a-db' }] }),
      index.match([{ detail: { state: ['off', 'on'], name: ['a-db'] } }]),
    ];

    // Assess
    expect(results).toEqual([['tag'], [], ['state'], [], ['state']]);
  });

  it('holds the equivalence for operator-heavy patterns and events with arrays above the fields', () => {
    // Prepare
    const seeds = [7, 11, 2024, 31337, 424242];

    // Act
    const mismatchCounts = seeds.map((seed) => {
      const random = seededRandom(seed);
      const compiled: CompiledPattern[] = Array.from({ length: 200 }, () =>
        compilePattern(randomOperatorPattern(random)),
      );
      const index = new PatternIndex(
        compiled.map((pattern, position) => ({ id: String(position), pattern, value: position })),
      );
      return Array.from({ length: 300 }, () => randomArrayedEvent(random)).filter((event) => {
        const naive = compiled.flatMap((pattern, position) =>
          matchesPattern(pattern, event) ? [position] : [],
        );
        return JSON.stringify(naive) !== JSON.stringify(index.match(event));
      }).length;
    });

    // Assess
    expect(mismatchCounts).toEqual([0, 0, 0, 0, 0]);
  });

  it('holds the equivalence when most patterns name a source or a state, with arrays above those fields', () => {
    // Prepare: the index then probes per value of that field (its gate), which must lose nothing.
    const sources = ['aws.ec2', 'aws.rds', 'aws.s3', 'custom.app'];
    const states = ['running', 'stopped', 'pending'];
    const seeds = [3, 99, 2025];

    // Act
    const mismatchCounts = seeds.flatMap((seed) =>
      (['source', 'state'] as const).map((gate) => {
        const random = seededRandom(seed);
        const compiled: CompiledPattern[] = Array.from({ length: 200 }, () => {
          const pattern = randomPattern(random);
          const values = random() < 0.5 ? sources : states;
          const named = values.filter(() => random() < 0.4);
          if (random() < 0.85 && named.length > 0) {
            if (gate === 'source') pattern.source = named;
            else pattern.detail = { ...(pattern.detail as object | undefined), state: named };
          }
          return compilePattern(pattern);
        });
        const index = new PatternIndex(
          compiled.map((pattern, position) => ({ id: String(position), pattern, value: position })),
        );
        return Array.from({ length: 300 }, () => {
          const event = randomArrayedEvent(random);
          if (Array.isArray(event) || random() < 0.5) return event;
          const pool = random() < 0.5 ? sources : states;
          const value = random() < 0.3 ? pool.filter(() => random() < 0.5) : pool[Math.floor(random() * 3)];
          const record = event as Record<string, unknown>;
          if (gate === 'source') return { ...record, source: value };
          // A detail array keeps its elements' states: the state then sits below an event array.
          if (Array.isArray(record.detail)) return record;
          return { ...record, detail: { ...(record.detail as object | undefined), state: value } };
        }).filter((event) => {
          const naive = compiled.flatMap((pattern, position) =>
            matchesPattern(pattern, event) ? [position] : [],
          );
          return JSON.stringify(naive) !== JSON.stringify(index.match(event));
        }).length;
      }),
    );

    // Assess
    expect(mismatchCounts).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('matches an event whose source holds several values against the patterns of each', () => {
    // Prepare
    const index = new PatternIndex([
      { id: 'ec2', pattern: { source: ['aws.ec2'], detail: { state: ['stopped'] } }, value: 'ec2' },
      { id: 'rds', pattern: { source: ['aws.rds'], detail: { state: [{ prefix: 'stop' }] } }, value: 'rds' },
      { id: 's3', pattern: { source: ['aws.s3'], detail: { state: ['stopped'] } }, value: 's3' },
      { id: 'any', pattern: { detail: { state: [{ suffix: 'ped' }] } }, value: 'any' },
    ]);

    // Act
    const results = [
      index.match({ source: ['aws.ec2', 'aws.rds'], detail: { state: 'stopped' } }),
      index.match([{ source: 'aws.s3' }, { source: 'aws.ec2', detail: { state: 'stopped' } }]),
      index.match({ source: 'aws.s3', detail: [{ state: 'running' }, { state: 'stopped' }] }),
    ];

    // Assess
    expect(results).toEqual([
      ['ec2', 'rds', 'any'],
      ['ec2', 'any'],
      ['s3', 'any'],
    ]);
  });

  it('answers a match made while another is running (a getter on the event matching again)', () => {
    // Prepare
    const index = new PatternIndex([
      { id: 'ec2', pattern: { source: ['aws.ec2'] }, value: 'ec2' },
      { id: 'running', pattern: { detail: { state: [{ prefix: 'run' }] } }, value: 'running' },
    ]);
    const inner: string[][] = [];
    const event = {
      source: 'aws.ec2',
      get detail() {
        inner.push(index.match({ source: 'aws.rds', detail: { state: 'running' } }));
        return { state: 'running' };
      },
    };

    // Act
    const outer = index.match(event);

    // Assess
    expect(outer).toEqual(['ec2', 'running']);
    expect(inner.length).toBeGreaterThan(0);
    expect(inner.every((matched) => JSON.stringify(matched) === '["running"]')).toBe(true);
  });

  it('returns matches in insertion order and also by id', () => {
    // Prepare
    const index = new PatternIndex([
      { id: 'state', pattern: { detail: { state: ['terminated'] } }, value: 3 },
      { id: 'any-ec2', pattern: { source: [{ prefix: 'aws.' }] }, value: 1 },
      { id: 'ec2', pattern: { source: ['aws.ec2'] }, value: 2 },
    ]);

    // Act
    const values = index.match(ec2TerminatedEvent());
    const ids = index.matchIds(ec2TerminatedEvent());

    // Assess
    expect(values).toEqual([3, 1, 2]);
    expect(ids).toEqual(['state', 'any-ec2', 'ec2']);
    expect(index.size).toBe(3);
  });

  it('keeps typed values apart: the number 5 and the string "5"', () => {
    // Prepare
    const index = new PatternIndex([
      { id: 'number', pattern: { n: [5] }, value: 'number' },
      { id: 'string', pattern: { n: ['5'] }, value: 'string' },
      { id: 'null', pattern: { n: [null] }, value: 'null' },
    ]);

    // Act
    const results = [
      index.match({ n: 5 }),
      index.match({ n: '5' }),
      index.match({ n: null }),
      index.match({}),
    ];

    // Assess
    expect(results).toEqual([['number'], ['string'], ['null'], []]);
  });

  it('rejects duplicate ids and invalid patterns', () => {
    // Prepare
    const duplicate = [
      { id: 'a', pattern: { source: ['x'] }, value: 1 },
      { id: 'a', pattern: { source: ['y'] }, value: 2 },
    ];
    const invalid = [{ id: 'a', pattern: { source: 'x' }, value: 1 }];

    // Act
    const buildDuplicate = () => new PatternIndex(duplicate);
    const buildInvalid = () => new PatternIndex(invalid);

    // Assess
    expect(buildDuplicate).toThrow('duplicate pattern id "a"');
    expect(buildInvalid).toThrow(InvalidPatternError);
  });
});
