import { parseDuration } from '../../shared/core/duration.ts';
import { pause, policyScope } from '../../shared/guardrails/pause.ts';
import { type Command, UsageError } from '../command/command.ts';
import { JSON_OPTION, printJson } from '../command/json-output.ts';
import { parseOptions } from '../command/parse-options.ts';
import { connectState, operator, STATE_HELP, STATE_OPTIONS } from '../command/state-options.ts';

export const pauseCommand: Command = {
  name: 'pause',
  summary: 'Stop all automation (the kill switch) or one policy, optionally for a while.',
  help: `Usage: reflex pause [all|POLICY] [--for DURATION] [--reason TEXT] [--by NAME] [--json] [options]

Pauses all automation (default) or one policy. Paused requests are skipped and audited; nothing
already executing is interrupted. Without --for the pause lasts until \`reflex resume\`.
  --for DURATION   e.g. 30m, 1h, 2d
  --reason TEXT    shown in every skipped request's audit record
  --by NAME        who pauses (default: $REFLEX_OPERATOR or $USER)
  --json           print {"paused": "global"|"policy:<name>", "by", "reason", "until"?}
${STATE_HELP}
Exit 0 when paused, 1 when the state table cannot be written, 2 on a usage error.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...STATE_OPTIONS,
        ...JSON_OPTION,
        for: { type: 'string' },
        reason: { type: 'string', default: 'paused from the CLI' },
        by: { type: 'string' },
      },
      true,
    );
    const target = positionals[0] ?? 'all';
    const forMs = values.for === undefined ? undefined : parseDuration(values.for);
    if (values.for !== undefined && forMs === undefined)
      throw new UsageError(`--for must be a duration like 30m or 1h, got "${values.for}"`);
    const state = connectState(values);
    if (!state) return 2;
    const scope = target === 'all' ? 'global' : policyScope(target);
    const paused = await pause(state.cells, scope, {
      by: values.by ?? operator(),
      reason: values.reason,
      now: new Date(),
      ...(forMs === undefined ? {} : { forMs }),
    });
    if (values.json) {
      printJson(io, {
        paused: scope,
        by: paused.by,
        reason: paused.reason,
        ...(paused.until ? { until: paused.until } : {}),
      });
      return 0;
    }
    io.stdout(
      `paused ${scope === 'global' ? 'all automation' : scope} ${paused.until ? `until ${paused.until}` : 'until `reflex resume`'}: ${paused.reason}`,
    );
    return 0;
  },
};
