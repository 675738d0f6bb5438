/**
 * A seeded generator of random patterns and events over one small vocabulary, so that generated
 * patterns often match generated events and every operator, `$or` and event arrays get exercised.
 */

import { type Random, seededRandom } from '../../support/seeded-random.ts';

export { type Random, seededRandom };

function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function some<T>(random: Random, items: readonly T[], max: number): T[] {
  const count = 1 + Math.floor(random() * max);
  return Array.from({ length: count }, () => pick(random, items));
}

const SOURCES = ['aws.ec2', 'aws.rds', 'aws.s3', 'custom.app'];
const DETAIL_TYPES = ['EC2 Instance State-change Notification', 'Object Created', 'Alarm'];
const STATES = ['running', 'stopped', 'pending', 'terminated', 'RUNNING'];
const TAGS = ['prod', 'dev', 'team-a', 'team-b'];
const IPS = ['10.0.0.5', '10.1.2.3', '192.168.1.1', '2001:db8::1', 'not-an-ip'];
const SCALARS: readonly unknown[] = ['running', 5, 0, true, false, null, ''];

interface FieldSpec {
  path: readonly string[];
  values: readonly unknown[];
}

const FIELDS: readonly FieldSpec[] = [
  { path: ['source'], values: SOURCES },
  { path: ['detail-type'], values: DETAIL_TYPES },
  { path: ['detail', 'state'], values: STATES },
  { path: ['detail', 'count'], values: [0, 1, 2, 5, 10, 100] },
  { path: ['detail', 'tags'], values: TAGS },
  { path: ['detail', 'ip'], values: IPS },
  { path: ['detail', 'flag'], values: [true, false, null] },
  { path: ['detail', 'items', 'name'], values: ['a', 'b', 'c'] },
  { path: ['detail', 'items', 'size'], values: [1, 2, 3] },
];

function stringsOf(values: readonly unknown[]): string[] {
  const strings = values.filter((value): value is string => typeof value === 'string');
  return strings.length > 0 ? strings : ['running'];
}

function operatorFor(random: Random, spec: FieldSpec): unknown {
  const strings = stringsOf(spec.values);
  const text = pick(random, strings);
  switch (Math.floor(random() * 12)) {
    case 0:
      return { prefix: text.slice(0, 1 + Math.floor(random() * 3)) };
    case 1:
      return {
        suffix: random() < 0.5 ? text.slice(-2) : { 'equals-ignore-case': text.slice(-2).toUpperCase() },
      };
    case 2:
      return { 'equals-ignore-case': text.toUpperCase() };
    case 3:
      return { 'anything-but': random() < 0.5 ? text : some(random, strings, 2) };
    case 4:
      return { 'anything-but': { prefix: text.slice(0, 2) || 'x' } };
    case 5:
      return {
        numeric: random() < 0.5 ? ['>', pick(random, [0, 1, 2])] : ['>=', 1, '<', pick(random, [3, 6, 50])],
      };
    case 6:
      return { exists: random() < 0.5 };
    case 7:
      return { wildcard: `${text.slice(0, 1)}*${text.slice(-1)}` };
    case 8:
      return { cidr: pick(random, ['10.0.0.0/8', '10.0.0.0/24', '2001:db8::/32']) };
    case 9:
      return { 'anything-but': pick(random, [1, 5, 100]) };
    default:
      return pick(random, spec.values);
  }
}

function conditionFor(random: Random, spec: FieldSpec): unknown[] {
  if (random() < 0.02) return [];
  // Mostly exact values, so the index has something to file most patterns under.
  if (random() < 0.6) return some(random, [...spec.values, pick(random, SCALARS)], 3);
  return some(random, [0], 2).map(() =>
    random() < 0.7 ? operatorFor(random, spec) : pick(random, spec.values),
  );
}

type Pattern = Record<string, unknown>;

function place(pattern: Pattern, path: readonly string[], value: unknown): void {
  let node = pattern;
  path.slice(0, -1).forEach((key) => {
    const next = node[key];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) {
      node = next as Pattern;
    } else {
      const created: Pattern = {};
      node[key] = created;
      node = created;
    }
  });
  node[path[path.length - 1] ?? 'x'] = value;
}

function conjunction(random: Random, maxFields: number): Pattern {
  const pattern: Pattern = {};
  for (const spec of some(random, FIELDS, maxFields)) place(pattern, spec.path, conditionFor(random, spec));
  return pattern;
}

export function randomPattern(random: Random): Pattern {
  const pattern = conjunction(random, 3);
  if (random() < 0.3) {
    const branches = Array.from({ length: 2 + Math.floor(random() * 2) }, () => conjunction(random, 2));
    const target = random() < 0.5 ? pattern : ((pattern.detail as Pattern | undefined) ?? pattern);
    target.$or = branches;
  }
  return pattern;
}

function maybeArray(random: Random, values: readonly unknown[]): unknown {
  return random() < 0.25 ? some(random, values, 3) : pick(random, values);
}

export function randomEvent(random: Random): Pattern {
  const event: Pattern = {};
  for (const spec of FIELDS.slice(0, 7)) {
    if (random() < 0.85) place(event, spec.path, maybeArray(random, [...spec.values, pick(random, SCALARS)]));
  }
  if (random() < 0.5) {
    const items = Array.from({ length: Math.floor(random() * 3) }, () => ({
      name: pick(random, ['a', 'b', 'c']),
      size: pick(random, [1, 2, 3]),
    }));
    place(event, ['detail', 'items'], items);
  }
  if (random() < 0.1) place(event, ['detail', 'state'], { nested: 'object' });
  return event;
}

/**
 * A pattern whose fields are mostly operators (prefix, suffix, wildcard, equals-ignore-case and the
 * rest), so the index files many patterns under affixes rather than exact values.
 */
export function randomOperatorPattern(random: Random): Pattern {
  const pattern: Pattern = {};
  for (const spec of some(random, FIELDS, 3)) {
    const values = some(random, [0], 2).map(() =>
      random() < 0.85 ? operatorFor(random, spec) : pick(random, spec.values),
    );
    place(pattern, spec.path, values);
  }
  if (random() < 0.3) {
    pattern.$or = Array.from({ length: 2 }, () => {
      const branch: Pattern = {};
      const spec = pick(random, FIELDS);
      place(branch, spec.path, [operatorFor(random, spec)]);
      return branch;
    });
  }
  return pattern;
}

/**
 * A random event where, now and then, `detail` is an array of objects (or empty), a leaf holds an
 * array, or the whole event is an array: fields then sit below an event array.
 */
export function randomArrayedEvent(random: Random): unknown {
  const event = randomEvent(random);
  const roll = random();
  if (roll < 0.2) {
    event.detail = [event.detail ?? {}, (randomEvent(random).detail as unknown) ?? {}];
  } else if (roll < 0.25) {
    event.detail = [];
  } else if (roll < 0.3) {
    return [event, randomEvent(random)];
  }
  return event;
}
