import { readFileSync } from 'node:fs';
import { UsageError } from '../command/command.ts';

/** A `--event`/`--pattern` value: inline JSON when it starts with `{` or `[`, otherwise a file path. */
export function readJsonInput(value: string, what: string): unknown {
  const inline = /^\s*[[{]/.test(value);
  let text: string;
  try {
    text = inline ? value : readFileSync(value, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${what} file ${value}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `${what} ${inline ? '(inline)' : value} is not valid JSON: ${(error as Error).message}`,
    );
  }
}
