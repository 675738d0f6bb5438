import { planSignal } from '../../planner/plan.ts';
import type { Tags } from '../../resources/tag-reader.ts';
import { parseJsonText, parseSignalInput } from '../../signals/parse-event.ts';
import { toMatchableEvent } from '../../signals/signal.ts';
import { escapeMrkdwn, truncate } from '../block-kit.ts';
import { type ChatCommand, type ChatContext, type ChatReply, refused } from '../chat-command.ts';

/** Inline events are short: a chat message is no place for a 256 KB payload. */
const MAX_INLINE_BYTES = 900;
const FIXTURE = /^[a-z0-9-]+\/[a-z0-9-]+$/;

/** `plan <event>`: what the policies would do with an event, with every guardrail verdict; acts on nothing. */
export const planCommand: ChatCommand = {
  name: 'plan',
  usage: 'plan <fixture | inline JSON event>',
  summary:
    'Dry-run an event (a fixture name like ec2/instance-state-change-stopped, or JSON) through the policies.',
  role: 'viewer',
  changesState: false,
  prepare(text) {
    const input = text.trim();
    if (input === '') return refused('usage: plan <fixture name | JSON event>');
    if (input.startsWith('{')) {
      const parsed = parseJsonText(input, MAX_INLINE_BYTES);
      if (!parsed.ok) return refused(`the event is not usable: ${parsed.reason}`);
      return { ok: true, run: (context) => planEvent(parsed.value, 'inline event', context) };
    }
    const name = input.replace(/\.json$/, '');
    if (!FIXTURE.test(name))
      return refused('give a fixture name like ec2/instance-state-change-stopped, or a JSON event');
    return {
      ok: true,
      async run(context) {
        const fixtures = context.services.eventFixtures();
        const event = fixtures[name];
        if (event === undefined) {
          return {
            outcome: 'failed',
            text: `no fixture \`${escapeMrkdwn(name)}\`; known fixtures: ${Object.keys(fixtures).sort().join(', ')}`,
          };
        }
        return planEvent(event, `fixture ${name}`, context);
      },
    };
  },
};

async function planEvent(event: unknown, label: string, { services, now }: ChatContext): Promise<ChatReply> {
  const lines = [`*Plan for ${escapeMrkdwn(label)}* (dry-run: nothing is queued)`];
  let rejected = 0;
  for (const input of parseSignalInput(event)) {
    if (!input.ok) {
      rejected++;
      lines.push(`• rejected (${input.code}): ${escapeMrkdwn(truncate(input.reason, 300))}`);
      continue;
    }
    const signal = input.value;
    const matched = services.matcher().match(toMatchableEvent(signal));
    const tags =
      signal.resources.length > 0 ? await services.tags.tagsOf(signal.resources) : new Map<string, Tags>();
    const plan = planSignal(signal, matched, {
      registry: services.actions,
      ceiling: services.ceiling,
      tags,
      now,
    });
    lines.push(
      `• signal \`${escapeMrkdwn(signal.type)}\` on ${signal.resources.map((r) => `\`${escapeMrkdwn(`${r.type}/${r.id}`)}\``).join(', ') || '(no resource)'}; matched: ${matched.map((p) => escapeMrkdwn(p.name)).join(', ') || 'no policy'}`,
    );
    for (const request of plan.requests) {
      const evaluation = await services.guardrails.checkAll({
        request,
        action: services.actions.get(request.action),
        tags: tags.get(request.target),
        now,
      });
      const verdict = evaluation.blocking
        ? `would be stopped by ${evaluation.blocking.guardrail}: ${evaluation.blocking.reason}`
        : 'every guardrail allows it';
      lines.push(
        `  ◦ ${request.mode} \`${escapeMrkdwn(request.action)}\` → \`${escapeMrkdwn(request.target)}\`: ${escapeMrkdwn(request.description)} (${escapeMrkdwn(verdict)})`,
      );
    }
    for (const skipped of plan.skipped)
      lines.push(`  ◦ skipped ${escapeMrkdwn(skipped.action)}: ${escapeMrkdwn(skipped.reason)}`);
    for (const filtered of plan.filtered)
      lines.push(
        `  ◦ filtered ${escapeMrkdwn(filtered.policy)} → \`${escapeMrkdwn(filtered.target)}\`: ${escapeMrkdwn(filtered.reason)}`,
      );
  }
  return { outcome: rejected > 0 ? 'failed' : 'succeeded', text: lines.join('\n') };
}
