import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../../shared/actions/action.ts';
import { shippedActions } from '../../shared/actions/catalog.ts';
import { ActionRegistry, actionRegistry, UnknownActionError } from '../../shared/actions/registry.ts';

const actionsDir = join(import.meta.dirname, '../../shared/actions');

function filesDefiningActions(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return filesDefiningActions(path);
    return readFileSync(path, 'utf8').includes('defineAction({') ? [path] : [];
  });
}

describe('action registry (meta-test over every registered action)', () => {
  it.each(actionRegistry.all().map((action) => [action.name, action] as const))(
    '%s declares permissions, a strict schema and a risk',
    (_name, action) => {
      // Assess
      expect(action.permissions.length).toBeGreaterThan(0);
      for (const permission of action.permissions)
        expect(permission).toMatch(/^[a-z0-9-]+:[A-Z][A-Za-z0-9]+$/);
      expect(['low', 'medium', 'high']).toContain(action.risk);
      const unknownKey = action.params.safeParse({ ...validExample(action.name), surpriseKey: 1 });
      expect(unknownKey.success).toBe(false);
      expect(action.describe(action.params.parse(validExample(action.name))).length).toBeGreaterThan(0);
      if (action.target) expect(Object.keys(action.params.shape)).toContain(action.target.param);
    },
  );

  it('registers every file that defines an action', () => {
    // Prepare
    const files = filesDefiningActions(actionsDir).filter((file) => !file.endsWith('action.ts'));
    // Assess
    expect(files.length).toBe(shippedActions.length);
  });

  it('fails on an unknown name, listing the valid names', () => {
    // Act
    const lookup = () => actionRegistry.get('ec2.explode-instance');
    // Assess
    expect(lookup).toThrow(UnknownActionError);
    expect(lookup).toThrow(/valid actions: .*ec2\.start-instance/);
  });

  it('refuses two actions with one name', () => {
    // Prepare
    const twin = defineAction({
      name: 'notify',
      summary: 'twin',
      params: z.strictObject({}),
      risk: 'low',
      permissions: ['sns:Publish'],
      describe: () => 'twin',
      execute: async () => ({ summary: 'twin' }),
    });
    // Act / Assess
    expect(() => new ActionRegistry([...shippedActions, twin])).toThrow(/registered twice/);
  });
});

function validExample(name: string): Record<string, unknown> {
  const examples: Record<string, Record<string, unknown>> = {
    'ec2.start-instance': { instanceId: 'i-0123456789abcdef0' },
    'ec2.stop-instance': { instanceId: 'i-0123456789abcdef0' },
    'ec2.reboot-instance': { instanceId: 'i-0123456789abcdef0' },
    'ec2.stop-start-instance': { instanceId: 'i-0123456789abcdef0' },
    'ec2.schedule-stop-start': {
      instanceId: 'i-0123456789abcdef0',
      window: 'sun 02:00-04:00 Europe/Paris',
      deadline: 'Tue, 28 May 2024 09:00:00 GMT',
      eventArn: 'arn:aws:health:us-east-1::event/EC2/AWS_EC2_INSTANCE_RETIREMENT_SCHEDULED/example',
    },
    'ec2.revoke-open-ingress': { groupId: 'sg-0a1b2c3d4e5f67890' },
    'ec2.quarantine-instance': { instanceId: 'i-0123456789abcdef0', reason: 'status checks keep failing' },
    'autoscaling.set-desired-capacity': { group: 'web', desiredCapacity: 2 },
    'autoscaling.adjust-capacity': { group: 'web', steps: [{ from: 0, change: 1 }], breach: 12 },
    'autoscaling.update-group-bounds': { group: 'web', maxSize: 8, highest: 10 },
    'ecs.set-desired-count': { service: 'main/api', desiredCount: 3 },
    'ecs.force-new-deployment': { service: 'prod/orders-api' },
    'ecs.rollback-task-definition': {
      service: 'prod/orders-api',
      crashedTaskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/orders-api:7',
    },
    'ec2.resize-instance': { instanceId: 'i-0123456789abcdef0', instanceType: 'm7g.large' },
    'autoscaling.mark-instance-unhealthy': { instanceId: 'i-0123456789abcdef0' },
    'autoscaling.terminate-instance-in-group': { instanceId: 'i-0123456789abcdef0' },
    'autoscaling.note-launch-failure': { group: 'web-asg', cause: 'no t3.micro capacity in us-east-1a' },
    notify: { message: 'hello' },
    'iam.rotate-access-key': { userName: 'ci-deployer', secretId: 'reflex/iam/ci-deployer' },
    'iam.deactivate-access-key': { accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    'lambda.raise-reserved-concurrency': { functionName: 'orders-api', ceiling: 200 },
    'ec2.isolate-instance': {
      instanceId: 'i-0123456789abcdef0',
      reason: 'GuardDuty Backdoor:EC2/C&CActivity.B!DNS',
    },
    'ssm.clean-up-disk': { instanceId: 'i-0123456789abcdef0', path: '/var' },
    'ec2.delete-snapshot': { snapshotId: 'snap-0123456789abcdef0' },
    'sqs.start-message-move': { queueName: 'orders-dlq' },
    'sqs.redrive-dlq': {
      queueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders-dlq',
      destinationQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/orders',
    },
  };
  const example = examples[name];
  if (example === undefined) throw new Error(`add an example for new action ${name} to this meta-test`);
  return example;
}
