import { DynamoDbCircuitStore } from '../../shared/aws/dynamodb-circuit-store.ts';
import { resumeCircuit } from '../../shared/guardrails/circuit/circuit-control.ts';
import { releaseQuarantine } from '../../shared/guardrails/flap.ts';
import { policyScope, resume } from '../../shared/guardrails/pause.ts';
import type { Command } from '../command/command.ts';
import { JSON_OPTION, printJson } from '../command/json-output.ts';
import { parseOptions } from '../command/parse-options.ts';
import { connectState, operator, STATE_HELP, STATE_OPTIONS } from '../command/state-options.ts';

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Lift a pause, close an open circuit, or release a quarantined target.',
  help: `Usage: reflex resume [all|POLICY] [--circuit SCOPE] [--target TARGET] [--by NAME] [--json] [options]

  reflex resume                      lift the global pause
  reflex resume POLICY               lift the pause of one policy
  reflex resume --circuit SCOPE      close a circuit: "global" or "policy:<name>"
  reflex resume --target TARGET      release a quarantined target, e.g. ec2:instance/i-0123456789abcdef0
  --json   print {"resumed": "pause"|"circuit"|"quarantine", "scope" or "target", "changed"}
${STATE_HELP}
Exit 0 when done (also when there was nothing to lift), 1 when the state table cannot be written,
2 on a usage error.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...STATE_OPTIONS,
        ...JSON_OPTION,
        circuit: { type: 'string' },
        target: { type: 'string' },
        by: { type: 'string' },
      },
      true,
    );
    const state = connectState(values);
    if (!state) return 2;
    if (values.circuit !== undefined) {
      const result = await resumeCircuit(
        new DynamoDbCircuitStore(state.table),
        values.circuit,
        values.by ?? operator(),
        new Date(),
      );
      if (values.json) {
        printJson(io, { resumed: 'circuit', scope: values.circuit, changed: result.resumed });
        return 0;
      }
      io.stdout(
        result.resumed ? `circuit ${values.circuit} closed` : `circuit ${values.circuit} was not open`,
      );
      return 0;
    }
    if (values.target !== undefined) {
      await releaseQuarantine(state.cells, values.target);
      if (values.json) printJson(io, { resumed: 'quarantine', target: values.target, changed: true });
      else io.stdout(`${values.target} released: Reflex may act on it again`);
      return 0;
    }
    const target = positionals[0] ?? 'all';
    const scope = target === 'all' ? 'global' : policyScope(target);
    await resume(state.cells, scope);
    if (values.json) printJson(io, { resumed: 'pause', scope, changed: true });
    else io.stdout(`resumed ${target === 'all' ? 'all automation' : `policy ${target}`}`);
    return 0;
  },
};
