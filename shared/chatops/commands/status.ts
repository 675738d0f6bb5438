import { listOpenCircuits } from '../../guardrails/circuit/circuit-control.ts';
import { quarantineOf } from '../../guardrails/flap.ts';
import { activePause } from '../../guardrails/pause.ts';
import { escapeMrkdwn } from '../block-kit.ts';
import { type ChatCommand, refused } from '../chat-command.ts';
import { tokenize } from '../command-text.ts';
import { resourceArgument } from '../resource-argument.ts';
import { auditLine } from './format-audit.ts';

const RECENT = 5;

/** `status <resource>`: live state, the guardrails that hold it, and its recent audit trail. */
export const statusCommand: ChatCommand = {
  name: 'status',
  usage: 'status <resource>',
  summary: 'Live state, guardrail state and recent audit of a resource (i-…, a group, or type/id).',
  role: 'viewer',
  changesState: false,
  prepare(text) {
    const words = tokenize(text);
    if (!words.ok) return refused(words.reason);
    if (words.tokens.length !== 1) return refused('usage: status <resource>');
    const target = resourceArgument(words.tokens[0] ?? '');
    if (target === undefined) return refused('that is not a resource name');
    return {
      ok: true,
      target,
      async run({ services, now }) {
        const [live, quarantine, globalPause, circuits, recent] = await Promise.all([
          services.liveState
            .describe(target)
            .catch((error: Error) => `live state unavailable: ${error.message}`),
          quarantineOf(services.cells, target),
          activePause(services.cells, 'global', now),
          listOpenCircuits(services.circuits),
          services.audit.query({ target, limit: RECENT }),
        ]);
        const lines = [`*${escapeMrkdwn(target)}*`];
        lines.push(`• live: ${escapeMrkdwn(live ?? 'no live view for this resource type')}`);
        lines.push(
          `• quarantine: ${quarantine ? `quarantined since ${quarantine.since}: ${escapeMrkdwn(quarantine.reason)}` : 'no'}`,
        );
        lines.push(
          `• automation: ${globalPause ? `paused by ${escapeMrkdwn(globalPause.by)}${globalPause.until ? ` until ${globalPause.until}` : ''}: ${escapeMrkdwn(globalPause.reason)}` : 'running'}`,
        );
        lines.push(
          `• open circuits: ${circuits.length === 0 ? 'none' : circuits.map((c) => `${escapeMrkdwn(c.scope)} (${c.state.status})`).join(', ')}`,
        );
        lines.push(recent.length === 0 ? '• no audit records' : `• last ${recent.length} audit records:`);
        lines.push(...recent.map((record) => `  ${auditLine(record)}`));
        return { outcome: 'succeeded', text: lines.join('\n') };
      },
    };
  },
};
