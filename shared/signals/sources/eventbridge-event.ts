import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';

/**
 * Any EventBridge event, as Powertools validates it, except that `detail` must be an object:
 * Powertools types it `unknown`, which lets an event without a detail through.
 */
export const EventBridgeEnvelopeSchema = EventBridgeSchema.extend({
  detail: z.record(z.string(), z.unknown()),
});

/** The schema of one EventBridge event type: Powertools' envelope with its source, type and detail pinned. */
export function eventBridgeEventSchema<D extends z.ZodType>(source: string, detailType: string, detail: D) {
  return EventBridgeSchema.extend({
    source: z.literal(source),
    'detail-type': z.literal(detailType),
    detail,
  });
}
