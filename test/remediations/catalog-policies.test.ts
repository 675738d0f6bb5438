import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { toMatchableEvent } from '../../shared/core/signal.ts';
import { planSignal } from '../../shared/planner/plan.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { compilePolicies } from '../../shared/policies/policy-matcher.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import { parseTriggerInput } from '../../shared/signals/parse-trigger-input.ts';
import { loadEvent } from '../support/fixtures.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

const { policies, problems } = loadPolicyDirectory(join(REPOSITORY_ROOT, 'policies'), actionRegistry);
const matcher = compilePolicies(policies);
const ALERT_HOME = { home: { account: '123456789012', region: 'us-east-1' } };

/** Each shipped remediation: its real triggering event, the policy it fires, what it plans first. */
const CATALOG: {
  fixture: string;
  policy: string;
  /** Every policy the event matches, when others than `policy` do (their filters leave it out). */
  matches?: string[];
  tags?: Record<string, Record<string, string>>;
  planned: [action: string, target: string, mode: string][];
}[] = [
  {
    fixture: 'cloudwatch/alarm-state-change-ec2-system-status-check.json',
    policy: 'ec2-recover-on-system-status-check',
    planned: [
      ['ec2.stop-start-instance', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
      ['notify', 'policy/ec2-recover-on-system-status-check', 'dry-run'],
    ],
  },
  {
    fixture: 'cloudwatch/alarm-state-change-ec2-status-check.json',
    policy: 'ec2-reboot-on-instance-status-check',
    planned: [
      ['ec2.reboot-instance', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
      ['notify', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
    ],
  },
  {
    fixture: 'ec2/instance-state-change-stopped.json',
    policy: 'ec2-keep-running',
    tags: { 'ec2:instance/i-0123456789abcdef0': { 'reflex:desired-state': 'running' } },
    planned: [['ec2.start-instance', 'ec2:instance/i-0123456789abcdef0', 'enforce']],
  },
  {
    fixture: 'health/ec2-scheduled-retirement.json',
    policy: 'ec2-scheduled-retirement',
    matches: ['ec2-scheduled-retirement', 'ec2-scheduled-retirement-in-window'],
    tags: { 'ec2:instance/i-0123456789abcdef0': {} },
    planned: [
      ['ec2.stop-start-instance', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
      ['notify', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
    ],
  },
  {
    fixture: 'health/ec2-instance-stop-scheduled.json',
    policy: 'ec2-scheduled-retirement-in-window',
    matches: ['ec2-scheduled-retirement', 'ec2-scheduled-retirement-in-window'],
    tags: { 'ec2:instance/i-0123456789abcdef0': { 'reflex:maintenance-window': 'sunday-night' } },
    planned: [
      ['ec2.schedule-stop-start', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
      ['notify', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
    ],
  },
  {
    fixture: 'ec2/spot-interruption-warning.json',
    policy: 'ec2-spot-interruption',
    planned: [['autoscaling.mark-instance-unhealthy', 'ec2:instance/i-0123456789abcdef0', 'enforce']],
  },
  {
    fixture: 'cloudwatch/alarm-state-change-asg-instance-status-check.json',
    policy: 'autoscaling-replace-unhealthy-instance',
    tags: { 'ec2:instance/i-0123456789abcdef0': { 'aws:autoscaling:groupName': 'web-asg' } },
    planned: [
      ['autoscaling.terminate-instance-in-group', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
      ['notify', 'policy/autoscaling-replace-unhealthy-instance', 'dry-run'],
    ],
  },
  {
    fixture: 'autoscaling/instance-launch-unsuccessful.json',
    policy: 'autoscaling-launch-failures',
    planned: [['autoscaling.note-launch-failure', 'autoscaling:group/web-asg', 'enforce']],
  },
  {
    fixture: 'ecs/task-stopped-essential-container-exited.json',
    policy: 'ecs-crash-loop',
    planned: [['ecs.force-new-deployment', 'ecs:service/prod/orders-api', 'dry-run']],
  },
  {
    fixture: 'cloudwatch/alarm-state-change-sqs-dlq-not-empty.json',
    policy: 'sqs-redrive-dead-letters',
    planned: [['sqs.start-message-move', 'sqs:queue/orders-dlq', 'dry-run']],
  },
  {
    fixture: 'cloudtrail/authorize-security-group-ingress-ssh-world.json',
    policy: 'ec2-security-group-open-to-world',
    planned: [
      ['ec2.revoke-open-ingress', 'ec2:security-group/sg-0a1b2c3d4e5f67890', 'enforce'],
      ['notify', 'ec2:security-group/sg-0a1b2c3d4e5f67890', 'enforce'],
    ],
  },
  {
    fixture: 'health/risk-credentials-exposed.json',
    policy: 'iam-access-key-exposed',
    planned: [
      ['iam.deactivate-access-key', 'iam:access-key/AKIAIOSFODNN7EXAMPLE', 'enforce'],
      ['notify', 'iam:access-key/AKIAIOSFODNN7EXAMPLE', 'enforce'],
    ],
  },
  {
    fixture: 'cloudwatch/alarm-state-change-lambda-throttles.json',
    policy: 'lambda-throttled',
    planned: [['lambda.raise-reserved-concurrency', 'lambda:function/orders-api', 'enforce']],
  },
  {
    fixture: 'guardduty/finding-ec2-high.json',
    policy: 'guardduty-ec2-high-severity',
    planned: [['ec2.isolate-instance', 'ec2:instance/i-0123456789abcdef0', 'approve']],
  },
  {
    fixture: 'cloudwatch/alarm-state-change-disk-used-percent.json',
    policy: 'ec2-disk-almost-full',
    planned: [['ssm.clean-up-disk', 'ec2:instance/i-0123456789abcdef0', 'dry-run']],
  },
  {
    fixture: 'alertmanager/webhook-v4-firing.json',
    policy: 'alert-node-down',
    planned: [
      ['ec2.reboot-instance', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
      ['notify', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
    ],
  },
  {
    fixture: 'grafana/node-down.json',
    policy: 'alert-node-down',
    planned: [
      ['ec2.reboot-instance', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
      ['notify', 'ec2:instance/i-0123456789abcdef0', 'dry-run'],
    ],
  },
  {
    fixture: 'alertmanager/disk-almost-full.json',
    policy: 'alert-disk-almost-full',
    planned: [['ssm.clean-up-disk', 'ec2:instance/i-0123456789abcdef0', 'dry-run']],
  },
  {
    fixture: 'grafana/disk-almost-full.json',
    policy: 'alert-disk-almost-full',
    planned: [['ssm.clean-up-disk', 'ec2:instance/i-0123456789abcdef0', 'dry-run']],
  },
  {
    fixture: 'alertmanager/ecs-error-ratio-high.json',
    policy: 'alert-ecs-error-ratio-high',
    planned: [['ecs.force-new-deployment', 'ecs:service/prod/api', 'dry-run']],
  },
  {
    fixture: 'grafana/ecs-error-ratio-high.json',
    policy: 'alert-ecs-error-ratio-high',
    planned: [['ecs.force-new-deployment', 'ecs:service/prod/api', 'dry-run']],
  },
];

describe('remediation catalog policies (fixture → policy → plan)', () => {
  it('load without a problem', () => {
    expect(problems).toEqual([]);
  });

  it.each(CATALOG.map((entry) => [entry.policy, entry] as const))(
    '%s fires on its real event',
    (_name, entry) => {
      // Prepare
      const [parsed] = parseTriggerInput(loadEvent(entry.fixture), ALERT_HOME);
      if (!parsed?.ok) throw new Error(`fixture ${entry.fixture} is not a signal: ${JSON.stringify(parsed)}`);
      const signal = parsed.value;
      // Act
      const matched = matcher.match(toMatchableEvent(signal));
      const plan = planSignal(signal, matched, {
        registry: actionRegistry,
        ceiling: 'enforce',
        tags: new Map(Object.entries(entry.tags ?? {})),
        now: new Date('2024-05-14T12:00:00Z'),
      });
      // Assess
      expect(matched.map((policy) => policy.name)).toEqual(entry.matches ?? [entry.policy]);
      expect(plan.skipped).toEqual([]);
      expect(plan.requests.map((request) => [request.action, request.target, request.mode])).toEqual(
        entry.planned,
      );
    },
  );

  it('the alert policies plan nothing for a resolved alert', () => {
    // Prepare
    const [parsed] = parseTriggerInput(loadEvent('alertmanager/webhook-v4-resolved.json'), ALERT_HOME);
    if (!parsed?.ok) throw new Error('the resolved notification is not a signal');
    // Act
    const matched = matcher.match(toMatchableEvent(parsed.value));
    // Assess
    expect(matched.map((policy) => policy.name)).toEqual([]);
  });

  it('a closed AWS Health retirement event (the update after the fact) fires no retirement policy', () => {
    // Prepare
    const event = loadEvent<{ detail: Record<string, unknown> }>('health/ec2-scheduled-retirement.json');
    event.detail.statusCode = 'closed';
    const [parsed] = parseSignalInput(event);
    if (!parsed?.ok) throw new Error('the closed retirement event is not a signal');
    // Act
    const matched = matcher.match(toMatchableEvent(parsed.value));
    // Assess
    expect(matched.map((policy) => policy.name)).toEqual([]);
  });
});
