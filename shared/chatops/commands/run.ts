import { escapeMrkdwn } from '../block-kit.ts';
import { type ChatCommand, refused } from '../chat-command.ts';
import { tokenize } from '../command-text.ts';
import { isName } from '../resource-argument.ts';

const PARAM = /^([\p{L}_][\p{L}\p{N}_.-]{0,63})=(.{0,256})$/su;

/** `run <runbook> [k=v…]`: starts a runbook through the RunbookLauncher port. */
export const runCommand: ChatCommand = {
  name: 'run',
  usage: 'run <runbook> [key=value…]',
  summary: 'Start a runbook with parameters.',
  role: 'operator',
  changesState: true,
  prepare(text, { runbooks }) {
    const words = tokenize(text);
    if (!words.ok) return refused(words.reason);
    const [name, ...rest] = words.tokens;
    if (name === undefined || !isName(name)) return refused('usage: run <runbook> [key=value…]');
    if (!runbooks.names().includes(name)) {
      const known = runbooks.names();
      return refused(
        `unknown runbook "${name}"; ${known.length > 0 ? `valid runbooks: ${known.join(', ')}` : 'no runbook is available'}`,
      );
    }
    const params: Record<string, string> = {};
    for (const word of rest) {
      const match = PARAM.exec(word);
      if (!match) return refused(`"${word}" is not key=value`);
      const [, key = '', value = ''] = match;
      if (key in params) return refused(`parameter "${key}" is given twice`);
      params[key] = value;
    }
    const risk = runbooks.riskOf(name);
    return {
      ok: true,
      ...(risk === undefined ? {} : { risk }),
      target: `runbook/${name}`,
      async run({ services, actor, jobId, now }) {
        const result = await services.runbooks.launch({
          name,
          params,
          requestedBy: actor,
          idempotencyKey: jobId,
          now,
        });
        if (!result.ok)
          return {
            outcome: 'failed',
            text: `runbook \`${escapeMrkdwn(name)}\` not started: ${escapeMrkdwn(result.reason)}`,
          };
        return {
          outcome: 'succeeded',
          inChannel: true,
          text: `runbook \`${escapeMrkdwn(name)}\` started by <@${actor.slice('slack:'.length)}> (run ${escapeMrkdwn(result.runId)}): ${escapeMrkdwn(result.summary)}`,
        };
      },
    };
  },
};
