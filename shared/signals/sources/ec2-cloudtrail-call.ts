import { z } from 'zod';
import { partitionOf } from '../../core/placement.ts';
import type { ResourceRef } from '../../core/signal.ts';
import { defineSignalParser } from '../signal-parser.ts';
import { eventBridgeEventSchema, eventBridgeSignal } from './eventbridge-event.ts';

const SOURCE = 'aws.ec2';
const DETAIL_TYPE = 'AWS API Call via CloudTrail';
const GROUP_ID = /^sg-[0-9a-f]{8,17}$/;

/**
 * An EC2 API call recorded by CloudTrail and delivered by EventBridge
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 * The call's own parameters stay in the detail for policy patterns; the security group a call
 * names becomes a resource.
 */
const CloudTrailDetailSchema = z.looseObject({
  eventSource: z.literal('ec2.amazonaws.com'),
  eventName: z.string().min(1),
  awsRegion: z.string().min(1),
  userIdentity: z.looseObject({ type: z.string().optional(), arn: z.string().optional() }).optional(),
  requestParameters: z.looseObject({ groupId: z.string().optional() }).nullable().optional(),
  errorCode: z.string().optional(),
});

type CloudTrailDetail = z.output<typeof CloudTrailDetailSchema>;

function callResources(detail: CloudTrailDetail, account: string): ResourceRef[] {
  const groupId = detail.requestParameters?.groupId;
  if (groupId === undefined || !GROUP_ID.test(groupId)) return [];
  const region = detail.awsRegion;
  return [
    {
      type: 'ec2:security-group',
      id: groupId,
      arn: `arn:${partitionOf(region)}:ec2:${region}:${account}:security-group/${groupId}`,
    },
  ];
}

export const ec2CloudTrailCallParser = defineSignalParser({
  name: 'ec2-cloudtrail-api-call',
  source: SOURCE,
  detailType: DETAIL_TYPE,
  schema: eventBridgeEventSchema(SOURCE, DETAIL_TYPE, CloudTrailDetailSchema),
  normalize: (event, raw) => eventBridgeSignal(event, raw, callResources(event.detail, event.account)),
});
