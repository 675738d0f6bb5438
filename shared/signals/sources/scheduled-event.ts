import { z } from 'zod';
import { eventsRuleRef } from '../resource-refs.ts';
import { defineSignalParser } from '../signal-parser.ts';
import { eventBridgeEventSchema, eventBridgeSignal } from './eventbridge-event.ts';

const SOURCE = 'aws.events';
const DETAIL_TYPE = 'Scheduled Event';
const RULE_ARN = /^arn:[\w-]+:events:[a-z0-9-]+:\d{12}:rule\/.+$/;

/**
 * A schedule rule firing (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-run-lambda-schedule.html):
 * an empty detail and the rule's ARN as the only resource, which is how the runbook knows which
 * schedule fired.
 */
const ScheduledEventSchema = eventBridgeEventSchema(SOURCE, DETAIL_TYPE, z.looseObject({})).extend({
  resources: z.array(z.string().regex(RULE_ARN)).min(1),
});

export const scheduledEventParser = defineSignalParser({
  name: 'scheduled-event',
  source: SOURCE,
  detailType: DETAIL_TYPE,
  schema: ScheduledEventSchema,
  normalize: (event, raw) => eventBridgeSignal(event, raw, event.resources.map(eventsRuleRef), 'schedule'),
});
