import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CliIo, Command } from './command/command.ts';
import { UsageError } from './command/command.ts';
import { approveCommand, denyCommand } from './commands/approve.ts';
import { auditCommand } from './commands/audit.ts';
import { chaosCommand } from './commands/chaos.ts';
import { completionCommand } from './commands/completion.ts';
import { devCommand } from './commands/dev.ts';
import { matchCommand } from './commands/match.ts';
import { pauseCommand } from './commands/pause.ts';
import { planCommand } from './commands/plan.ts';
import { replayCommand } from './commands/replay.ts';
import { resumeCommand } from './commands/resume.ts';
import { runbookCommand } from './commands/runbook.ts';
import { schemaCommand } from './commands/schema.ts';
import { validateCommand } from './commands/validate.ts';

/** The package's version, read once (the CLI runs from the sources, so package.json is beside it). */
const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '../package.json'), 'utf8')) as { version: string }
).version;

const commands: readonly Command[] = [
  devCommand,
  validateCommand,
  planCommand,
  matchCommand,
  replayCommand,
  pauseCommand,
  resumeCommand,
  approveCommand,
  denyCommand,
  auditCommand,
  chaosCommand,
  runbookCommand,
  schemaCommand,
  completionCommand(() => commands),
];

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return [
    'reflex: event-driven, guarded, audited automation for AWS',
    '',
    'Usage: reflex <command> [options]',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `reflex <command> --help` for the options of a command, `reflex --version` for the version.',
    'Commands that print data take --json: one JSON document on stdout, messages on stderr.',
  ].join('\n');
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
};

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--version' || name === '-v' || name === 'version') {
    io.stdout(`reflex ${VERSION}`);
    return 0;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout(overview());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    io.stderr(`reflex: unknown command "${name}"; valid commands: ${commands.map((c) => c.name).join(', ')}`);
    return 2;
  }
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`reflex ${command.name}: ${error.message}\n\n${command.help}`);
      return 2;
    }
    io.stderr(`reflex ${command.name}: ${(error as Error).message}`);
    return 1;
  }
}
