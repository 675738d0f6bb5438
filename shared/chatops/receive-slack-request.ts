import type { HttpRequest, HttpResponse } from './http-exchange.ts';
import { type InteractionDependencies, receiveInteraction } from './receive-interaction.ts';
import { receiveSlashCommand, type SlashCommandDependencies } from './receive-slash-command.ts';
import { admitSlackRequest, type SlackGateDependencies } from './slack-request-gate.ts';

export interface ReceiveDependencies
  extends SlackGateDependencies,
    SlashCommandDependencies,
    InteractionDependencies {
  now(): Date;
  log: {
    info(message: string, fields?: Record<string, unknown>): void;
    warn(message: string, fields?: Record<string, unknown>): void;
  };
}

export type SlackEndpoint = 'commands' | 'interactions';

/**
 * The HTTP side of chat-ops, which must answer Slack within 3 seconds: verify the signature and
 * the timestamp, refuse replays (slack-request-gate.ts), then authorize, audit, queue the work and
 * answer (receive-slash-command.ts, receive-interaction.ts). Nothing is executed here; every
 * refusal is audited with whatever identity the request claims.
 */
export async function receiveSlackRequest(
  endpoint: SlackEndpoint,
  request: HttpRequest,
  deps: ReceiveDependencies,
): Promise<HttpResponse> {
  const gate = await admitSlackRequest(request, deps, deps.now());
  if (!gate.ok) return gate.response;
  return endpoint === 'commands'
    ? receiveSlashCommand(request, gate.verified, deps)
    : receiveInteraction(request, gate.verified, deps);
}
