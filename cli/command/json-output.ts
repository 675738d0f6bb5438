import type { CliIo } from './command.ts';

/**
 * The CLI's one output contract. With `--json`, a command prints one JSON document on stdout — its
 * data, with the keys its `--help` names — and nothing else there; progress and error messages go to
 * stderr, and the exit status means what it means without `--json`.
 */
export const JSON_OPTION = { json: { type: 'boolean', default: false } } as const;

export const JSON_HELP =
  '  --json           print the result as one JSON document on stdout (messages stay on stderr)';

export function printJson(io: CliIo, data: unknown): void {
  io.stdout(JSON.stringify(data, null, 2));
}
