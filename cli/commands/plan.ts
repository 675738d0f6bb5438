import { resolve } from 'node:path';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { planSignal } from '../../shared/planner/plan.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { parseModeCeiling } from '../../shared/policies/mode.ts';
import { formatProblem } from '../../shared/policies/policy-error.ts';
import { compilePolicies } from '../../shared/policies/policy-matcher.ts';
import type { Tags } from '../../shared/resources/tag-reader.ts';
import { parseSignalInput } from '../../shared/signals/parse-event.ts';
import { toMatchableEvent } from '../../shared/signals/signal.ts';
import { type Command, UsageError } from '../command.ts';
import { readJsonInput } from '../io/read-json-input.ts';
import { parseOptions } from '../parse-options.ts';

/** `--tag i-0123:reflex:desired-state=running` → tags of ec2:instance/i-0123 (type guessed from the id). */
function parseTagOption(values: string[], resourceTypes: Map<string, string>): Map<string, Tags> {
  const tags = new Map<string, Tags>();
  for (const value of values) {
    const match = /^([^:]+):([^=]+)=(.*)$/.exec(value);
    if (!match) throw new UsageError(`--tag must look like RESOURCE_ID:KEY=VALUE, got "${value}"`);
    const [, id = '', key = '', tagValue = ''] = match;
    const key_ = `${resourceTypes.get(id) ?? 'ec2:instance'}/${id}`;
    tags.set(key_, { ...tags.get(key_), [key]: tagValue });
  }
  return tags;
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show which policies an event matches and the requests they would plan (no side effects).',
  help: `Usage: reflex plan --event FILE|JSON [--policies DIR] [--tag ID:KEY=VALUE]... [--mode dry-run|enforce] [--json]

Parses the event (an EventBridge event, or an SNS-delivered CloudWatch alarm), matches it
against the policies (default ./policies) and prints the ActionRequests they would plan.
Nothing is called: tag filters are checked against the tags given with --tag (the live tags are
read when Reflex really runs). --mode is the global ceiling to plan under (default: enforce, to
show what the policies themselves ask for).
Exit 0 when the event was parsed, 1 when it was rejected, 2 on a usage error.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      event: { type: 'string' },
      policies: { type: 'string', default: 'policies' },
      tag: { type: 'string', multiple: true, default: [] },
      mode: { type: 'string', default: 'enforce' },
      json: { type: 'boolean', default: false },
    });
    if (values.event === undefined) throw new UsageError('--event is required');
    const { policies, problems } = loadPolicyDirectory(resolve(values.policies), actionRegistry);
    if (problems.length > 0) {
      for (const problem of problems) io.stderr(formatProblem(problem));
      return 1;
    }
    const matcher = compilePolicies(policies);
    const results = parseSignalInput(readJsonInput(values.event, 'event'));
    const report = [];
    let rejected = 0;
    for (const result of results) {
      if (!result.ok) {
        rejected++;
        report.push({ rejected: { code: result.code, reason: result.reason } });
        continue;
      }
      const signal = result.value;
      const types = new Map(signal.resources.map((resource) => [resource.id, resource.type]));
      const matched = matcher.match(toMatchableEvent(signal));
      const plan = planSignal(signal, matched, {
        registry: actionRegistry,
        ceiling: parseModeCeiling(values.mode),
        tags: parseTagOption(values.tag, types),
        now: new Date(),
      });
      report.push({
        signal: { id: signal.id, type: signal.type, resources: signal.resources },
        matched: matched.map((p) => p.name),
        ...plan,
      });
    }
    if (values.json) {
      io.stdout(JSON.stringify(report, null, 2));
    } else {
      for (const entry of report) {
        if ('rejected' in entry && entry.rejected) {
          io.stdout(`rejected (${entry.rejected.code}): ${entry.rejected.reason}`);
          continue;
        }
        if (!('signal' in entry)) continue;
        io.stdout(
          `signal ${entry.signal.id}: ${entry.signal.type} [${entry.signal.resources.map((r) => `${r.type}/${r.id}`).join(', ')}]`,
        );
        io.stdout(`  matched policies: ${entry.matched.length > 0 ? entry.matched.join(', ') : '(none)'}`);
        for (const request of entry.requests)
          io.stdout(
            `  ${request.mode.padEnd(8)} ${request.action} → ${request.target}: ${request.description}`,
          );
        for (const skipped of entry.skipped)
          io.stdout(`  skipped  ${skipped.action} → ${skipped.target}: ${skipped.reason}`);
        for (const filtered of entry.filtered)
          io.stdout(`  filtered ${filtered.policy} → ${filtered.target}: ${filtered.reason}`);
      }
    }
    return rejected > 0 ? 1 : 0;
  },
};
