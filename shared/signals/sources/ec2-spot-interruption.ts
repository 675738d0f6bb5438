import { z } from 'zod';
import { ec2InstanceRef } from '../resource-refs.ts';
import { defineSignalParser } from '../signal-parser.ts';
import { eventBridgeEventSchema, eventBridgeSignal } from './eventbridge-event.ts';

const SOURCE = 'aws.ec2';
const DETAIL_TYPE = 'EC2 Spot Instance Interruption Warning';

/**
 * Two minutes before EC2 reclaims a Spot Instance
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html).
 * The event's resource ARN names an Availability Zone where a region belongs, so the instance's
 * ARN is rebuilt from the event's region and account.
 */
const SpotInterruptionDetailSchema = z.looseObject({
  'instance-id': z.string().regex(/^i-[0-9a-f]+$/),
  'instance-action': z.enum(['terminate', 'stop', 'hibernate']),
});

export const ec2SpotInterruptionParser = defineSignalParser({
  name: 'ec2-spot-interruption-warning',
  source: SOURCE,
  detailType: DETAIL_TYPE,
  schema: eventBridgeEventSchema(SOURCE, DETAIL_TYPE, SpotInterruptionDetailSchema),
  normalize: (event, raw) =>
    eventBridgeSignal(event, raw, [ec2InstanceRef(event.detail['instance-id'], event)]),
});
