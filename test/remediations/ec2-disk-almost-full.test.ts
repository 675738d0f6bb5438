import { ListCommandsCommand } from '@aws-sdk/client-ssm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AwsClients } from '../../shared/aws/clients.ts';
import { launchInstance, useLocalAws } from '../support/local-aws.ts';
import {
  policiesVariant,
  type ReflexHandlers,
  type ReflexTestStack,
  reflexTestStack,
  sourceHandlers,
} from '../support/reflex-stack.ts';
import { eventFrom, putInstanceAlarm, recordsOf, setAlarmState } from '../support/remediation.ts';

const FIXTURE = 'cloudwatch/alarm-state-change-disk-used-percent.json';
const FIXTURE_INSTANCE = 'i-0123456789abcdef0';
const FIXTURE_ALARM = 'web-1-disk-used-percent-root';

let clients: AwsClients;
let reflex: ReflexTestStack;
let handlers: ReflexHandlers;

beforeAll(async () => {
  clients = useLocalAws();
  reflex = await reflexTestStack(
    clients,
    'disk-full',
    policiesVariant({ 'ec2-disk-almost-full.yml': ['mode: dry-run', 'mode: enforce'] }),
  );
  handlers = sourceHandlers(reflex.env);
});

describe('remediation 11: disk almost full (CWAgent disk_used_percent) → SSM Run Command cleanup', () => {
  it('sends the bounded cleanup for the alarm’s mount point and verifies the invocation succeeded and the alarm is OK', async () => {
    // Prepare
    const instanceId = await launchInstance(clients);
    const alarmName = `disk-${instanceId}`;
    await putInstanceAlarm(clients, {
      name: alarmName,
      instanceId,
      metric: 'disk_used_percent',
      state: 'ALARM',
    });
    // Act
    const summary = await handlers.onEvent(
      eventFrom(FIXTURE, {
        [FIXTURE_INSTANCE]: instanceId,
        [FIXTURE_ALARM]: alarmName,
        '"path":"/"': '"path":"/var"',
      }),
    );
    await setAlarmState(clients, alarmName, 'OK');
    await reflex.drain(handlers.worker);
    // Assess
    expect(summary.enqueued.map((request) => [request.action, request.target, request.mode])).toEqual([
      ['ssm.clean-up-disk', `ec2:instance/${instanceId}`, 'enforce'],
    ]);
    const ssm = await clients.ssm();
    const commands = (await ssm.send(new ListCommandsCommand({ InstanceId: instanceId }))).Commands ?? [];
    expect(commands).toHaveLength(1);
    const [command] = commands;
    expect(command?.DocumentName).toBe('AWS-RunShellScript');
    expect(command?.Parameters?.commands).toEqual(
      expect.arrayContaining([
        "target='/var'",
        'if command -v journalctl >/dev/null 2>&1; then journalctl --vacuum-size=200M || true; fi',
        expect.stringMatching(
          /^find "\$target" -xdev -type f -path '\*\/log\/\*' .* -mtime \+7 -print -delete/,
        ),
      ]),
    );
    expect(recordsOf(await reflex.auditOf(`ec2:instance/${instanceId}`), 'ssm.clean-up-disk')).toEqual([
      expect.objectContaining({
        outcome: 'succeeded',
        reason: `Sent the disk cleanup of /var to ${instanceId} (command ${command?.CommandId}). Verified: cleanup of /var on ${instanceId} succeeded (command ${command?.CommandId}); alarm ${alarmName} is OK.`,
      }),
    ]);
  });

  it('audits an alarm about an instance that is gone as skipped, and one without the path dimension as skipped', async () => {
    // Prepare
    const partial = eventFrom(FIXTURE, { [FIXTURE_INSTANCE]: 'i-0ddddddddddddddd0', '"path":"/",': '' });
    // Act
    await handlers.onEvent(eventFrom(FIXTURE, { [FIXTURE_INSTANCE]: 'i-0eeeeeeeeeeeeeee0' }));
    const withoutPath = await handlers.onEvent(partial);
    const drained = await reflex.drain(handlers.worker);
    // Assess
    expect(drained.failed).toBe(0);
    const [cleanup] = recordsOf(
      await reflex.auditOf('ec2:instance/i-0eeeeeeeeeeeeeee0'),
      'ssm.clean-up-disk',
    );
    expect(cleanup).toMatchObject({
      outcome: 'skipped',
      reason: 'ec2:instance/i-0eeeeeeeeeeeeeee0 no longer exists (InvalidInstanceID.NotFound)',
    });
    expect(withoutPath.enqueued).toEqual([]);
    const [partialRecord] = recordsOf(
      await reflex.auditOf('ec2:instance/i-0ddddddddddddddd0'),
      'ssm.clean-up-disk',
    );
    expect(partialRecord).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringContaining('has no value'),
    });
  });
});
