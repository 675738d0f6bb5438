import { resolve } from 'node:path';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { parseModeCeiling } from '../../shared/core/mode.ts';
import { formatProblem } from '../../shared/policies/policy-error.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { loadRunbookDirectory } from '../../shared/runbooks/load-runbooks.ts';
import type { Runbook } from '../../shared/runbooks/runbook.ts';
import { parseParamPairs, RunbookParamsError, resolveParams } from '../../shared/runbooks/runbook-params.ts';
import { startRunbook } from '../../shared/runbooks/start-runbook.ts';
import { logger } from '../../shared/runtime/observability.ts';
import { createRunbookDependencies } from '../../shared/runtime/runbook-dependencies.ts';
import { type CliIo, type Command, UsageError } from '../command/command.ts';
import { JSON_OPTION, printJson } from '../command/json-output.ts';
import { parseOptions } from '../command/parse-options.ts';
import { connectState, operator, STATE_HELP, STATE_OPTIONS } from '../command/state-options.ts';
import { listData, listLines, progressLine, showData, showLines } from '../runbook/runbook-text.ts';

const HELP = `Usage: reflex runbook list [--policies DIR] [--json]
       reflex runbook show NAME [--policies DIR] [--json]
       reflex runbook run NAME [--param k=v]... [--dry-run] [--execution-id ID] [--as NAME] [--mode dry-run|enforce] [--verbose] [--json] [options]

Runbooks are named, parameterised steps (actions and checks) written beside the policies
(\`runbooks:\` in any file of ./policies). \`list\` shows them, \`show\` their params, steps and the
next times their schedules fire; \`run\` executes one now, step by step, printing a line per step
and per item. Every action passes the guardrails and is audited (\`reflex dev\`'s GET /audit or the
state table); the run ends with a summary record and notification.
  --param k=v          a runbook parameter (repeat); values are read as the declared types
  --dry-run            plan every step, act on nothing (whatever the runbook's mode)
  --execution-id ID    name the execution: a second run with the same id does nothing
  --as NAME            who runs it (default: $REFLEX_OPERATOR or $USER)
  --mode MODE          the global ceiling (default: $REFLEX_MODE or dry-run): enforce lets a
                       runbook in enforce mode act
  --policies DIR       where the runbooks are (default: ./policies)
  --verbose            also print the structured log lines (audit records, notifications)
  --json               list: [{name, description, mode, steps, schedules}]; show: the runbook with
                       each schedule's next firings; run: {accepted, status, execution…} on stdout,
                       the progress lines on stderr
${STATE_HELP}
Exit 0 when the run succeeded or was planned (or already ran), 1 when it failed, 2 on bad usage.`;

function load(directory: string, io: CliIo): Runbook[] | undefined {
  const { runbooks, problems } = loadRunbookDirectory(resolve(directory), {
    actions: actionRegistry,
    checks: checkRegistry,
  });
  if (problems.length === 0) return runbooks;
  for (const problem of problems) io.stderr(formatProblem(problem));
  io.stderr(`${problems.length} problem(s) in the runbooks: fix them first (reflex validate).`);
  return undefined;
}

function find(runbooks: readonly Runbook[], name: string | undefined): Runbook {
  if (name === undefined) throw new UsageError('the runbook NAME is required');
  const runbook = runbooks.find((candidate) => candidate.name === name);
  if (runbook === undefined) {
    throw new UsageError(
      `unknown runbook "${name}"; valid runbooks: ${runbooks.map((candidate) => candidate.name).join(', ') || '(none)'}`,
    );
  }
  return runbook;
}

export const runbookCommand: Command = {
  name: 'runbook',
  summary: 'List, show and run runbooks (parameterised, guarded, audited steps).',
  help: HELP,
  async run(args, io) {
    const { values, positionals } = parseOptions(
      args,
      {
        ...STATE_OPTIONS,
        ...JSON_OPTION,
        policies: { type: 'string', default: 'policies' },
        param: { type: 'string', multiple: true, default: [] },
        'dry-run': { type: 'boolean', default: false },
        'execution-id': { type: 'string' },
        as: { type: 'string' },
        mode: { type: 'string' },
        verbose: { type: 'boolean', default: false },
      },
      true,
    );
    const [verb, name, ...extra] = positionals;
    if (extra.length > 0) throw new UsageError(`unexpected argument(s): ${extra.join(' ')}`);
    const runbooks = load(values.policies, io);
    if (runbooks === undefined) return 1;
    if (verb === 'list') {
      if (values.json) printJson(io, listData(runbooks));
      else for (const line of listLines(runbooks)) io.stdout(line);
      return 0;
    }
    if (verb === 'show') {
      const runbook = find(runbooks, name);
      if (values.json) printJson(io, showData(runbook, new Date()));
      else for (const line of showLines(runbook, new Date())) io.stdout(line);
      return 0;
    }
    if (verb !== 'run') throw new UsageError(`"${verb ?? ''}" is not list, show or run`);
    const runbook = find(runbooks, name);
    let given: Record<string, string>;
    try {
      given = parseParamPairs(values.param);
      // Checked before touching AWS: a typo never reaches the state table.
      resolveParams(runbook, given, { text: true });
    } catch (error) {
      if (error instanceof RunbookParamsError || (error as Error).name === 'ValidationError')
        throw new UsageError((error as Error).message);
      throw error;
    }
    let ceiling: ReturnType<typeof parseModeCeiling>;
    try {
      ceiling = parseModeCeiling(values.mode ?? process.env.REFLEX_MODE);
    } catch {
      throw new UsageError(`--mode must be dry-run or enforce, got "${values.mode}"`);
    }
    const state = connectState(values);
    if (!state) return 2;
    const env = {
      ...process.env,
      REFLEX_TABLE: state.table.name,
      REFLEX_MODE: ceiling,
      // Runbooks never use the work queue; the shared configuration reader asks for one.
      REFLEX_QUEUE_URL: process.env.REFLEX_QUEUE_URL ?? 'unused-by-runbooks',
      REFLEX_POLICIES_DIR: resolve(values.policies),
    };
    // The progress lines say what happens; the functions' JSON log lines only with --verbose.
    if (!values.verbose) logger.setLogLevel('WARN');
    const deps = { ...createRunbookDependencies(env, state.clients), runbooks };
    const outcome = await startRunbook(
      {
        source: 'reflex.manual',
        runbook: runbook.name,
        params: given,
        paramsAreText: true,
        dryRun: values['dry-run'],
        requestedBy: `cli:${values.as ?? operator()}`,
        ...(values['execution-id'] === undefined ? {} : { executionId: values['execution-id'] }),
      },
      deps,
      {},
      (event) => {
        const line = progressLine(event);
        // With --json, stdout holds only the outcome: progress goes to stderr.
        if (line !== undefined) (values.json ? io.stderr : io.stdout)(line);
      },
    );
    if (values.json) printJson(io, outcome);
    if (!outcome.accepted) {
      io.stderr(outcome.reason);
      return 2;
    }
    return outcome.status === 'failed' ? 1 : 0;
  },
};
