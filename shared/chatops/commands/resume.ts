import { resumeCircuit } from '../../guardrails/circuit/circuit-control.ts';
import { policyScope, resume } from '../../guardrails/pause.ts';
import { escapeMrkdwn } from '../block-kit.ts';
import { type ChatCommand, refused } from '../chat-command.ts';
import { tokenize } from '../command-text.ts';
import { POLICY_NAME } from './pause.ts';

/** `resume [policy|all]` lifts a pause; `resume circuit <global|policy:NAME>` closes a circuit. */
export const resumeCommand: ChatCommand = {
  name: 'resume',
  usage: 'resume [policy|all] | resume circuit <global|policy:NAME>',
  summary: 'Lift a pause, or close an open circuit breaker.',
  role: 'operator',
  changesState: true,
  prepare(text) {
    const words = tokenize(text);
    if (!words.ok) return refused(words.reason);
    const [first, second, ...extra] = words.tokens;
    if (extra.length > 0) return refused('usage: resume [policy|all] | resume circuit <scope>');
    if (first === 'circuit') {
      const scope = second ?? '';
      if (scope !== 'global' && !(scope.startsWith('policy:') && POLICY_NAME.test(scope.slice(7)))) {
        return refused('a circuit scope is "global" or "policy:<name>"');
      }
      return {
        ok: true,
        target: `circuit/${scope}`,
        async run({ services, actor, now }) {
          const result = await resumeCircuit(services.circuits, scope, actor, now);
          return result.resumed
            ? {
                outcome: 'succeeded',
                inChannel: true,
                text: `circuit \`${escapeMrkdwn(scope)}\` closed by <@${actor.slice(6)}>`,
              }
            : { outcome: 'skipped', text: `circuit \`${escapeMrkdwn(scope)}\` was not open` };
        },
      };
    }
    if (second !== undefined) return refused('usage: resume [policy|all] | resume circuit <scope>');
    const target = first ?? 'all';
    if (target !== 'all' && !POLICY_NAME.test(target)) return refused('that is not a policy name');
    const scope = target === 'all' ? 'global' : policyScope(target);
    return {
      ok: true,
      target: `pause/${scope}`,
      async run({ services, actor }) {
        await resume(services.cells, scope);
        const what = scope === 'global' ? 'all automation' : `policy \`${escapeMrkdwn(target)}\``;
        return {
          outcome: 'succeeded',
          inChannel: true,
          text: `:arrow_forward: <@${actor.slice(6)}> resumed ${what}`,
        };
      },
    };
  },
};
