/**
 * The tokens alert senders authenticate with, kept in one Secrets Manager secret
 * (`REFLEX_ALERT_TOKENS_SECRET_ARN`) as JSON: `{"tokens": {"<name>": "<token>", ...}}`. Several
 * named tokens, so that one sender's can be revoked (deleted from the secret) without the others.
 * Alertmanager sends `Authorization: Bearer <token>` (http_config.authorization.credentials) or
 * basic auth; Grafana's webhook contact point basic auth or an Authorization header. With basic
 * auth the user name is the token's name and the password the token.
 */
export type AlertTokens = ReadonlyMap<string, string>;

export interface AlertTokenSource {
  get(): Promise<AlertTokens>;
}

export class AlertTokensError extends Error {
  override name = 'AlertTokensError';
}

/** Shorter tokens are guessable; `openssl rand -hex 32` gives 64 characters. */
export const MIN_ALERT_TOKEN_LENGTH = 16;

export function parseAlertTokens(text: string, where: string): AlertTokens {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AlertTokensError(`${where} is not valid JSON: write {"tokens": {"<name>": "<token>"}}`, {
      cause: error,
    });
  }
  const tokens = (parsed as { tokens?: unknown } | null)?.tokens;
  if (typeof tokens !== 'object' || tokens === null || Array.isArray(tokens)) {
    throw new AlertTokensError(`${where} has no "tokens" object: write {"tokens": {"<name>": "<token>"}}`);
  }
  const map = new Map<string, string>();
  for (const [name, token] of Object.entries(tokens)) {
    if (typeof token !== 'string' || token.length < MIN_ALERT_TOKEN_LENGTH) {
      throw new AlertTokensError(
        `${where}: token "${name}" must be a string of at least ${MIN_ALERT_TOKEN_LENGTH} characters`,
      );
    }
    map.set(name, token);
  }
  return map;
}
