import { z } from 'zod';
import { formatIssueMessages } from '../errors/format-zod-error.ts';
import { InvalidSecretError } from './rotation-errors.ts';

/** Characters left out of generated passwords by default: they break connection strings and shells. */
export const DEFAULT_EXCLUDED_CHARACTERS = ':/@"\'\\';

const port = z
  .union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)])
  .pipe(z.number().int().min(1).max(65_535));

/** The rules a generated password honours; kept in the secret so each secret can have its own. */
const passwordRules = {
  passwordLength: z.number().int().min(16).max(4096).optional(),
  excludeCharacters: z.string().optional(),
};

/**
 * A database user's secret, in the shape the AWS rotation templates use. Unknown keys (e.g.
 * `dbInstanceIdentifier`) are kept: the pending version carries them over unchanged.
 */
export const databaseSecretSchema = z.looseObject({
  engine: z.enum(['postgres', 'mysql', 'mariadb']),
  host: z.string().min(1),
  port: port.optional(),
  username: z.string().min(1).max(63),
  password: z.string().min(1),
  dbname: z.string().min(1).optional(),
  /** The ARN of the master user's secret: present = alternating users, absent = single user. */
  masterarn: z.string().min(1).optional(),
  /**
   * Absent or true: TLS, the server's certificate verified (Node's CAs plus NODE_EXTRA_CA_CERTS,
   * which the function sets to Lambda's bundle with Amazon RDS's CAs). false: plaintext. The
   * strings "true" and "false" of AWS's rotation templates are read the same.
   */
  ssl: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  ...passwordRules,
});
export type DatabaseSecret = z.infer<typeof databaseSecretSchema>;

/** An API key that the rotation pushes to the service that checks it, then proves with a probe. */
export const apiKeySecretSchema = z.looseObject({
  engine: z.literal('api-key'),
  apiKey: z.string().min(1),
  /** Receives `POST {"apiKey": NEW}` authenticated with the current key (`Authorization: Bearer`). */
  pushUrl: z.url({ protocol: /^https?$/ }),
  /** Answers 2xx to `GET` with `Authorization: Bearer KEY` when KEY is valid. */
  probeUrl: z.url({ protocol: /^https?$/ }),
  ...passwordRules,
});
export type ApiKeySecret = z.infer<typeof apiKeySecretSchema>;

export type RotatableSecret = DatabaseSecret | ApiKeySecret;

const SCHEMAS = {
  postgres: databaseSecretSchema,
  mysql: databaseSecretSchema,
  mariadb: databaseSecretSchema,
  'api-key': apiKeySecretSchema,
} as const;
export const ENGINES = Object.keys(SCHEMAS) as (keyof typeof SCHEMAS)[];

/**
 * Parses a secret string. Error messages name fields and rules, never values: a JSON syntax error
 * from `JSON.parse` quotes the text around it, which could be a password.
 */
export function parseSecretJson(text: string, label: string): RotatableSecret {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new InvalidSecretError(`${label} is not valid JSON`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new InvalidSecretError(`${label} must be a JSON object`);
  }
  const engine = (json as { engine?: unknown }).engine;
  if (engine === undefined) {
    throw new InvalidSecretError(`${label}: field "engine" is missing; valid engines: ${ENGINES.join(', ')}`);
  }
  const schema = typeof engine === 'string' ? SCHEMAS[engine as keyof typeof SCHEMAS] : undefined;
  if (schema === undefined) {
    throw new InvalidSecretError(
      `${label}: unknown engine ${typeof engine === 'string' ? `"${engine.slice(0, 40)}"` : `(a ${typeof engine})`}; valid engines: ${ENGINES.join(', ')}`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new InvalidSecretError(`${label}: ${formatIssueMessages(parsed.error)}`);
  }
  if (parsed.data.engine === 'api-key') checkHttps(parsed.data as ApiKeySecret, label);
  return parsed.data;
}

/** A key travels only over TLS; plain HTTP is allowed to the loopback interface (local runs and tests). */
function checkHttps(secret: ApiKeySecret, label: string): void {
  for (const field of ['pushUrl', 'probeUrl'] as const) {
    const url = new URL(secret[field]);
    const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
    if (url.protocol !== 'https:' && !loopback) {
      throw new InvalidSecretError(`${label}: ${field} must use https (plain http only to 127.0.0.1)`);
    }
  }
}

export function isDatabaseSecret(secret: RotatableSecret): secret is DatabaseSecret {
  return secret.engine !== 'api-key';
}
