import { dryDecide } from '../../pipeline/dry-decide.ts';
import { stateLookups } from '../../pipeline/state-lookups.ts';
import { parseJsonText, parseSignalInput } from '../../signals/parse-event.ts';
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
  // What the trigger functions would decide (account, causal loop, escalation rung), dry.
  const entries = await dryDecide(parseSignalInput(event), {
    matcher: services.matcher(),
    registry: services.actions,
    tags: services.tags,
    ...stateLookups(services.cells, () => now, services.hub),
    ...(services.accounts ? { accounts: services.accounts } : {}),
    ...(services.hub ? { hub: services.hub } : {}),
    ceiling: services.ceiling,
    now: () => now,
    guardrails: services.guardrails,
  });
  for (const entry of entries) {
    if ('rejected' in entry) {
      rejected++;
      lines.push(
        `• rejected (${entry.rejected.code}): ${escapeMrkdwn(truncate(entry.rejected.reason, 300))}`,
      );
      continue;
    }
    const { signal } = entry;
    lines.push(
      `• signal \`${escapeMrkdwn(signal.type)}\` on ${signal.resources.map((r) => `\`${escapeMrkdwn(`${r.type}/${r.id}`)}\``).join(', ') || '(no resource)'}; matched: ${entry.matched.map((name) => escapeMrkdwn(name)).join(', ') || 'no policy'}`,
    );
    for (const { request, verdicts } of entry.requests) {
      const blocking = verdicts.find((verdict) => verdict.decision !== 'allow');
      const verdict = blocking
        ? `would be stopped by ${blocking.guardrail}: ${blocking.reason}`
        : 'every guardrail allows it';
      lines.push(
        `  ◦ ${request.mode} \`${escapeMrkdwn(request.action)}\` → \`${escapeMrkdwn(request.target)}\`: ${escapeMrkdwn(request.description)} (${escapeMrkdwn(verdict)})`,
      );
    }
    for (const skipped of entry.skipped)
      lines.push(`  ◦ skipped ${escapeMrkdwn(skipped.action)}: ${escapeMrkdwn(skipped.reason)}`);
    for (const filtered of entry.filtered)
      lines.push(
        `  ◦ filtered ${escapeMrkdwn(filtered.policy)} → \`${escapeMrkdwn(filtered.target)}\`: ${escapeMrkdwn(filtered.reason)}`,
      );
  }
  return { outcome: rejected > 0 ? 'failed' : 'succeeded', text: lines.join('\n') };
}
