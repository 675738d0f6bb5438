import { z } from 'zod';
import type { ResourceRef } from '../../core/signal.ts';
import { ec2InstanceRef, iamAccessKeyRef } from '../resource-refs.ts';
import { defineSignalParser } from '../signal-parser.ts';
import { eventBridgeEventSchema, eventBridgeSignal } from './eventbridge-event.ts';

const SOURCE = 'aws.health';
const DETAIL_TYPE = 'AWS Health Event';
const INSTANCE_ID = /^i-[0-9a-f]{8,17}$/;
/** Long-term IAM user keys (AKIA...); temporary ASIA keys cannot be deactivated, only expire. */
const ACCESS_KEY_ID = /^AKIA[A-Z0-9]{16}$/;

/**
 * https://docs.aws.amazon.com/health/latest/ug/aws-health-events-eventbridge-schema.html
 * Times are RFC 1123 strings ("Tue, 28 May 2024 09:00:00 GMT"), so they are not checked as ISO.
 */
const HealthDetailSchema = z.looseObject({
  eventArn: z.string().startsWith('arn:'),
  service: z.string().min(1),
  eventTypeCode: z.string().min(1),
  eventTypeCategory: z.string().min(1),
  eventScopeCode: z.string().optional(),
  eventRegion: z.string().min(1).optional(),
  affectedAccount: z.string().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  statusCode: z.string().optional(),
  eventDescription: z.array(z.looseObject({ language: z.string(), latestDescription: z.string() })),
  affectedEntities: z.array(z.looseObject({ entityValue: z.string() })).optional(),
});

type HealthDetail = z.output<typeof HealthDetailSchema>;

/**
 * EC2 instance entities of EC2 events and access key entities of RISK events (exposed credentials)
 * become resources; other entities stay readable in the detail.
 */
function healthResources(detail: HealthDetail, delivery: { region: string; account: string }): ResourceRef[] {
  if (detail.service === 'RISK') {
    return (detail.affectedEntities ?? [])
      .filter((entity) => ACCESS_KEY_ID.test(entity.entityValue))
      .map((entity) => iamAccessKeyRef(entity.entityValue));
  }
  if (detail.service !== 'EC2') return [];
  // The delivery region/account can be an aggregator's; the entity lives where the event happened.
  const where = {
    region: detail.eventRegion ?? delivery.region,
    account: detail.affectedAccount ?? delivery.account,
  };
  return (detail.affectedEntities ?? [])
    .filter((entity) => INSTANCE_ID.test(entity.entityValue))
    .map((entity) => ec2InstanceRef(entity.entityValue, where));
}

export const healthEventParser = defineSignalParser({
  name: 'aws-health-event',
  source: SOURCE,
  detailType: DETAIL_TYPE,
  schema: eventBridgeEventSchema(SOURCE, DETAIL_TYPE, HealthDetailSchema),
  normalize: (event, raw) => eventBridgeSignal(event, raw, healthResources(event.detail, event)),
});
