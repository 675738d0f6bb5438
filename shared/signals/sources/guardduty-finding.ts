import { z } from 'zod';
import type { ResourceRef } from '../../core/signal.ts';
import { ec2InstanceRef } from '../resource-refs.ts';
import { defineSignalParser } from '../signal-parser.ts';
import { eventBridgeEventSchema, eventBridgeSignal } from './eventbridge-event.ts';

const SOURCE = 'aws.guardduty';
const DETAIL_TYPE = 'GuardDuty Finding';

/**
 * The detail is the finding itself, as GetFindings returns it
 * (https://docs.aws.amazon.com/guardduty/latest/APIReference/API_Finding.html).
 */
const GuardDutyFindingSchema = z.looseObject({
  schemaVersion: z.string(),
  accountId: z.string(),
  region: z.string(),
  id: z.string().min(1),
  arn: z.string(),
  type: z.string().min(1),
  severity: z.number().min(0),
  title: z.string().optional(),
  description: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  resource: z.looseObject({
    resourceType: z.string(),
    instanceDetails: z.looseObject({ instanceId: z.string().min(1) }).optional(),
  }),
  service: z.looseObject({}).optional(),
});

type GuardDutyFinding = z.output<typeof GuardDutyFindingSchema>;

/**
 * The instance lives in the finding's account and region, which differ from the event's when
 * findings are aggregated in a GuardDuty administrator account (so does the signal's placement).
 */
function findingResources(finding: GuardDutyFinding): ResourceRef[] {
  const instanceId = finding.resource.instanceDetails?.instanceId;
  if (finding.resource.resourceType !== 'Instance' || instanceId === undefined) return [];
  return [ec2InstanceRef(instanceId, { region: finding.region, account: finding.accountId })];
}

export const guardDutyFindingParser = defineSignalParser({
  name: 'guardduty-finding',
  source: SOURCE,
  detailType: DETAIL_TYPE,
  schema: eventBridgeEventSchema(SOURCE, DETAIL_TYPE, GuardDutyFindingSchema),
  // An administrator account delivers its members' findings: the finding's own account and region
  // are where the instance is, and where Reflex acts.
  normalize: (event, raw) => ({
    ...eventBridgeSignal(event, raw, findingResources(event.detail)),
    account: event.detail.accountId,
    region: event.detail.region,
  }),
});
