/**
 * Policy sets for the matcher bench. Every set holds the same planted policies, of which every pool
 * event matches exactly PLANTED_MATCHES_PER_EVENT, and fills up to its size with background policies
 * about another fleet (`i-0b…`, alarms `bg-…`, groups `bg-asg-…`, `team` tags), which match no pool
 * event. So the matches per event stay constant while the policies that do not match grow.
 */
import { type Random, seededRandom } from '../../test/support/seeded-random.ts';
import { hex, pick, SERVICES } from './event-pool.ts';

type Pattern = Record<string, unknown>;

export interface BenchPolicy {
  id: string;
  pattern: Pattern;
}

export const PLANTED_MATCHES_PER_EVENT = 2;

const EC2_STATE_CHANGE = 'EC2 Instance State-change Notification';
const ALARM_STATE_CHANGE = 'CloudWatch Alarm State Change';

/** Two per event kind; each pool event matches both of its kind's and none of the others. */
export const PLANTED: readonly BenchPolicy[] = [
  {
    id: 'ec2-stopped',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': [EC2_STATE_CHANGE],
      detail: { state: ['stopped', 'stopping'] },
    },
  },
  {
    id: 'ec2-fleet-not-running',
    pattern: {
      source: ['aws.ec2'],
      detail: { 'instance-id': [{ prefix: 'i-0f' }], state: [{ 'anything-but': ['running', 'pending'] }] },
    },
  },
  {
    id: 'alarm-fired',
    pattern: {
      source: ['aws.cloudwatch'],
      'detail-type': [ALARM_STATE_CHANGE],
      detail: { state: { value: ['ALARM'] }, previousState: { value: ['OK', 'INSUFFICIENT_DATA'] } },
    },
  },
  {
    id: 'alarm-foreground-ec2',
    pattern: {
      source: ['aws.cloudwatch'],
      detail: {
        alarmName: [{ prefix: 'fg-' }],
        configuration: { metrics: { metricStat: { metric: { namespace: ['AWS/EC2'] } } } },
      },
    },
  },
  {
    id: 'health-ec2-scheduled',
    pattern: { source: ['aws.health'], detail: { service: ['EC2'], eventTypeCategory: ['scheduledChange'] } },
  },
  {
    id: 'health-or-spot-warning',
    pattern: {
      $or: [
        { source: ['aws.health'], detail: { eventTypeCode: [{ wildcard: 'AWS_EC2_*_SCHEDULED' }] } },
        { source: ['aws.ec2'], 'detail-type': ['EC2 Spot Instance Interruption Warning'] },
      ],
    },
  },
  {
    id: 'guardduty-medium-instance',
    pattern: {
      source: ['aws.guardduty'],
      detail: { severity: [{ numeric: ['>=', 4] }], resource: { resourceType: ['Instance'] } },
    },
  },
  {
    id: 'guardduty-foreground-asg',
    pattern: {
      source: ['aws.guardduty'],
      detail: {
        type: [{ 'anything-but': { prefix: 'Recon:' } }],
        resource: {
          instanceDetails: { tags: { key: ['aws:autoscaling:groupName'], value: [{ prefix: 'fg-asg-' }] } },
        },
      },
    },
  },
];

function instance(random: Random): string {
  return `i-0b${hex(random, 15)}`;
}

function alarmName(random: Random): string {
  return `bg-${pick(random, SERVICES)}-${Math.floor(random() * 5000)}-${pick(random, ['cpu-high', 'latency-p99', 'errors'])}`;
}

function some<T>(random: Random, make: (random: Random) => T, max: number): T[] {
  return Array.from({ length: 1 + Math.floor(random() * max) }, () => make(random));
}

/** Background policies whose most selective field is an exact value (an id, a name, a tag value). */
const EXACT_KEYED: readonly ((random: Random) => Pattern)[] = [
  (random) => ({
    source: ['aws.ec2'],
    'detail-type': [EC2_STATE_CHANGE],
    detail: {
      'instance-id': [instance(random)],
      state: some(random, (r) => pick(r, ['stopped', 'terminated', 'stopping']), 2),
    },
  }),
  (random) => ({
    source: ['aws.ec2'],
    detail: { 'instance-id': some(random, instance, 3), state: [{ 'anything-but': ['running'] }] },
  }),
  (random) => ({
    source: ['aws.cloudwatch'],
    'detail-type': [ALARM_STATE_CHANGE],
    detail: { alarmName: [alarmName(random)], state: { value: ['ALARM'] } },
  }),
  (random) => ({
    source: ['aws.cloudwatch'],
    detail: {
      alarmName: some(random, alarmName, 2),
      $or: [{ state: { value: ['ALARM'] } }, { previousState: { value: ['ALARM'] } }],
    },
  }),
  (random) => ({
    source: ['aws.cloudwatch'],
    detail: { alarmName: [alarmName(random)], state: { value: [{ 'equals-ignore-case': 'alarm' }] } },
  }),
  (random) => ({
    source: ['aws.health'],
    detail: {
      affectedEntities: { entityValue: [instance(random)] },
      eventTypeCategory: ['issue', 'scheduledChange'],
      statusCode: [{ exists: true }],
    },
  }),
  (random) => ({
    source: ['aws.guardduty'],
    detail: {
      severity: [{ numeric: ['>', pick(random, [4, 7])] }],
      resource: { instanceDetails: { instanceId: [instance(random)] } },
    },
  }),
  (random) => ({
    source: ['aws.guardduty'],
    detail: {
      severity: [{ numeric: ['>=', 7] }],
      resource: {
        instanceDetails: { tags: { key: ['team'], value: [`bg-team-${Math.floor(random() * 500)}`] } },
      },
    },
  }),
  (random) => ({
    source: ['aws.autoscaling'],
    'detail-type': ['EC2 Instance Launch Unsuccessful', 'EC2 Instance Terminate Unsuccessful'],
    detail: { AutoScalingGroupName: [`bg-asg-${hex(random, 6)}`], StatusMessage: [{ exists: true }] },
  }),
];

/**
 * Background policies whose selective field is an operator (prefix, wildcard, suffix): their only
 * exact fields (source, detail-type, state) are shared by many policies.
 */
const OPERATOR_KEYED: readonly ((random: Random) => Pattern)[] = [
  (random) => ({
    source: ['aws.cloudwatch'],
    'detail-type': [ALARM_STATE_CHANGE],
    detail: {
      alarmName: [{ prefix: `bg-${pick(random, SERVICES)}-${Math.floor(random() * 5000)}-` }],
      state: { value: ['ALARM'] },
    },
  }),
  (random) => ({
    source: ['aws.ec2'],
    'detail-type': [EC2_STATE_CHANGE],
    detail: { 'instance-id': [{ wildcard: `i-0b${hex(random, 3)}*` }], state: ['stopped'] },
  }),
  (random) => ({
    source: ['aws.health'],
    detail: {
      eventTypeCode: [{ prefix: `AWS_${pick(random, ['RDS', 'ECS', 'LAMBDA', 'EBS', 'ELASTICACHE'])}_` }],
    },
  }),
  (random) => ({
    source: ['aws.guardduty'],
    detail: {
      type: [{ prefix: pick(random, ['Recon:IAMUser/', 'Policy:S3/', 'Discovery:Kubernetes/']) }],
      severity: [{ numeric: ['>=', pick(random, [2, 5, 8])] }],
    },
  }),
  (random) => ({
    source: ['aws.cloudwatch'],
    detail: {
      alarmName: [{ suffix: { 'equals-ignore-case': `-BG${Math.floor(random() * 5000)}-LATENCY` } }],
    },
  }),
];

export interface Scenario {
  name: string;
  description: string;
  /** Share of background policies drawn from OPERATOR_KEYED, the rest from EXACT_KEYED. */
  operatorKeyedShare: number;
}

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'exact-keyed',
    description: 'every background policy names an exact id, alarm name, group or tag value',
    operatorKeyedShare: 0,
  },
  {
    name: 'mixed-10%-operator-keyed',
    description:
      '10% of background policies select by prefix/suffix/wildcard only (exact fields: source, detail-type, state)',
    operatorKeyedShare: 0.1,
  },
];

/** The planted policies plus `size - PLANTED.length` background ones, in a seeded random order. */
export function policySet(scenario: Scenario, size: number, seed = 7): BenchPolicy[] {
  if (size < PLANTED.length)
    throw new Error(`a policy set holds at least the ${PLANTED.length} planted policies`);
  const random = seededRandom(seed + size);
  const policies: BenchPolicy[] = [...PLANTED];
  for (let i = policies.length; i < size; i++) {
    const templates = random() < scenario.operatorKeyedShare ? OPERATOR_KEYED : EXACT_KEYED;
    policies.push({ id: `background-${i}`, pattern: pick(random, templates)(random) });
  }
  for (let i = policies.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [policies[i], policies[j]] = [policies[j] as BenchPolicy, policies[i] as BenchPolicy];
  }
  return policies;
}
