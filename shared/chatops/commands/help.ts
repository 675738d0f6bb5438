import { satisfies } from '../../core/chat-roles.ts';
import { requiredRole } from '../authorize.ts';
import { escapeMrkdwn } from '../block-kit.ts';
import { type ChatCommand, refused } from '../chat-command.ts';

/** `help`: every command, what it needs, and which ones the asker may run. */
export function helpCommand(commands: () => readonly ChatCommand[]): ChatCommand {
  return {
    name: 'help',
    usage: 'help',
    summary: 'List the commands and the role each one needs.',
    role: 'viewer',
    changesState: false,
    prepare(text) {
      if (text.trim() !== '') return refused('help takes no arguments');
      return {
        ok: true,
        async run({ role, services }) {
          const lines = commands().map((command) => {
            const needed = requiredRole(command, undefined, services.config);
            const mark = satisfies(role, needed) ? '•' : '◦';
            return `${mark} \`${escapeMrkdwn(command.usage)}\` — ${command.summary} _(${needed})_`;
          });
          return {
            outcome: 'succeeded',
            text: [
              `*Reflex chat-ops* — you are *${role}*. • you may run, ◦ needs a higher role.`,
              ...lines,
              `Actions also need the role of their risk: ${Object.entries(services.config.riskRoles)
                .map(([risk, needed]) => `${risk} → ${needed}`)
                .join(', ')}.`,
            ].join('\n'),
          };
        },
      };
    },
  };
}
