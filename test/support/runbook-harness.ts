import { lambdaContext } from '../../cli/dev/lambda-context.ts';
import { makeHandler } from '../../functions/runbook/handler.ts';
import { actionRegistry } from '../../shared/actions/registry.ts';
import type { AwsClients } from '../../shared/aws/clients.ts';
import type { AuditRecord } from '../../shared/core/audit-record.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { executionTarget } from '../../shared/runbooks/execution-id.ts';
import { parseRunbookText } from '../../shared/runbooks/load-runbooks.ts';
import type { Runbook } from '../../shared/runbooks/runbook.ts';
import type { RunbookFunctionDependencies, StartOutcome } from '../../shared/runbooks/start-runbook.ts';
import { createRunbookDependencies } from '../../shared/runtime/runbook-dependencies.ts';
import { roleClients } from './aws-checks/role-clients.ts';
import { REPOSITORY_ROOT, type ReflexTestStack, reflexTestStack } from './reflex-stack.ts';

/** Runbooks from YAML text, failing the test on any problem. */
export function runbooksFrom(yaml: string): Runbook[] {
  const { runbooks, problems } = parseRunbookText(yaml, 'test.yml', {
    actions: actionRegistry,
    checks: checkRegistry,
  });
  if (problems.length > 0)
    throw new Error(problems.map((p) => `${p.line}:${p.column}: ${p.message}`).join('\n'));
  return runbooks;
}

export interface RunbookHarness {
  reflex: ReflexTestStack;
  deps: RunbookFunctionDependencies;
  invoke(event: unknown): Promise<StartOutcome>;
  /** Every audit record of one execution, oldest first. */
  executionAudit(executionId: string): Promise<AuditRecord[]>;
}

/** The runbook function from source on a test stack of its own, with the given runbooks. */
export async function runbookHarness(
  clients: AwsClients,
  label: string,
  runbooks: Runbook[],
  options: { mode?: string; env?: Record<string, string>; now?: () => Date } = {},
): Promise<RunbookHarness> {
  const reflex = await reflexTestStack(
    clients,
    label,
    `${REPOSITORY_ROOT}/policies`,
    options.mode ?? 'enforce',
  );
  const env = { ...reflex.env, ...options.env };
  const deps: RunbookFunctionDependencies = {
    // The runbook function acts as its packaged role (moto checks signatures and IAM).
    ...createRunbookDependencies(env, roleClients('runbook'), options.now),
    runbooks,
    retryDelayMs: 10,
  };
  const handler = makeHandler(() => deps);
  return {
    reflex,
    deps,
    invoke: (event) => handler(event, lambdaContext('runbook')),
    async executionAudit(executionId) {
      const records = await reflex.audit.query({ target: executionTarget(executionId), limit: 500 });
      return records.reverse();
    },
  };
}
