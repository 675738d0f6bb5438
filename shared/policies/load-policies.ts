import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { z } from 'zod';
import type { ActionRegistry } from '../actions/registry.ts';
import { formatDuration } from '../core/duration.ts';
import { resolveLimits } from '../core/limits.ts';
import { validKeysAt } from '../errors/valid-keys.ts';
import { checkPolicyActions } from './check-policy-actions.ts';
import { subjectTypeOf } from './escalation-subject.ts';
import { validatePattern } from './pattern/index.ts';
import type { Policy } from './policy.ts';
import type { PolicyProblem } from './policy-error.ts';
import { policyFileSchema } from './policy-schema.ts';
import { parseLocatedYaml } from './yaml-locator.ts';

export interface LoadResult {
  policies: Policy[];
  problems: PolicyProblem[];
}

function describeZodIssue(issue: z.core.$ZodIssue): { message: string; key?: string } {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0] ?? '';
    const plural =
      issue.keys.length > 1 ? `keys ${issue.keys.map((k) => `"${k}"`).join(', ')}` : `key "${key}"`;
    return {
      message: `unknown ${plural}; valid keys: ${validKeysAt(policyFileSchema, issue.path).join(', ')}`,
      key,
    };
  }
  const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { message: `${where}${issue.message}` };
}

/** Parses one policy file. Never throws for bad content: every problem comes back located. */
export function parsePolicyText(text: string, file: string, registry: ActionRegistry): LoadResult {
  const yaml = parseLocatedYaml(text, file);
  if (!yaml.ok) return { policies: [], problems: yaml.problems };
  const { document, locator } = yaml;
  const problems: PolicyProblem[] = [];
  const parsed = policyFileSchema.safeParse(document.toJS());
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { message, key } = describeZodIssue(issue);
      problems.push({ file, ...locator.locate(issue.path, key), message });
    }
    return { policies: [], problems };
  }
  const policies: Policy[] = [];
  (parsed.data.policies ?? []).forEach((document_, index) => {
    const at = (path: readonly PropertyKey[], message: string, key?: string) =>
      problems.push({ file, ...locator.locate(['policies', index, ...path], key), message });
    for (const patternProblem of validatePattern(document_.on)) {
      at(
        ['on', ...patternProblem.path],
        `on${patternProblem.pathText ? `.${patternProblem.pathText}` : ''}: ${patternProblem.message}`,
      );
    }
    checkPolicyActions(document_.actions, registry, at);
    document_.escalation?.steps.forEach((step, stepIndex) => {
      checkPolicyActions(step.actions, registry, (path, message, key) =>
        at(['escalation', 'steps', stepIndex, ...path], message, key),
      );
    });
    if (document_.escalation && subjectTypeOf(document_.actions, registry) === undefined) {
      at(
        ['escalation'],
        'escalation needs a first action with a target (e.g. ec2.reboot-instance): the ladder counts per target',
      );
    }
    const threshold = document_.escalation?.threshold;
    if (
      document_.escalation &&
      threshold &&
      threshold.after + threshold.within > document_.escalation.within
    ) {
      at(
        ['escalation', 'threshold'],
        `escalation.threshold: after (${formatDuration(threshold.after)}) + within (${formatDuration(threshold.within)}) is longer than escalation.within (${formatDuration(document_.escalation.within)}): the ladder would forget the previous rung before the threshold could be reached`,
      );
    }
    const { description, filters, limits, verify, escalation, ...rest } = document_;
    policies.push({
      ...rest,
      ...(description === undefined ? {} : { description }),
      ...(verify === undefined
        ? {}
        : { verify: { withinMs: verify.within, ...(verify.alarm ? { alarm: verify.alarm } : {}) } }),
      ...(escalation === undefined
        ? {}
        : {
            escalation: {
              withinMs: escalation.within,
              steps: escalation.steps.map((step) => step.actions),
              ...(escalation.threshold
                ? {
                    threshold: {
                      count: escalation.threshold.count,
                      withinMs: escalation.threshold.within,
                      afterMs: escalation.threshold.after,
                    },
                  }
                : {}),
            },
          }),
      filters: filters.tags === undefined ? {} : { tags: filters.tags },
      limits: resolveLimits(limits),
      source: { file, line: locator.locate(['policies', index]).line },
    });
  });
  return { policies: problems.length > 0 ? [] : policies, problems };
}

function policyFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true })
    .flatMap((entry) => {
      const path = join(directory, entry.name);
      if (entry.isDirectory()) return policyFiles(path);
      return /\.ya?ml$/.test(entry.name) ? [path] : [];
    })
    .sort();
}

/** Loads every `*.yml`/`*.yaml` below a directory; policy names must be unique across files. */
export function loadPolicyDirectory(
  directory: string,
  registry: ActionRegistry,
  root = process.cwd(),
): LoadResult {
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) {
    return { policies: [], problems: [{ file: directory, line: 1, column: 1, message: 'not a directory' }] };
  }
  const result: LoadResult = { policies: [], problems: [] };
  const seen = new Map<string, Policy>();
  for (const path of policyFiles(directory)) {
    const file = relative(root, path) || path;
    const { policies, problems } = parsePolicyText(readFileSync(path, 'utf8'), file, registry);
    result.problems.push(...problems);
    for (const policy of policies) {
      const earlier = seen.get(policy.name);
      if (earlier) {
        result.problems.push({
          ...policy.source,
          column: 1,
          message: `policy name "${policy.name}" is already used at ${earlier.source.file}:${earlier.source.line}`,
        });
        continue;
      }
      seen.set(policy.name, policy);
      result.policies.push(policy);
    }
  }
  return result;
}
