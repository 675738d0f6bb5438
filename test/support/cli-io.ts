import type { CliIo } from '../../cli/command/command.ts';

/** Captures what a command prints. */
export function bufferIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout(text: string) {
      io.out += `${text}\n`;
    },
    stderr(text: string) {
      io.err += `${text}\n`;
    },
  };
  return io;
}
