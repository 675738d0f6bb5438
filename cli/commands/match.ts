import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import {
  compilePattern,
  explainMatch,
  formatExplanation,
  formatPatternProblem,
  validatePattern,
} from '../../shared/policies/pattern/index.ts';
import type { CliIo, Command } from '../command/command.ts';
import { printJson } from '../command/json-output.ts';

const HELP = `Usage: reflex match --pattern FILE|JSON --event FILE|JSON [--explain] [--json]

Tests an EventBridge event pattern against one event, with EventBridge's own semantics: exact
values, prefix, suffix, equals-ignore-case, anything-but, numeric, exists, wildcard, cidr and $or.
Use it to answer "why did (or didn't) my policy fire?": pass the policy's "on" pattern.

Options:
  --pattern FILE|JSON  the event pattern: a file path, or inline JSON when it starts with "{"
  --event FILE|JSON    the event: a file path, or inline JSON when it starts with "{"
  --explain            also print, field by field, which condition matched or why it did not
  --json               print {"matched": true|false, "explanation": [lines]} (explanation with --explain)
  --help               show this help

Prints "match" or "no match". Exit status: 0 on a match, 1 on no match, 2 on a usage error or an
invalid pattern or event.`;

/** A problem with the command line or its inputs: printed to stderr, exit status 2. */
class InputError extends Error {
  override name = 'InputError';
}

/** Node's JSON.parse names an offset for some errors only; otherwise find the shortest failing prefix. */
function errorOffset(text: string, message: string): number | undefined {
  const stated = /at position (\d+)/.exec(message);
  if (stated) return Number(stated[1]);
  const failsInside = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const position = /at position (\d+)/.exec((error as Error).message);
      const atEnd =
        /end of JSON input/.test((error as Error).message) || (position && Number(position[1]) >= length);
      return !atEnd;
    }
  };
  let low = 1;
  let high = text.length;
  if (!failsInside(high)) return undefined;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (failsInside(middle)) high = middle;
    else low = middle + 1;
  }
  return low - 1;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

function parseJson(text: string, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    // V8 echoes the whole input in some messages; the position says more about where to look.
    const reason = message
      .replace(/, (?:\.\.\.)?".*is not valid JSON$/s, '')
      .replace(/ (?:in JSON )?at position \d+$/, '');
    const offset = errorOffset(text, message);
    const where = offset === undefined ? '' : ` at ${lineAndColumn(text, offset)}`;
    throw new InputError(`${label} is not valid JSON: ${reason}${where}`);
  }
}

/** A `--pattern`/`--event` value: inline JSON when it starts with `{`, otherwise a file to read. */
async function readJsonArgument(value: string, what: string): Promise<{ json: unknown; label: string }> {
  if (value.trimStart().startsWith('{')) {
    const label = `inline ${what}`;
    return { json: parseJson(value, label), label };
  }
  const label = `${what} file ${value}`;
  let text: string;
  try {
    text = await readFile(value, 'utf8');
  } catch (error) {
    throw new InputError(
      `cannot read ${label}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return { json: parseJson(text, label), label };
}

function parseCommandLine(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        pattern: { type: 'string' },
        event: { type: 'string' },
        explain: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new InputError(`${(error as Error).message}\n\n${HELP}`);
  }
}

async function matchOnce(args: string[], io: CliIo): Promise<number> {
  const options = parseCommandLine(args);
  if (options.help) {
    io.stdout(HELP);
    return 0;
  }
  if (options.pattern === undefined || options.event === undefined) {
    throw new InputError(`both --pattern and --event are required\n\n${HELP}`);
  }
  const pattern = await readJsonArgument(options.pattern, 'pattern');
  const event = await readJsonArgument(options.event, 'event');
  const problems = validatePattern(pattern.json);
  if (problems.length > 0) {
    const lines = problems.map((problem) => `  ${formatPatternProblem(problem)}`);
    throw new InputError(`invalid event pattern in ${pattern.label}:\n${lines.join('\n')}`);
  }
  if (typeof event.json !== 'object' || event.json === null || Array.isArray(event.json)) {
    throw new InputError(`${event.label} must hold a JSON object (an EventBridge event)`);
  }
  const compiled = compilePattern(pattern.json);
  const explanation = explainMatch(compiled, event.json);
  if (options.json) {
    printJson(io, {
      matched: explanation.matched,
      ...(options.explain ? { explanation: formatExplanation(explanation) } : {}),
    });
    return explanation.matched ? 0 : 1;
  }
  io.stdout(explanation.matched ? 'match' : 'no match');
  if (options.explain) io.stdout(formatExplanation(explanation).join('\n'));
  return explanation.matched ? 0 : 1;
}

export const matchCommand: Command = {
  name: 'match',
  summary: 'Test an EventBridge event pattern against an event; --explain says why it matches or not.',
  help: HELP,
  async run(args, io) {
    try {
      return await matchOnce(args, io);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      io.stderr(`reflex match: ${error.message}`);
      return 2;
    }
  },
};
