import { EventBridgeSchema } from '@aws-lambda-powertools/parser/schemas/eventbridge';
import { z } from 'zod';
import type { ResourceRef, Signal, SignalKind } from '../../core/signal.ts';

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

/** The envelope fields of a parsed EventBridge event that every signal carries over as they are. */
interface ParsedEnvelope {
  id: string;
  source: string;
  'detail-type': string;
  account: string;
  region: string;
  time: string;
  detail: Record<string, unknown>;
}

/** The signal of one EventBridge event: its envelope as is, with the resources its parser found. */
export function eventBridgeSignal(
  event: ParsedEnvelope,
  raw: unknown,
  resources: ResourceRef[],
  kind: SignalKind = 'event',
): Signal {
  return {
    id: event.id,
    kind,
    source: event.source,
    type: event['detail-type'],
    resources,
    account: event.account,
    region: event.region,
    time: event.time,
    detail: event.detail,
    raw,
  };
}
