import { SqsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sqs';
import { type ActionRequest, actionRequestSchema } from '../core/action-request.ts';
import { type ParseResult, reject } from '../core/rejection.ts';
import { formatZodError } from '../errors/format-zod-error.ts';

/** SQS accepts up to 256 KiB; anything bigger was not written by Reflex. */
const MAX_BODY_BYTES = 256 * 1024;

/** An SQS record → the ActionRequest in its body, or the reason it is not one. */
export function parseRequestRecord(record: unknown): ParseResult<ActionRequest> {
  const envelope = SqsRecordSchema.safeParse(record);
  if (!envelope.success)
    return reject('malformed', `not an SQS record: ${formatZodError(envelope.error)}`, 'sqs');
  const { body } = envelope.data;
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES) {
    return reject(
      'too-large',
      `message body is ${Buffer.byteLength(body, 'utf8')} bytes, over ${MAX_BODY_BYTES}`,
      'sqs',
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return reject('invalid-json', `message body is not JSON: ${(error as Error).message}`, 'sqs');
  }
  const request = actionRequestSchema.safeParse(json);
  if (!request.success)
    return reject('malformed', `not an ActionRequest: ${formatZodError(request.error)}`, 'sqs');
  return { ok: true, value: request.data };
}
