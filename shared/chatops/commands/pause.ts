import { formatDuration, parseDuration } from '../../core/duration.ts';
import { pause, policyScope } from '../../guardrails/pause.ts';
import { escapeMrkdwn } from '../block-kit.ts';
import { type ChatCommand, refused } from '../chat-command.ts';
import { tokenize } from '../command-text.ts';

export const POLICY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** `pause [policy|all] [for 1h]`: the kill switch, from chat. */
export const pauseCommand: ChatCommand = {
  name: 'pause',
  usage: 'pause [policy|all] [for 1h]',
  summary: 'Pause all automation (default) or one policy, optionally for a while.',
  role: 'operator',
  changesState: true,
  prepare(text) {
    const words = tokenize(text);
    if (!words.ok) return refused(words.reason);
    const tokens = [...words.tokens];
    let forMs: number | undefined;
    const forAt = tokens.findIndex((word) => word === 'for' || word === '--for');
    if (forAt >= 0) {
      const value = tokens[forAt + 1];
      forMs = value === undefined ? undefined : parseDuration(value);
      if (forMs === undefined || forMs <= 0) return refused('"for" takes a duration like 30m, 1h or 2d');
      tokens.splice(forAt, 2);
    }
    if (tokens.length > 1) return refused('usage: pause [policy|all] [for 1h]');
    const target = tokens[0] ?? 'all';
    if (target !== 'all' && !POLICY_NAME.test(target)) return refused('that is not a policy name');
    const scope = target === 'all' ? 'global' : policyScope(target);
    return {
      ok: true,
      target: `pause/${scope}`,
      async run({ services, actor, now }) {
        const paused = await pause(services.cells, scope, {
          by: actor,
          reason: `paused from Slack by ${actor}`,
          now,
          ...(forMs === undefined ? {} : { forMs }),
        });
        const what = scope === 'global' ? 'all automation' : `policy \`${escapeMrkdwn(target)}\``;
        const until = paused.until
          ? `for ${formatDuration(forMs ?? 0)} (until ${paused.until})`
          : 'until `resume`';
        return {
          outcome: 'succeeded',
          inChannel: true,
          text: `:double_vertical_bar: <@${actor.slice('slack:'.length)}> paused ${what} ${until}`,
        };
      },
    };
  },
};
