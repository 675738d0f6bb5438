import type { PlanSummary } from './plan-tally.ts';
import type { ReplaySummary } from './replay-run.ts';

type Write = (line: string) => void;

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

function printPlan(plan: PlanSummary, write: Write): void {
  write(`plan (nothing executed; mode ceiling ${plan.ceiling}; no live tags):`);
  const notSignals = plan.notSignals.map((entry) => `${entry.code} ${entry.count} (${entry.example})`);
  write(`  signals ${plan.signals}${notSignals.length > 0 ? `; not signals: ${notSignals.join('; ')}` : ''}`);
  write(`  requests that would have been queued: ${plan.requests}`);
  for (const policy of plan.policies) {
    write(`  ${policy.policy}: ${plural(policy.matched, 'signal')} matched`);
    for (const request of policy.requests)
      write(`    request  ${String(request.count).padStart(8)}  ${request.action} (${request.mode})`);
    for (const skipped of policy.skipped)
      write(`    skipped  ${String(skipped.count).padStart(8)}  ${skipped.action}: ${skipped.reason}`);
    for (const filtered of policy.filtered)
      write(`    filtered ${String(filtered.count).padStart(8)}  ${filtered.reason}`);
  }
  if (plan.unchecked.length > 0) write(`  not checked without a state table: ${plan.unchecked.join(', ')}`);
}

/** The human-readable report; `--json` prints the summary object itself. */
export function printReplay(summary: ReplaySummary, write: Write): void {
  const { events } = summary;
  const many = summary.kind === 'policy' ? 'policies' : 'patterns';
  write(`replayed ${summary.file} against ${plural(summary.matches.length, summary.kind, many)}`);
  write(
    `events    ${events.read} read, ${events.rejected} rejected, ${events.matched} matched at least one ${summary.kind}`,
  );
  if (events.rejected > 0) {
    write(`rejected lines (first ${summary.rejected.length} of ${events.rejected}):`);
    for (const rejection of summary.rejected)
      write(`  line ${rejection.line}: ${rejection.code}: ${rejection.reason}`);
  }
  write(`matches per ${summary.kind}:`);
  const width = Math.max(...summary.matches.map((entry) => String(entry.count).length), 1);
  for (const entry of summary.matches) write(`  ${String(entry.count).padStart(width)}  ${entry.name}`);
  if (summary.plan) printPlan(summary.plan, write);
  write(`elapsed   ${(summary.elapsedMs / 1000).toFixed(2)} s (${summary.eventsPerSecond} events/s)`);
  write(`checksum  ${summary.checksum}`);
}
