import { DynamoDbCircuitStore } from '../../shared/aws/dynamodb-circuit-store.ts';
import { resumeCircuit } from '../../shared/guardrails/circuit/circuit-control.ts';
import { releaseQuarantine } from '../../shared/guardrails/flap.ts';
import { policyScope, resume } from '../../shared/guardrails/pause.ts';
import type { Command } from '../command/command.ts';
import { parseOptions } from '../command/parse-options.ts';
import { connectState, operator, STATE_HELP, STATE_OPTIONS } from '../command/state-options.ts';

export const resumeCommand: Command = {
  name: 'resume',
  summary: 'Lift a pause, close an open circuit, or release a quarantined target.',
  help: `Usage: reflex resume [all|POLICY] [--circuit SCOPE] [--target TARGET] [--by NAME] [options]

  reflex resume                      lift the global pause
  reflex resume POLICY               lift the pause of one policy
  reflex resume --circuit SCOPE      close a circuit: "global" or "policy:<name>"
  reflex resume --target TARGET      release a quarantined target, e.g. ec2:instance/i-0123456789abcdef0
${STATE_HELP}`,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      { ...STATE_OPTIONS, circuit: { type: 'string' }, target: { type: 'string' }, by: { type: 'string' } },
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
      io.stdout(
        result.resumed ? `circuit ${values.circuit} closed` : `circuit ${values.circuit} was not open`,
      );
      return 0;
    }
    if (values.target !== undefined) {
      await releaseQuarantine(state.cells, values.target);
      io.stdout(`${values.target} released: Reflex may act on it again`);
      return 0;
    }
    const target = positionals[0] ?? 'all';
    await resume(state.cells, target === 'all' ? 'global' : policyScope(target));
    io.stdout(`resumed ${target === 'all' ? 'all automation' : `policy ${target}`}`);
    return 0;
  },
};
