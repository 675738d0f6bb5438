import { type Command, UsageError } from '../command/command.ts';
import { JSON_OPTION, printJson } from '../command/json-output.ts';
import { parseOptions } from '../command/parse-options.ts';
import { CHAOS_ACTIONS } from '../dev/chaos/chaos-registry.ts';
import { TOKEN_HEADER } from '../dev/request-guard.ts';

const OPTION_NAMES = [...new Set(CHAOS_ACTIONS.flatMap((action) => Object.keys(action.options)))];

export const chaosCommand: Command = {
  name: 'chaos',
  summary: "Break reflex dev's demo fleet through the real APIs and emit the matching AWS event.",
  help: `Usage: reflex chaos KIND [options] [--url http://127.0.0.1:3000] [--token TOKEN]

Asks a running \`reflex dev\` to break its demo fleet, then watch the dashboard or \`reflex audit\`:
${CHAOS_ACTIONS.map(
  (action) =>
    `  ${action.name.padEnd(14)} ${action.summary}\n${Object.entries(action.options)
      .map(([name, meaning]) => `      --${name.padEnd(10)} ${meaning}`)
      .join('\n')}`,
).join('\n')}
  --url URL   the reflex dev server (default: http://127.0.0.1:$PORT or :3000)
  --token T   the token reflex dev printed at start (default: $REFLEX_DEV_TOKEN)
  --json      print reflex dev's answer ({"message", …}) as JSON

Exit 0 when reflex dev did it, 1 when it refused or is not running, 2 on a usage error.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...JSON_OPTION,
        url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT || '3000'}` },
        token: { type: 'string', default: process.env.REFLEX_DEV_TOKEN ?? '' },
        ...Object.fromEntries(OPTION_NAMES.map((name) => [name, { type: 'string' as const }])),
      },
      true,
    );
    const kind = positionals[0];
    if (kind === undefined)
      throw new UsageError(`name the chaos: ${CHAOS_ACTIONS.map((action) => action.name).join(', ')}`);
    const action = CHAOS_ACTIONS.find((candidate) => candidate.name === kind);
    if (action === undefined)
      throw new UsageError(
        `unknown chaos "${kind}"; valid: ${CHAOS_ACTIONS.map((candidate) => candidate.name).join(', ')}`,
      );
    const options = Object.fromEntries(
      Object.keys(action.options).flatMap((name) => {
        const value = (values as Record<string, unknown>)[name];
        return typeof value === 'string' ? [[name, value]] : [];
      }),
    );
    let response: Response;
    try {
      response = await fetch(`${values.url}/chaos/${kind}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TOKEN_HEADER]: values.token },
        body: JSON.stringify(options),
      });
    } catch (error) {
      io.stderr(
        `reflex chaos: no reflex dev at ${values.url} (${(error as Error).message}); start it with \`npm start\` or pass --url`,
      );
      return 1;
    }
    const answer = (await response.json().catch(() => ({}))) as { message?: string; error?: string };
    if (!response.ok) {
      io.stderr(`reflex chaos: ${answer.error ?? `HTTP ${response.status}`}`);
      if (response.status === 403 && values.token === '')
        io.stderr(
          'reflex chaos: pass --token or set REFLEX_DEV_TOKEN to the token reflex dev printed at start',
        );
      return 1;
    }
    if (values.json) printJson(io, answer);
    else io.stdout(answer.message ?? 'done');
    return 0;
  },
};
