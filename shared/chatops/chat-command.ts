import type { ActionRegistry } from '../actions/registry.ts';
import type { Outcome } from '../core/audit-record.ts';
import type { Role } from '../core/chat-roles.ts';
import type { Risk } from '../core/risk.ts';
import type { RunbookLauncher } from '../core/runbook-launcher.ts';
import type { Block } from '../core/slack-message.ts';
import type { ChatServices } from './chat-services.ts';
import type { SlackIdentity } from './slack-identity.ts';

/** What a command answers; posted to `response_url` and summarised in the audit trail. */
export interface ChatReply {
  text: string;
  blocks?: Block[];
  outcome: Exclude<Outcome, 'planned'>;
  /** Visible to the channel instead of only to the user who asked. */
  inChannel?: boolean;
  /** Replaces the message a button was clicked in (approval decisions). */
  replaceOriginal?: boolean;
}

/** What deciding a command's role needs, known without touching AWS. */
export interface PrepareContext {
  actions: ActionRegistry;
  runbooks: RunbookLauncher;
}

/** A command whose words parsed: ready to authorize and to run. */
export interface PreparedCommand {
  ok: true;
  /** The risk of the action it asks for, when it asks for one (decides the role needed too). */
  risk?: Risk;
  /** The audit target, when the command is about one resource. */
  target?: string;
  run(context: ChatContext): Promise<ChatReply>;
}

export type Preparation = PreparedCommand | { ok: false; reason: string };

export interface ChatContext {
  identity: SlackIdentity;
  /** `slack:<user id>`: requestedBy, approver, pauser. */
  actor: string;
  role: Role;
  now: Date;
  jobId: string;
  services: ChatServices;
}

/** One slash-command verb: `/reflex <name> ...`. One file per command under `commands/`. */
export interface ChatCommand {
  name: string;
  /** `scale <group> <n>` */
  usage: string;
  summary: string;
  /** The role it needs by default; `config/chatops.yml` may ask for more (or less). */
  role: Role;
  /** Changes Reflex's state or the fleet (audited as `enforce`), or only reads (`dry-run`). */
  changesState: boolean;
  /** Parses the text after the command name; pure, so malformed text is refused before queueing. */
  prepare(text: string, context: PrepareContext): Preparation;
}

export function refused(reason: string): { ok: false; reason: string } {
  return { ok: false, reason };
}
