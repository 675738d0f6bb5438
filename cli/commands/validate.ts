import { resolve } from 'node:path';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { formatProblem } from '../../shared/policies/policy-error.ts';
import type { Command } from '../command.ts';
import { parseOptions } from '../parse-options.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check the policies in a directory (default ./policies); exit 1 with file:line on a problem.',
  help: `Usage: reflex validate [DIR] [--json]

Checks every *.yml/*.yaml policy file below DIR (default: ./policies): YAML syntax, the policy
schema (unknown keys are errors), event patterns, action names and parameters.
Exit 0 when all are valid, 1 when a problem is found (printed as file:line:column: message).`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean', default: false } }, true);
    const directory = resolve(positionals[0] ?? 'policies');
    const { policies, problems } = loadPolicyDirectory(directory, actionRegistry);
    if (values.json) {
      io.stdout(
        JSON.stringify(
          { valid: problems.length === 0, policies: policies.map((p) => p.name), problems },
          null,
          2,
        ),
      );
    } else if (problems.length > 0) {
      for (const problem of problems) io.stderr(formatProblem(problem));
      io.stderr(`${problems.length} problem(s) found.`);
    } else {
      io.stdout(
        `${policies.length} policies valid in ${directory}: ${policies.map((p) => p.name).join(', ')}`,
      );
    }
    return problems.length === 0 ? 0 : 1;
  },
};
