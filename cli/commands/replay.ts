import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { parseModeCeiling } from '../../shared/core/mode.ts';
import { loadPolicyDirectory } from '../../shared/policies/load-policies.ts';
import { formatProblem } from '../../shared/policies/policy-error.ts';
import { type CliIo, type Command, UsageError } from '../command/command.ts';
import { parseOptions } from '../command/parse-options.ts';
import { PlanTally } from '../replay/plan-tally.ts';
import { printReplay } from '../replay/print-replay.ts';
import { type NamedPattern, policyPatterns, readPatternsInput } from '../replay/replay-patterns.ts';
import { type ReplayProgress, runReplay } from '../replay/replay-run.ts';

const HELP = `Usage: reflex replay --events FILE.jsonl [--policies DIR | --patterns FILE|JSON] [--plan [--mode dry-run|enforce]] [--json] [--progress]

Replays archived events through the policy matcher: "what would my policies have done last week?",
before a policy is enforced. Prints how many events each policy (or pattern) matched, the events/s
and a checksum of the matched pairs, so that two matchers can be compared on the same workload.
With --plan, also what the policies would have done. Nothing is executed and no state is read.

Options:
  --events FILE       JSON Lines, one event per line, read as a stream (any size). A line may hold:
                        - a bare EventBridge event: {"version":"0","source":...};
                        - a line of a CloudWatch Logs export to S3: "<timestamp> {event}";
                        - a CloudWatch Logs record (e.g. one entry of filter-log-events "events")
                          whose "message" string holds the event, bare or after a timestamp.
                      Blank lines are skipped. A line that is not JSON, too large (256 KiB) or not
                      an object is counted as rejected, with its line number; the run goes on.
  --policies DIR      match the "on" patterns of the policies in DIR (default ./policies)
  --patterns FILE     match these patterns instead: a JSON array of {"name", "pattern"} (a file, or
                      inline JSON when it starts with "[")
  --plan              also plan each event as the trigger functions would (policies only): parse it
                      into a signal, match, plan, and check the stateless guardrails (opt-out), as
                      \`reflex plan\` does without --table. No live tags are read, so a policy with a tag
                      filter reports "filtered: tags unknown". Counts requests per policy and action.
  --mode MODE         with --plan, the global ceiling to plan under (default enforce: what the
                      policies ask)
  --json              print the summary as one JSON object
  --progress          print progress to stderr every second (default: when stderr is a terminal)

Matching is on each line's event as it is (EventBridge semantics: an SNS-wrapped alarm matches as the
SNS event, not as the alarm). Event i is the i-th non-blank line of the file and pattern k the k-th
policy (in \`reflex validate\` order) or pattern, both counted from 0; rejected lines keep their index.
checksum = sum over matched (i, k) of (i+1)*(k+1), mod 1,000,000,007.

Exit 0 when the file was replayed (rejected lines included), 1 when a policy is invalid, 2 on a
usage error (missing file, --policies with --patterns, --plan with --patterns, a bad patterns file).`;

/** The events file must be a readable file before the run starts: a stream error mid-run says less. */
function checkEventsFile(path: string): number {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch (error) {
    throw new UsageError(
      `cannot read events file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (!stats.isFile()) throw new UsageError(`events file ${path} is not a file`);
  return stats.size;
}

function progressPrinter(io: CliIo, totalBytes: number): (progress: ReplayProgress) => void {
  return ({ read, bytesRead, elapsedMs, done }) => {
    const rate = elapsedMs > 0 ? Math.round((read * 1000) / elapsedMs) : 0;
    const share = totalBytes > 0 ? ` ${Math.min(100, Math.floor((bytesRead * 100) / totalBytes))}%` : '';
    io.stderr(
      done
        ? `replay: done, ${read} events in ${(elapsedMs / 1000).toFixed(1)} s (${rate} events/s)`
        : `replay:${share} ${read} events read, ${rate} events/s`,
    );
  };
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'Replay archived events (JSON Lines) through the policies: match counts, a plan, a checksum.',
  help: HELP,
  async run(args, io) {
    const { values } = parseOptions(args, {
      events: { type: 'string' },
      policies: { type: 'string' },
      patterns: { type: 'string' },
      plan: { type: 'boolean', default: false },
      mode: { type: 'string' },
      json: { type: 'boolean', default: false },
      progress: { type: 'boolean', default: false },
    });
    if (values.events === undefined) throw new UsageError('--events is required');
    if (values.policies !== undefined && values.patterns !== undefined) {
      throw new UsageError('--policies and --patterns cannot be used together');
    }
    if (values.plan && values.patterns !== undefined) {
      throw new UsageError(
        '--plan needs policies (their actions and limits); it cannot be used with --patterns',
      );
    }
    if (values.mode !== undefined && !values.plan) throw new UsageError('--mode only applies with --plan');
    let ceiling: ReturnType<typeof parseModeCeiling>;
    try {
      ceiling = parseModeCeiling(values.mode ?? 'enforce');
    } catch {
      throw new UsageError(`--mode must be "dry-run" or "enforce", got "${values.mode}"`);
    }
    const totalBytes = checkEventsFile(values.events);

    let patterns: NamedPattern[];
    let plan: PlanTally | undefined;
    if (values.patterns !== undefined) {
      patterns = readPatternsInput(values.patterns);
    } else {
      const { policies, problems } = loadPolicyDirectory(
        resolve(values.policies ?? 'policies'),
        actionRegistry,
      );
      if (problems.length > 0) {
        for (const problem of problems) io.stderr(formatProblem(problem));
        return 1;
      }
      patterns = policyPatterns(policies);
      if (values.plan) plan = new PlanTally(policies, ceiling, new Date());
    }

    const showProgress = values.progress || process.stderr.isTTY === true;
    const summary = await runReplay({
      file: values.events,
      kind: values.patterns === undefined ? 'policy' : 'pattern',
      patterns,
      ...(plan ? { plan } : {}),
      ...(showProgress ? { onProgress: progressPrinter(io, totalBytes) } : {}),
    });
    if (values.json) io.stdout(JSON.stringify(summary, null, 2));
    else printReplay(summary, (line) => io.stdout(line));
    return 0;
  },
};
