import { randomUUID } from 'node:crypto';

/** One entry of an EventBridge PutEvents call. */
interface PutEventsEntry {
  Source?: unknown;
  DetailType?: unknown;
  Detail?: unknown;
  Resources?: unknown;
  Time?: unknown;
}

export class EventInputError extends Error {
  override name = 'EventInputError';
}

/**
 * What `POST /events` accepts: one EventBridge event as EventBridge delivers it to a target, an
 * array of them, or a PutEvents request body (`{"Entries": [...]}`), turned into delivered events
 * the way EventBridge itself would (id, account, region and time filled in).
 */
export function toDeliveredEvents(body: unknown, where: { account: string; region: string }): unknown[] {
  if (Array.isArray(body)) return body;
  if (body !== null && typeof body === 'object' && 'Entries' in body) {
    const entries = (body as { Entries: unknown }).Entries;
    if (!Array.isArray(entries)) throw new EventInputError('"Entries" must be an array of PutEvents entries');
    return entries.map((entry: PutEventsEntry, index) => {
      let detail: unknown = {};
      if (typeof entry.Detail === 'string') {
        try {
          detail = JSON.parse(entry.Detail);
        } catch (error) {
          throw new EventInputError(
            `Entries[${index}].Detail is not valid JSON: ${(error as Error).message}`,
          );
        }
      }
      return {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType,
        source: entry.Source,
        account: where.account,
        time:
          typeof entry.Time === 'string' ? entry.Time : new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
        region: where.region,
        resources: Array.isArray(entry.Resources) ? entry.Resources : [],
        detail,
      };
    });
  }
  return [body];
}
