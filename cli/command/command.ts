/** Where a command writes; tests pass buffers, the binary passes the process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** One `reflex <name>` sub-command. `run` returns the process exit code. */
export interface Command {
  name: string;
  summary: string;
  /** The full `--help` text. */
  help: string;
  run(args: string[], io: CliIo): Promise<number>;
}

/** A usage error: the command prints the message and its help, and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}
