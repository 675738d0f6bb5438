import { z } from 'zod';
import { ec2InstanceRef } from '../resource-refs.ts';
import { defineSignalParser } from '../signal-parser.ts';
import { eventBridgeEventSchema, eventBridgeSignal } from './eventbridge-event.ts';

const SOURCE = 'aws.ec2';
const DETAIL_TYPE = 'EC2 Instance State-change Notification';

/** https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/monitoring-instance-state-changes.html */
const Ec2StateChangeDetailSchema = z.looseObject({
  'instance-id': z.string().regex(/^i-[0-9a-f]+$/),
  state: z.enum(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated']),
});

export const ec2StateChangeParser = defineSignalParser({
  name: 'ec2-instance-state-change',
  source: SOURCE,
  detailType: DETAIL_TYPE,
  schema: eventBridgeEventSchema(SOURCE, DETAIL_TYPE, Ec2StateChangeDetailSchema),
  normalize: (event, raw) =>
    eventBridgeSignal(event, raw, [ec2InstanceRef(event.detail['instance-id'], event)]),
});
