/**
 * The events the matcher bench matches: clones of the real AWS payloads in `events/` (EC2 state
 * change, CloudWatch alarm, AWS Health, GuardDuty), varied with seeded ids of the "foreground" fleet.
 * Foreground ids (`i-0f…`, alarms `fg-…`, groups `fg-asg-…`) never appear in background policies.
 */
import { readFileSync } from 'node:fs';
import { type Random, seededRandom } from '../../test/support/seeded-random.ts';

type Json = Record<string, unknown>;

const EVENTS_DIR = new URL('../../events/', import.meta.url);

function fixture(path: string): Json {
  return JSON.parse(readFileSync(new URL(path, EVENTS_DIR), 'utf8')) as Json;
}

export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function hex(random: Random, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += Math.floor(random() * 16).toString(16);
  return text;
}

function uuid(random: Random): string {
  return `${hex(random, 8)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 4)}-${hex(random, 12)}`;
}

/** The parts of a payload the bench varies; the rest stays as in the fixture. */
function object(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
  return value as Json;
}

function element(value: unknown, index = 0): Json {
  if (!Array.isArray(value)) throw new Error('not an array');
  return object(value[index]);
}

export const FOREGROUND_INSTANCE_PREFIX = 'i-0f';
export const SERVICES = ['web', 'api', 'checkout', 'search', 'billing', 'auth', 'queue', 'reports'];

const TEMPLATES = {
  ec2: fixture('ec2/instance-state-change-stopped.json'),
  alarm: fixture('cloudwatch/alarm-state-change-ec2-status-check.json'),
  health: fixture('health/ec2-scheduled-retirement.json'),
  guardduty: fixture('guardduty/finding-ec2-high.json'),
};

export type EventKind = keyof typeof TEMPLATES;

function foregroundInstance(random: Random): string {
  return `${FOREGROUND_INSTANCE_PREFIX}${hex(random, 15)}`;
}

function ec2Event(random: Random, event: Json): void {
  const id = foregroundInstance(random);
  event.resources = [`arn:aws:ec2:us-east-1:123456789012:instance/${id}`];
  Object.assign(object(event.detail), { 'instance-id': id, state: pick(random, ['stopped', 'stopping']) });
}

function alarmEvent(random: Random, event: Json): void {
  const name = `fg-${pick(random, SERVICES)}-${Math.floor(random() * 100)}-${pick(random, ['cpu-high', 'status-check-failed', 'memory-high'])}`;
  event.resources = [`arn:aws:cloudwatch:us-east-1:123456789012:alarm:${name}`];
  const detail = object(event.detail);
  detail.alarmName = name;
  const metric = object(object(element(object(detail.configuration).metrics).metricStat).metric);
  metric.dimensions = { InstanceId: foregroundInstance(random) };
  object(detail.previousState).value = pick(random, ['OK', 'INSUFFICIENT_DATA']);
}

function healthEvent(random: Random, event: Json): void {
  const id = foregroundInstance(random);
  const code = pick(random, [
    'AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED',
    'AWS_EC2_INSTANCE_REBOOT_MAINTENANCE_SCHEDULED',
    'AWS_EC2_SYSTEM_MAINTENANCE_SCHEDULED',
  ]);
  event.resources = [id];
  const detail = object(event.detail);
  detail.eventTypeCode = code;
  detail.eventArn = `arn:aws:health:us-east-1::event/EC2/${code}/${code}_${uuid(random)}`;
  element(detail.affectedEntities).entityValue = id;
}

function guardDutyEvent(random: Random, event: Json): void {
  const id = foregroundInstance(random);
  const detail = object(event.detail);
  detail.id = hex(random, 32);
  detail.type = pick(random, [
    'Backdoor:EC2/C&CActivity.B!DNS',
    'UnauthorizedAccess:EC2/SSHBruteForce',
    'CryptoCurrency:EC2/BitcoinTool.B!DNS',
  ]);
  detail.severity = pick(random, [5, 5.3, 8, 8.9]);
  const instance = object(object(detail.resource).instanceDetails);
  instance.instanceId = id;
  instance.tags = [
    { key: 'Name', value: `${pick(random, SERVICES)}-${Math.floor(random() * 100)}` },
    { key: 'aws:autoscaling:groupName', value: `fg-asg-${pick(random, SERVICES)}` },
  ];
}

const VARY: Record<EventKind, (random: Random, event: Json) => void> = {
  ec2: ec2Event,
  alarm: alarmEvent,
  health: healthEvent,
  guardduty: guardDutyEvent,
};

export interface EventPool {
  events: Json[];
  /** The same events as JSON text, as a Lambda receives them before parsing. */
  texts: string[];
  kinds: EventKind[];
}

/** `perKind` events of each kind, shuffled with the seed so kinds interleave. */
export function eventPool(perKind: number, seed = 20240514): EventPool {
  const random = seededRandom(seed);
  const made: { kind: EventKind; event: Json }[] = [];
  for (const kind of Object.keys(TEMPLATES) as EventKind[]) {
    for (let i = 0; i < perKind; i++) {
      const event = structuredClone(TEMPLATES[kind]);
      event.id = uuid(random);
      VARY[kind](random, event);
      made.push({ kind, event });
    }
  }
  for (let i = made.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [made[i], made[j]] = [made[j] as (typeof made)[number], made[i] as (typeof made)[number]];
  }
  return {
    events: made.map(({ event }) => event),
    texts: made.map(({ event }) => JSON.stringify(event)),
    kinds: made.map(({ kind }) => kind),
  };
}
