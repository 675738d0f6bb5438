import { readFileSync } from 'node:fs';

const EVENTS_DIR = new URL('../../events/', import.meta.url);
const texts = new Map<string, string>();

/**
 * A real AWS payload from `events/<source>/<case>.json` (path relative to `events/`). Each call
 * returns a fresh deep copy, so a test can mutate it without leaking into the next test. The type
 * parameter is the caller's claim about the file (e.g. `SNSEvent` from `aws-lambda`), not a check.
 */
export function loadEvent<T = unknown>(path: string): T {
  let text = texts.get(path);
  if (text === undefined) {
    text = readFileSync(new URL(path, EVENTS_DIR), 'utf8');
    texts.set(path, text);
  }
  return JSON.parse(text) as T;
}

/** The account and region of the event fixtures, taken as the hub's own (`REFLEX_HUB_ACCOUNT`). */
export const FIXTURE_HUB = { account: '123456789012', region: 'us-east-1' } as const;
