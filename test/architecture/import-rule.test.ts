import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importRuleViolations } from '../support/import-rule.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

function sourcesUnder(...folders: string[]): Map<string, string> {
  const sources = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        sources.set(relative(REPOSITORY_ROOT, path), readFileSync(path, 'utf8'));
      }
    }
  };
  for (const folder of folders) walk(join(REPOSITORY_ROOT, folder));
  return sources;
}

const tree = (files: Record<string, string>) => new Map(Object.entries(files));

describe('the import rule (README, Layout)', () => {
  it('holds for shared/, functions/ and cli/', () => {
    const sources = sourcesUnder('shared', 'functions', 'cli');
    expect(sources.size).toBeGreaterThan(300);
    expect(importRuleViolations(sources)).toEqual([]);
  });

  it('names each import of a cycle between folders, with file and line', () => {
    const violations = importRuleViolations(
      tree({
        'shared/planner/plan.ts':
          "import { z } from 'zod';\nimport { limit } from '../guardrails/limit.ts';\n",
        'shared/guardrails/limit.ts':
          "import type { Plan } from '../planner/plan.ts';\nexport const limit = 1;\n",
        'shared/guardrails/other.ts': "import { limit } from './limit.ts';\n",
      }),
    );
    expect(violations).toEqual([
      'cycle shared/guardrails -> shared/planner -> shared/guardrails: shared/guardrails/limit.ts:1 imports shared/planner/plan.ts; shared/planner/plan.ts:2 imports shared/guardrails/limit.ts',
    ]);
  });

  it('finds a cycle through three folders', () => {
    const violations = importRuleViolations(
      tree({
        'shared/a/x.ts': "import '../b/y.ts';\n",
        'shared/b/y.ts': "import '../c/z.ts';\n",
        'shared/c/z.ts': "\n\nimport '../a/x.ts';\n",
      }),
    );
    expect(violations).toHaveLength(1);
    expect(violations[0]).toContain('cycle shared/a -> shared/b -> shared/c -> shared/a');
    expect(violations[0]).toContain('shared/c/z.ts:3 imports shared/a/x.ts');
  });

  it('refuses a domain reaching an adapter or the SDK, but lets actions call AWS', () => {
    const violations = importRuleViolations(
      tree({
        'shared/runbooks/checks/find.ts': "import type { AwsClients } from '../../aws/clients.ts';\n",
        'shared/worker/run.ts': "import { EC2Client } from '@aws-sdk/client-ec2';\n",
        'shared/actions/ec2/start.ts':
          "import { StartInstancesCommand } from '@aws-sdk/client-ec2';\nimport type { AwsClients } from '../../aws/clients.ts';\n",
        'shared/aws/clients.ts': "import type { Once } from '../core/once.ts';\n",
        'shared/core/once.ts': 'export interface Once {}\n',
      }),
    );
    expect(violations).toEqual([
      'shared/runbooks/checks/find.ts:1 imports shared/aws/clients.ts: domain code never imports an adapter (shared/aws); declare a port in shared/core and have shared/runtime pass the adapter in',
      'shared/worker/run.ts:1 imports @aws-sdk/client-ec2: only shared/aws and the actions call the AWS SDK',
    ]);
  });

  it('keeps vocabulary and adapters off the domains, and the composition root to itself', () => {
    const violations = importRuleViolations(
      tree({
        'shared/core/request.ts': "import type { Action } from '../actions/action.ts';\n",
        'shared/aws/sqs-queue.ts': "import type { WorkQueue } from '../planner/work-queue.ts';\n",
        'shared/worker/process.ts':
          "import { createWorkerDependencies } from '../runtime/worker-dependencies.ts';\n",
        'functions/worker/handler.ts':
          "import { createWorkerDependencies } from '../../shared/runtime/worker-dependencies.ts';\n",
        'cli/commands/plan.ts':
          "import { UsageError } from '../command/command.ts';\nimport { x } from '../../shared/aws/clients.ts';\n",
      }),
    );
    expect(violations).toEqual([
      'shared/core/request.ts:1 imports shared/actions/action.ts: vocabulary (shared/core) depends on nothing but vocabulary; move what it needs into shared/core',
      'shared/aws/sqs-queue.ts:1 imports shared/planner/work-queue.ts: an adapter implements ports from shared/core and never reaches a domain (shared/planner); move the port into shared/core',
      'shared/worker/process.ts:1 imports shared/runtime/worker-dependencies.ts: only the composition root (shared/runtime, functions, cli) imports shared/runtime',
    ]);
  });
});
