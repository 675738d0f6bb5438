import type { Command } from '../command/command.ts';
import { UsageError } from '../command/command.ts';

/** The `--options` a command's help names, for completion. */
function optionsIn(help: string): string[] {
  return [...new Set([...(help.match(/--[a-z][a-z-]*/g) ?? []), '--help'])].sort();
}

function bashScript(commands: readonly Command[]): string {
  const cases = commands
    .map((command) => `    ${command.name}) words="${optionsIn(command.help).join(' ')}" ;;`)
    .join('\n');
  return `# reflex completion for bash: eval "$(reflex completion bash)" (e.g. in ~/.bashrc)
_reflex() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" words
  if [ "$COMP_CWORD" -eq 1 ]; then
    words="${commands.map((command) => command.name).join(' ')} --help --version"
  else
    case "\${COMP_WORDS[1]}" in
${cases}
      *) words="--help" ;;
    esac
  fi
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -o default -F _reflex reflex`;
}

/** `reflex completion bash|zsh`: command names, then each command's options. */
export function completionCommand(commands: () => readonly Command[]): Command {
  return {
    name: 'completion',
    summary: 'Print a shell completion script (bash or zsh).',
    help: `Usage: reflex completion bash|zsh

Prints a script that completes reflex's commands and their options:
  bash:  eval "$(reflex completion bash)"    (in ~/.bashrc)
  zsh:   eval "$(reflex completion zsh)"     (in ~/.zshrc; uses zsh's bashcompinit)

Exit 0, or 2 for another shell.`,
    async run(args, io) {
      const [shell, ...rest] = args;
      if (rest.length > 0 || (shell !== 'bash' && shell !== 'zsh'))
        throw new UsageError(`name the shell: bash or zsh${shell === undefined ? '' : `, not "${shell}"`}`);
      const script = bashScript(commands());
      io.stdout(shell === 'zsh' ? `autoload -U +X bashcompinit && bashcompinit\n${script}` : script);
      return 0;
    },
  };
}
