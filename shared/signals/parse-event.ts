import { SnsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sns';
import { type ParseResult, reject } from '../core/rejection.ts';
import type { Signal } from '../core/signal.ts';
import { describeValue, formatPath, formatZodError } from '../errors/format-zod-error.ts';
import { defaultSignalRegistry, type SignalRegistry } from './registry.ts';
import { EventBridgeEnvelopeSchema } from './sources/eventbridge-event.ts';
import { snsCloudWatchAlarmParser } from './sources/sns-cloudwatch-alarm.ts';

/** EventBridge's maximum event size; nothing legitimate that reaches a trigger is larger. */
export const MAX_EVENT_BYTES = 256 * 1024;

/**
 * Text (a CLI file, an HTTP body, a replayed line) to a JSON value. The size is checked before
 * parsing so an oversized payload costs no parse.
 */
export function parseJsonText(text: string, maxBytes: number = MAX_EVENT_BYTES): ParseResult<unknown> {
  if (typeof text !== 'string') return reject('malformed', `expected JSON text, got ${describeValue(text)}`);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > maxBytes) {
    return reject('too-large', `payload is ${bytes} bytes, over the ${maxBytes}-byte limit`);
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return reject('invalid-json', `invalid JSON: ${errorMessage(error)}`);
  }
}

/** One EventBridge event (the on-event and on-alarm functions' input) to a signal. */
export function parseEventBridgeEvent(
  input: unknown,
  registry: SignalRegistry = defaultSignalRegistry,
): ParseResult<Signal> {
  return neverThrow(() => {
    if (!isRecord(input)) {
      return reject('malformed', `expected an EventBridge event object, got ${describeValue(input)}`);
    }
    const envelope = EventBridgeEnvelopeSchema.safeParse(input, { reportInput: true });
    if (!envelope.success) {
      return reject('malformed', `not an EventBridge event: ${formatZodError(envelope.error)}`);
    }
    const parser = registry.lookup(envelope.data.source, envelope.data['detail-type']);
    return parser.ok ? parser.value.parse(input) : parser;
  });
}

/**
 * A Lambda SNS event to one result per record, in order. A record carries a CloudWatch alarm
 * notification, or an EventBridge event that a rule forwarded to the topic.
 */
export function parseSnsAlarmRecords(
  input: unknown,
  registry: SignalRegistry = defaultSignalRegistry,
): ParseResult<Signal>[] {
  return neverThrowAll(() => {
    const records = isRecord(input) ? input.Records : undefined;
    if (!Array.isArray(records) || records.length === 0) {
      return [
        reject(
          'malformed',
          `expected an SNS event with a non-empty Records array, got ${describeValue(input)}`,
        ),
      ];
    }
    return records.map((record, index) => neverThrow(() => parseSnsRecord(record, index, registry)));
  });
}

/**
 * Whatever reached a trigger function to signals: an SNS event (one result per record) or a
 * single EventBridge event. Anything else is one rejection saying what was expected.
 */
export function parseSignalInput(
  input: unknown,
  registry: SignalRegistry = defaultSignalRegistry,
): ParseResult<Signal>[] {
  return neverThrowAll(() => {
    const bytes = Buffer.byteLength(JSON.stringify(input) ?? '', 'utf8');
    if (bytes > MAX_EVENT_BYTES) {
      return [
        reject('too-large', `payload is ${bytes} bytes, over the ${MAX_EVENT_BYTES}-byte limit of an event`),
      ];
    }
    if (isRecord(input) && 'Records' in input) {
      const records = input.Records;
      const first: unknown = Array.isArray(records) ? records[0] : undefined;
      if (isRecord(first) && first.EventSource !== undefined && first.EventSource !== 'aws:sns') {
        return [
          reject(
            'unknown-type',
            `a Records batch from ${describeValue(first.EventSource)} is not a signal input; ` +
              'expected an EventBridge event or an SNS event',
          ),
        ];
      }
      return parseSnsAlarmRecords(input, registry);
    }
    return [parseEventBridgeEvent(input, registry)];
  });
}

function parseSnsRecord(record: unknown, index: number, registry: SignalRegistry): ParseResult<Signal> {
  const at = ['Records', index];
  const envelope = SnsRecordSchema.safeParse(record, { reportInput: true });
  if (!envelope.success) {
    return reject(
      'malformed',
      formatZodError(envelope.error, { pathPrefix: at }),
      snsCloudWatchAlarmParser.name,
    );
  }
  const messagePath = formatPath([...at, 'Sns', 'Message']);
  let message: unknown;
  try {
    message = JSON.parse(envelope.data.Sns.Message);
  } catch (error) {
    return reject('invalid-json', `${messagePath}: invalid JSON: ${errorMessage(error)}`);
  }
  if (isRecord(message) && 'detail-type' in message && !('AlarmName' in message)) {
    return parseEventBridgeEvent(message, registry);
  }
  if (!isRecord(message) || !('AlarmName' in message)) {
    return reject(
      'unknown-type',
      `${messagePath} is neither a CloudWatch alarm notification (no AlarmName) nor an EventBridge event`,
    );
  }
  return snsCloudWatchAlarmParser.parse(record, at);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Last line of defence for "never throws": an input built to break parsing (a getter that throws,
 * a revoked proxy) becomes a rejection instead of a failed invocation.
 */
function neverThrow(parse: () => ParseResult<Signal>): ParseResult<Signal> {
  try {
    return parse();
  } catch (error) {
    return reject('malformed', `unreadable input: ${errorMessage(error)}`);
  }
}

function neverThrowAll(parse: () => ParseResult<Signal>[]): ParseResult<Signal>[] {
  try {
    return parse();
  } catch (error) {
    return [reject('malformed', `unreadable input: ${errorMessage(error)}`)];
  }
}
