import { resolve } from 'node:path';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { formatProblem } from '../../shared/policies/policy-error.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { loadRunbookDirectory } from '../../shared/runbooks/load-runbooks.ts';
import type { Command } from '../command/command.ts';
import { parseOptions } from '../command/parse-options.ts';

export const validateCommand: Command = {
  name: 'validate',
  summary:
    'Check the policies and runbooks in a directory (default ./policies); exit 1 with file:line on a problem.',
  help: `Usage: reflex validate [DIR] [--json]

Checks every *.yml/*.yaml file below DIR (default: ./policies): YAML syntax, the policy and
runbook schemas (unknown keys are errors), event patterns, action and check names and their
parameters, runbook templates, schedule expressions and time zones.
Exit 0 when all are valid, 1 when a problem is found (printed as file:line:column: message).`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean', default: false } }, true);
    const directory = resolve(positionals[0] ?? 'policies');
    const loaded = loadPolicyDirectory(directory, actionRegistry);
    const runbooks = loadRunbookDirectory(directory, { actions: actionRegistry, checks: checkRegistry });
    const seen = new Set<string>();
    const problems = [...loaded.problems, ...runbooks.problems].filter((problem) => {
      const text = formatProblem(problem);
      if (seen.has(text)) return false;
      seen.add(text);
      return true;
    });
    if (values.json) {
      io.stdout(
        JSON.stringify(
          {
            valid: problems.length === 0,
            policies: loaded.policies.map((p) => p.name),
            runbooks: runbooks.runbooks.map((r) => r.name),
            problems,
          },
          null,
          2,
        ),
      );
    } else if (problems.length > 0) {
      for (const problem of problems) io.stderr(formatProblem(problem));
      io.stderr(`${problems.length} problem(s) found.`);
    } else {
      io.stdout(
        `${loaded.policies.length} policies valid in ${directory}: ${loaded.policies.map((p) => p.name).join(', ')}`,
      );
      io.stdout(
        `${runbooks.runbooks.length} runbooks valid: ${runbooks.runbooks.map((r) => r.name).join(', ') || '(none)'}`,
      );
    }
    return problems.length === 0 ? 0 : 1;
  },
};
