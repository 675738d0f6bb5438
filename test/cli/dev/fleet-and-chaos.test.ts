import { DescribeSecurityGroupsCommand } from '@aws-sdk/client-ec2';
import { beforeAll, describe, expect, it } from 'vitest';
import { AlarmPoller } from '../../../cli/dev/alarms/alarm-poller.ts';
import { chaosAction } from '../../../cli/dev/chaos/chaos-registry.ts';
import type { SeededFleet } from '../../../cli/dev/fleet/demo-fleet.ts';
import { readFleetState } from '../../../cli/dev/fleet/fleet-state.ts';
import { seedFleet } from '../../../cli/dev/fleet/seed-fleet.ts';
import type { AwsClients } from '../../../shared/aws/clients.ts';
import { parseEventBridgeEvent } from '../../../shared/signals/parse-event.ts';
import { useLocalAws } from '../../support/local-aws.ts';

let clients: AwsClients;
let fleet: SeededFleet;
const where = { account: '123456789012', region: 'us-east-1' };

beforeAll(async () => {
  clients = useLocalAws();
  fleet = await seedFleet(clients);
});

function chaos(name: string, options: Record<string, string> = {}) {
  return chaosAction(name).run({ clients, fleet, ...where, now: new Date() }, options);
}

describe('the demo fleet of reflex dev (moto)', () => {
  it('is seeded once: a second seeding finds the same resources', async () => {
    // Act
    const again = await seedFleet(clients);
    const state = await readFleetState(clients, fleet);
    // Assess
    expect(again).toEqual(fleet);
    expect(state.instances.map((i) => [i.name, i.state])).toEqual([
      ['web-1', 'running'],
      ['web-2', 'running'],
      ['batch-1', 'running'],
    ]);
    expect(state.group).toMatchObject({ name: 'demo-web', min: 1, max: 6, desired: 2 });
    expect(state.service).toMatchObject({ cluster: 'demo', name: 'api', desired: 2 });
    expect(state.deadLetterQueue.visible).toBe(0);
    expect(state.alarms.map((alarm) => alarm.name).sort()).toEqual([...fleet.alarms].sort());
  });
});

describe('chaos and the alarm poller', () => {
  it('an alarm set through the API becomes one CloudWatch Alarm State Change event that parses as a signal', async () => {
    // Prepare
    const poller = new AlarmPoller(clients, where);
    const primed = await poller.poll();
    // Act
    const result = await chaos('alarm', { name: 'demo-web-cpu-high', value: '97' });
    const events = await poller.poll();
    const quiet = await poller.poll();
    // Assess
    expect(primed).toEqual([]);
    expect(result.summary).toBe('alarm demo-web-cpu-high set to ALARM (datapoint 97)');
    expect(events).toHaveLength(1);
    expect(quiet).toEqual([]);
    const parsed = parseEventBridgeEvent(events[0]);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.kind).toBe('alarm');
    expect(parsed.value.resources).toContainEqual({ type: 'autoscaling:group', id: 'demo-web' });
    expect(parsed.value.detail).toMatchObject({
      state: { value: 'ALARM' },
      previousState: { value: expect.stringMatching(/^(OK|INSUFFICIENT_DATA)$/) },
    });
    expect(JSON.parse((parsed.value.detail.state as { reasonData: string }).reasonData)).toMatchObject({
      recentDatapoints: [97, 97, 97],
      threshold: 80,
    });
  });

  it('stop-instance stops the instance and emits its state change; unknown names list the valid ones', async () => {
    // Act
    const result = await chaos('stop-instance', { instance: 'web-2' });
    const unknown = () => chaos('stop-instance', { instance: 'web-9' });
    // Assess
    const state = await readFleetState(clients, fleet);
    expect(state.instances.find((i) => i.name === 'web-2')?.state).toBe('stopped');
    const parsed = parseEventBridgeEvent(result.events[0]);
    expect(parsed.ok && parsed.value.resources[0]?.id).toBe(fleet.instances[1]?.id);
    await expect(unknown()).rejects.toThrow(/no demo instance "web-9"; valid: web-1 \(i-/);
    expect(() => chaosAction('meteor')).toThrow(
      'unknown chaos "meteor"; valid: stop-instance, alarm, fill-dlq, open-port',
    );
  });

  it('fill-dlq fills the dead-letter queue and its alarm fires; open-port opens the rule and emits the CloudTrail event', async () => {
    // Prepare
    const poller = new AlarmPoller(clients, where);
    await poller.poll();
    // Act
    await chaos('fill-dlq', { count: '12' });
    const alarmEvents = await poller.poll();
    const opened = await chaos('open-port', { port: '3389' });
    // Assess
    expect((await readFleetState(clients, fleet)).deadLetterQueue.visible).toBe(12);
    expect(alarmEvents.map((event) => (event.detail as { alarmName: string }).alarmName)).toEqual([
      'demo-orders-dlq-not-empty',
    ]);
    const ec2 = await clients.ec2();
    const group = (await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: [fleet.securityGroupId] })))
      .SecurityGroups?.[0];
    expect(group?.IpPermissions).toContainEqual(
      expect.objectContaining({
        FromPort: 3389,
        ToPort: 3389,
        IpRanges: [expect.objectContaining({ CidrIp: '0.0.0.0/0' })],
      }),
    );
    expect(opened.events[0]).toMatchObject({
      'detail-type': 'AWS API Call via CloudTrail',
      detail: {
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: { groupId: fleet.securityGroupId },
      },
    });
  });
});
