import { randomUUID } from 'node:crypto';
import { parseResourceKey } from '../../core/resource-key.ts';
import { buildRequest } from '../../planner/build-request.ts';
import { escapeMrkdwn } from '../block-kit.ts';
import { type ChatCommand, refused } from '../chat-command.ts';
import { tokenize } from '../command-text.ts';

const ACTION = 'autoscaling.set-desired-capacity';
/** Auto Scaling group names: 1-255 characters, no colon (a colon would make it an ARN). */
const GROUP = /^[\p{L}\p{N}_./@+=,-]{1,255}$/u;
export const CHAT_ORIGIN = 'chatops';

/**
 * `scale <group> <n>`: plans `autoscaling.set-desired-capacity` as a request of the Slack user,
 * through the same guardrails as a policy's request, and queues it for the worker.
 */
export const scaleCommand: ChatCommand = {
  name: 'scale',
  usage: 'scale <group> <n>',
  summary: "Set an Auto Scaling group's desired capacity (through the guardrails and the worker).",
  role: 'operator',
  changesState: true,
  prepare(text, { actions }) {
    const words = tokenize(text);
    if (!words.ok) return refused(words.reason);
    const [group, count, ...extra] = words.tokens;
    if (group === undefined || count === undefined || extra.length > 0)
      return refused('usage: scale <group> <n>');
    if (!GROUP.test(group)) return refused('that is not an Auto Scaling group name');
    if (!/^\d{1,5}$/.test(count)) return refused(`desired capacity must be a whole number, got "${count}"`);
    const action = actions.get(ACTION);
    return {
      ok: true,
      risk: action.risk,
      target: `autoscaling:group/${group}`,
      async run({ services, actor, jobId, now }) {
        const planned = buildRequest({
          action,
          params: { group, desiredCapacity: Number(count) },
          origin: { type: 'user', name: CHAT_ORIGIN },
          requestedBy: actor,
          mode: services.config.modes[action.risk],
          ceiling: services.ceiling,
          signalId: `chat:${jobId}`,
          now,
        });
        if (!planned.ok) return { outcome: 'failed', text: escapeMrkdwn(planned.reason) };
        const request = planned.request;
        const tags = (await services.tags.tagsOf([parseResourceKey(request.target)])).get(request.target);
        const evaluation = await services.guardrails.check({ request, action, tags, now });
        if (evaluation.blocking?.decision === 'skip') {
          const reason = `${evaluation.blocking.guardrail}: ${evaluation.blocking.reason}`;
          await services.audit.write({
            id: randomUUID(),
            time: now.toISOString(),
            origin: request.origin,
            actor,
            action: request.action,
            target: request.target,
            mode: request.mode,
            outcome: 'skipped',
            reason,
            correlation: { requestId: request.id, signalId: request.signalId },
          });
          return { outcome: 'skipped', text: `not queued: ${escapeMrkdwn(reason)}` };
        }
        await services.workQueue.enqueue([request]);
        const next =
          request.mode === 'approve'
            ? 'it waits for approval by another person'
            : request.mode === 'dry-run'
              ? 'dry-run: the worker will only describe it'
              : 'the worker executes it';
        return {
          outcome: 'succeeded',
          inChannel: true,
          text: `<@${actor.slice('slack:'.length)}> queued: ${escapeMrkdwn(request.description)} (${request.mode}, request \`${request.id}\`); ${next}.`,
        };
      },
    };
  },
};
