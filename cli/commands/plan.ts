import { resolve } from 'node:path';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { parseModeCeiling } from '../../shared/core/mode.ts';
import type { Signal } from '../../shared/core/signal.ts';
import type { Tags } from '../../shared/core/tag-reader.ts';
import { accountsFrom } from '../../shared/pipeline/state-lookups.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { formatProblem } from '../../shared/policies/policy-error.ts';
import { compilePolicies } from '../../shared/policies/policy-matcher.ts';
import { localAlertHome } from '../../shared/runtime/alert-home.ts';
import { guardrailEngineFor } from '../../shared/runtime/state-adapters.ts';
import { alertLabelMapFrom } from '../../shared/signals/alert-label-map.ts';
import { parseTriggerInput } from '../../shared/signals/parse-trigger-input.ts';
import { type Command, UsageError } from '../command/command.ts';
import { parseOptions } from '../command/parse-options.ts';
import { connectState, STATE_HELP, STATE_OPTIONS } from '../command/state-options.ts';
import { readJsonInput } from '../io/read-json-input.ts';
import { planReport, printPlanReport } from '../plan/plan-report.ts';

/** `--tag i-0123:reflex:desired-state=running` → tags of that resource of the signal. */
function tagsFromOptions(values: string[]): (signal: Signal) => Map<string, Tags> {
  const byId = new Map<string, Tags>();
  for (const value of values) {
    const match = /^([^:]+):([^=]+)=(.*)$/.exec(value);
    if (!match) throw new UsageError(`--tag must look like RESOURCE_ID:KEY=VALUE, got "${value}"`);
    const [, id = '', key = '', tagValue = ''] = match;
    byId.set(id, { ...byId.get(id), [key]: tagValue });
  }
  return (signal) =>
    new Map(
      signal.resources.flatMap((resource) => {
        const tags = byId.get(resource.id);
        return tags ? [[`${resource.type}/${resource.id}`, tags] as const] : [];
      }),
    );
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show which policies an event matches, the requests they would plan and every guardrail verdict.',
  help: `Usage: reflex plan --event FILE|JSON [--policies DIR] [--tag ID:KEY=VALUE]... [--mode dry-run|enforce] [--json] [options]

Parses the event (an EventBridge event, an SNS-delivered CloudWatch alarm, or an Alertmanager or
Grafana webhook body: one signal per alert), matches it against
the policies (default ./policies), prints the ActionRequests they would plan and, for each, the
verdict of every guardrail. Nothing is executed and no state is changed.
  --tag ID:KEY=VALUE  tags to assume for a resource of the event (repeatable); live tags are read
                      only when Reflex really runs
  --mode              the global ceiling to plan under (default enforce: what the policies ask)
  --table NAME        read pauses, cooldowns, circuits... from this state table; without it only
                      the stateless guardrails are evaluated
${STATE_HELP}
Exit 0 when the event was parsed, 1 when it was rejected, 2 on a usage error.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      ...STATE_OPTIONS,
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
    const state = connectState(values, false);
    const now = () => new Date();
    const input = readJsonInput(values.event, 'event');
    const alerts = {
      home: localAlertHome(process.env),
      labels: alertLabelMapFrom(process.env.REFLEX_ALERT_LABELS),
    };
    const report = await planReport(parseTriggerInput(input, alerts), {
      matcher: compilePolicies(policies),
      ceiling: parseModeCeiling(values.mode),
      tags: tagsFromOptions(values.tag),
      now: now(),
      ...accountsFrom(process.env),
      ...(state
        ? {
            state: {
              guardrails: guardrailEngineFor(state.table, state.clients, process.env, now),
              cells: state.cells,
            },
          }
        : {}),
    });
    if (values.json) io.stdout(JSON.stringify(report, null, 2));
    else printPlanReport(report, (line) => io.stdout(line));
    return report.some((entry) => 'rejected' in entry) ? 1 : 0;
  },
};
