import type { LeafCondition, PatternBranch } from './types.ts';

/**
 * PatternIndex splits its filed paths by the value of one "gate" field that most patterns name with
 * exact strings (in practice `source`): an EC2 event then probes only the paths that EC2 patterns
 * file under, not the alarm names, GuardDuty tags and Health entities of every other source. A
 * branch needing `source` "aws.ec2" cannot match an event without that leaf value at `source`, so
 * skipping its paths for other events loses nothing; branches without such a condition are probed
 * for every event.
 */

/** Below this share of branches naming it, a gate saves too few probes to pay for its own lookup. */
const MIN_GATED_SHARE = 0.25;

function pathKeyOf(path: readonly string[]): string {
  return JSON.stringify(path);
}

/** The strings a condition accepts when it accepts exact strings only, else undefined. */
function exactStrings(condition: LeafCondition): string[] | undefined {
  if (condition.matchers.length === 0) return undefined;
  const values: string[] = [];
  for (const matcher of condition.matchers) {
    if (matcher.kind !== 'exact' || typeof matcher.value !== 'string') return undefined;
    values.push(matcher.value);
  }
  return values;
}

/** The values a branch needs at the gate path (one of them), or undefined when it needs none. */
export function gateValues(branch: PatternBranch, gatePath: readonly string[]): string[] | undefined {
  const gateKey = pathKeyOf(gatePath);
  for (const condition of branch.conditions) {
    if (pathKeyOf(condition.path) !== gateKey) continue;
    const values = exactStrings(condition);
    if (values) return values;
  }
  return undefined;
}

/**
 * The path most branches name with exact strings, if enough of them do and they name more than one
 * value between them (one value for all would split nothing).
 */
export function chooseGatePath(branches: readonly PatternBranch[]): readonly string[] | undefined {
  const byPath = new Map<string, { path: readonly string[]; branches: number; values: Set<string> }>();
  for (const branch of branches) {
    const seen = new Set<string>();
    for (const condition of branch.conditions) {
      const values = exactStrings(condition);
      if (!values) continue;
      const key = pathKeyOf(condition.path);
      let entry = byPath.get(key);
      if (!entry) {
        entry = { path: condition.path, branches: 0, values: new Set() };
        byPath.set(key, entry);
      }
      if (!seen.has(key)) entry.branches++;
      seen.add(key);
      for (const value of values) entry.values.add(value);
    }
  }
  let best: { path: readonly string[]; branches: number } | undefined;
  for (const entry of byPath.values()) {
    if (entry.values.size < 2 || entry.branches < branches.length * MIN_GATED_SHARE) continue;
    if (!best || entry.branches > best.branches) best = entry;
  }
  return best?.path;
}
