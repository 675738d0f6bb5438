import { z } from 'zod';
import type { ResourceRef } from '../../core/signal.ts';
import { autoScalingGroupRef, ec2InstanceRef } from '../resource-refs.ts';
import { defineSignalParser } from '../signal-parser.ts';
import { eventBridgeEventSchema, eventBridgeSignal } from './eventbridge-event.ts';

const SOURCE = 'aws.autoscaling';
const DETAIL_TYPE = 'EC2 Instance Launch Unsuccessful';
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;

/**
 * An Auto Scaling group failed to launch an instance
 * (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-event-reference.html).
 * `EC2InstanceId` is often empty: no instance was created.
 */
const LaunchUnsuccessfulDetailSchema = z.looseObject({
  AutoScalingGroupName: z.string().min(1),
  StatusCode: z.string().min(1),
  StatusMessage: z.string().optional(),
  Cause: z.string().optional(),
  EC2InstanceId: z.string().optional(),
  ActivityId: z.string().optional(),
});

type LaunchUnsuccessfulDetail = z.output<typeof LaunchUnsuccessfulDetailSchema>;

/** The group first (what the failure is about), then the instance if one was created. */
function launchResources(detail: LaunchUnsuccessfulDetail, where: { region: string; account: string }) {
  const refs: ResourceRef[] = [autoScalingGroupRef(detail.AutoScalingGroupName)];
  const instanceId = detail.EC2InstanceId ?? '';
  if (INSTANCE_ID.test(instanceId)) refs.push(ec2InstanceRef(instanceId, where));
  return refs;
}

export const autoScalingLaunchUnsuccessfulParser = defineSignalParser({
  name: 'autoscaling-launch-unsuccessful',
  source: SOURCE,
  detailType: DETAIL_TYPE,
  schema: eventBridgeEventSchema(SOURCE, DETAIL_TYPE, LaunchUnsuccessfulDetailSchema),
  normalize: (event, raw) => eventBridgeSignal(event, raw, launchResources(event.detail, event)),
});
