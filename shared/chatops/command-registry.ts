import { ValidationError } from '../errors/reflex-errors.ts';
import type { ChatCommand } from './chat-command.ts';
import { approveCommand } from './commands/approve.ts';
import { denyCommand } from './commands/deny.ts';
import { helpCommand } from './commands/help.ts';
import { historyCommand } from './commands/history.ts';
import { pauseCommand } from './commands/pause.ts';
import { planCommand } from './commands/plan.ts';
import { resumeCommand } from './commands/resume.ts';
import { runCommand } from './commands/run.ts';
import { scaleCommand } from './commands/scale.ts';
import { statusCommand } from './commands/status.ts';

export class UnknownCommandError extends ValidationError {
  override name = 'UnknownCommandError';
}

/** Chat commands by name. An unknown name fails listing the valid ones; a duplicate fails at load. */
export class ChatCommandRegistry {
  readonly #commands = new Map<string, ChatCommand>();

  constructor(commands: readonly ChatCommand[]) {
    for (const command of commands) {
      if (this.#commands.has(command.name))
        throw new Error(`chat command "${command.name}" is registered twice`);
      this.#commands.set(command.name, command);
    }
  }

  get(name: string): ChatCommand {
    const command = this.#commands.get(name);
    if (command === undefined) {
      throw new UnknownCommandError(`unknown command "${name}"; valid commands: ${this.names().join(', ')}`);
    }
    return command;
  }

  has(name: string): boolean {
    return this.#commands.has(name);
  }

  names(): string[] {
    return [...this.#commands.keys()];
  }

  all(): ChatCommand[] {
    return [...this.#commands.values()];
  }
}

export const chatCommands: ChatCommandRegistry = new ChatCommandRegistry([
  helpCommand(() => chatCommands.all()),
  statusCommand,
  planCommand,
  runCommand,
  scaleCommand,
  approveCommand,
  denyCommand,
  historyCommand,
  pauseCommand,
  resumeCommand,
]);
