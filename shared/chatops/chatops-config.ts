import { z } from 'zod';
import { DEFAULT_RISK_ROLES, ROLES, type Role } from '../core/chat-roles.ts';
import { type Mode, modeSchema } from '../core/mode.ts';
import type { Risk } from '../core/risk.ts';
import { validKeysAt } from '../errors/valid-keys.ts';
import type { PolicyProblem } from '../policies/policy-error.ts';
import { parseLocatedYaml } from '../policies/yaml-locator.ts';

const roleSchema = z.enum(ROLES);
const slackIds = z
  .array(z.string().regex(/^[UWS][A-Z0-9]{2,}$/, 'must be a Slack user id (U… or W…) or user-group id (S…)'))
  .default([]);

/** `config/chatops.yml`: who may do what from Slack. Unknown keys are errors. */
export const chatOpsFileSchema = z.strictObject({
  /** Slack user ids (U…, W…) and user-group ids (S…) per role; a member of several gets the highest. */
  roles: z
    .strictObject({ viewer: slackIds, operator: slackIds, admin: slackIds })
    .default({ admin: [], operator: [], viewer: [] }),
  /** The role a command needs, where it differs from the command's default. */
  commands: z.record(z.string(), roleSchema).default({}),
  /** The role needed to ask for (or approve) an action of each risk. */
  risks: z
    .strictObject({ low: roleSchema.optional(), medium: roleSchema.optional(), high: roleSchema.optional() })
    .default({}),
  /** The mode of actions asked for from chat, per risk (the global ceiling still applies). */
  modes: z
    .strictObject({ low: modeSchema.optional(), medium: modeSchema.optional(), high: modeSchema.optional() })
    .default({}),
});

/** The configuration as the function uses it: every default filled in, serializable for the bundle. */
export interface ChatOpsConfig {
  /** Slack user or user-group id → its role. */
  members: Record<string, Role>;
  commandRoles: Record<string, Role>;
  riskRoles: Record<Risk, Role>;
  modes: Record<Risk, Mode>;
}

export const DEFAULT_CHAT_MODES: Record<Risk, Mode> = { low: 'enforce', medium: 'enforce', high: 'approve' };

export const EMPTY_CHATOPS_CONFIG: ChatOpsConfig = {
  members: {},
  commandRoles: {},
  riskRoles: DEFAULT_RISK_ROLES,
  modes: DEFAULT_CHAT_MODES,
};

export interface ChatOpsConfigResult {
  config: ChatOpsConfig;
  problems: PolicyProblem[];
}

/** Parses the chat-ops file; every problem comes back with file:line:column, nothing is thrown. */
export function parseChatOpsConfig(
  text: string,
  file: string,
  commandNames: readonly string[],
): ChatOpsConfigResult {
  const yaml = parseLocatedYaml(text, file);
  if (!yaml.ok) return { config: EMPTY_CHATOPS_CONFIG, problems: yaml.problems };
  const { document, locator } = yaml;
  const problems: PolicyProblem[] = [];
  const parsed = chatOpsFileSchema.safeParse(document.toJS() ?? {});
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : undefined;
      const message =
        issue.code === 'unrecognized_keys'
          ? `unknown key "${key}"; valid keys: ${validKeysAt(chatOpsFileSchema, issue.path).join(', ')}`
          : `${issue.path.join('.')}: ${issue.message}`;
      problems.push({ file, ...locator.locate(issue.path, key), message });
    }
    return { config: EMPTY_CHATOPS_CONFIG, problems };
  }
  const data = parsed.data;
  for (const name of Object.keys(data.commands)) {
    if (!commandNames.includes(name)) {
      problems.push({
        file,
        ...locator.locate(['commands'], name),
        message: `unknown command "${name}"; valid commands: ${commandNames.join(', ')}`,
      });
    }
  }
  const members: Record<string, Role> = {};
  for (const role of ROLES) {
    for (const member of data.roles[role]) {
      const earlier = members[member];
      // Listed under two roles: the higher one counts (ROLES runs from lowest to highest).
      if (earlier === undefined || ROLES.indexOf(role) > ROLES.indexOf(earlier)) members[member] = role;
    }
  }
  return {
    config: {
      members,
      commandRoles: data.commands,
      riskRoles: { ...DEFAULT_RISK_ROLES, ...data.risks },
      modes: { ...DEFAULT_CHAT_MODES, ...data.modes },
    },
    problems,
  };
}
