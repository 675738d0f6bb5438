const SECRET_KEY =
  /pass(word)?|secret|^token$|api[-_]?key|authorization|signature|webhook|credential|private[-_]?key/i;

export const REDACTED = '[REDACTED]';

/**
 * A JSON replacer that masks values whose key names a secret. Logs end up in places with wider
 * access than Secrets Manager, so a password must never reach them, even inside a nested detail.
 */
export function redactSecrets(key: string, value: unknown): unknown {
  if (key !== '' && SECRET_KEY.test(key) && value !== null && typeof value !== 'object') return REDACTED;
  if (key !== '' && SECRET_KEY.test(key) && value !== null && typeof value === 'object') return REDACTED;
  return value;
}
