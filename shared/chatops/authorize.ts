import { higherOf, type Role, satisfies } from '../core/chat-roles.ts';
import type { Risk } from '../core/risk.ts';
import type { ChatCommand } from './chat-command.ts';
import type { ChatOpsConfig } from './chatops-config.ts';

/** The role a command needs: its own (or the configured one), raised to the role of its risk. */
export function requiredRole(command: ChatCommand, risk: Risk | undefined, config: ChatOpsConfig): Role {
  const base = config.commandRoles[command.name] ?? command.role;
  return risk === undefined ? base : higherOf(base, config.riskRoles[risk]);
}

export type Authorization = { ok: true; needed: Role } | { ok: false; needed: Role; reason: string };

export function authorize(
  held: Role | undefined,
  command: ChatCommand,
  risk: Risk | undefined,
  config: ChatOpsConfig,
): Authorization {
  const needed = requiredRole(command, risk, config);
  if (satisfies(held, needed)) return { ok: true, needed };
  const why = risk === undefined ? '' : ` (the action is ${risk} risk)`;
  return {
    ok: false,
    needed,
    reason:
      held === undefined
        ? 'you have no Reflex role: ask an admin to add your Slack user id or one of your user groups to config/chatops.yml'
        : `\`${command.name}\` needs the ${needed} role${why}; you are ${held}`,
  };
}
