import { formatDuration, parseDuration } from '../../core/duration.ts';
import { escapeMrkdwn } from '../block-kit.ts';
import { type ChatCommand, refused } from '../chat-command.ts';
import { tokenize } from '../command-text.ts';
import { resourceArgument } from '../resource-argument.ts';
import { auditLine } from './format-audit.ts';

const LIMIT = 20;
const MAX_SINCE_MS = 31 * 86_400_000;

/** `history [resource] [--since 24h]`: the audit trail, newest first. */
export const historyCommand: ChatCommand = {
  name: 'history',
  usage: 'history [resource] [--since 24h]',
  summary: 'The audit trail of a resource, or of everything, newest first.',
  role: 'viewer',
  changesState: false,
  prepare(text) {
    const words = tokenize(text);
    if (!words.ok) return refused(words.reason);
    let target: string | undefined;
    let sinceMs = 86_400_000;
    const tokens = [...words.tokens];
    while (tokens.length > 0) {
      const word = tokens.shift() ?? '';
      if (word === '--since' || word.startsWith('--since=')) {
        const value = word === '--since' ? tokens.shift() : word.slice('--since='.length);
        const ms = value === undefined ? undefined : parseDuration(value);
        if (ms === undefined || ms <= 0) return refused('--since takes a duration like 30m, 24h or 7d');
        if (ms > MAX_SINCE_MS) return refused('--since reaches back at most 31d');
        sinceMs = ms;
      } else if (target === undefined && !word.startsWith('-')) {
        target = resourceArgument(word);
        if (target === undefined) return refused('that is not a resource name');
      } else {
        return refused('usage: history [resource] [--since 24h]');
      }
    }
    return {
      ok: true,
      ...(target === undefined ? {} : { target }),
      async run({ services, now }) {
        const since = new Date(now.getTime() - sinceMs);
        const records = await services.audit.query({
          ...(target === undefined ? {} : { target }),
          since,
          limit: LIMIT,
        });
        const scope = target === undefined ? 'everything' : `\`${escapeMrkdwn(target)}\``;
        if (records.length === 0) {
          return {
            outcome: 'succeeded',
            text: `no audit records for ${scope} in the last ${formatDuration(sinceMs)}`,
          };
        }
        return {
          outcome: 'succeeded',
          text: [
            `*History of ${scope}*, last ${formatDuration(sinceMs)} (newest first, at most ${LIMIT}):`,
            ...records.map(auditLine),
          ].join('\n'),
        };
      },
    };
  },
};
