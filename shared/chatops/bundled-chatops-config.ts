import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PolicyValidationError } from '../policies/policy-error.ts';
import { type ChatOpsConfig, EMPTY_CHATOPS_CONFIG, parseChatOpsConfig } from './chatops-config.ts';
import { chatCommands } from './command-registry.ts';

/** Where the chat-ops configuration lives, relative to the repository (or `REFLEX_CHATOPS_CONFIG`). */
export const CHATOPS_CONFIG_FILE = 'config/chatops.yml';

/** Reads and validates a chat-ops file; no file means nobody has a role. */
export function loadChatOpsConfig(path: string, root = process.cwd()): ReturnType<typeof parseChatOpsConfig> {
  if (!existsSync(path)) return { config: EMPTY_CHATOPS_CONFIG, problems: [] };
  return parseChatOpsConfig(readFileSync(path, 'utf8'), relative(root, path) || path, chatCommands.names());
}

/**
 * The chat-ops configuration a function runs with. From source it is read from
 * `REFLEX_CHATOPS_CONFIG` or `./config/chatops.yml`; `npm run build` replaces this module with the
 * configuration validated at build time, so a bad file fails the build, not a Slack command.
 */
export function bundledChatOpsConfig(env: NodeJS.ProcessEnv = process.env): ChatOpsConfig {
  const path = env.REFLEX_CHATOPS_CONFIG ?? join(process.cwd(), CHATOPS_CONFIG_FILE);
  const { config, problems } = loadChatOpsConfig(path);
  if (problems.length > 0) throw new PolicyValidationError(problems);
  return config;
}
