import { type ChatJob, chatJobSchema } from '../core/chat-job.ts';
import { type ParseResult, reject } from '../core/rejection.ts';
import { formatZodError } from '../errors/format-zod-error.ts';

/** An SQS record of the chat queue → its job, or why it is not one. */
export function parseChatJobRecord(record: { body?: unknown }): ParseResult<ChatJob> {
  if (typeof record.body !== 'string')
    return reject('malformed', 'not an SQS record with a body', 'chat-queue');
  let json: unknown;
  try {
    json = JSON.parse(record.body);
  } catch (error) {
    return reject('invalid-json', `message body is not JSON: ${(error as Error).message}`, 'chat-queue');
  }
  const job = chatJobSchema.safeParse(json);
  return job.success
    ? { ok: true, value: job.data }
    : reject('malformed', `not a chat job: ${formatZodError(job.error)}`, 'chat-queue');
}
