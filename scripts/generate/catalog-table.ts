import type { ActionRegistry } from '../../shared/actions/registry.ts';
import { formatDuration } from '../../shared/core/duration.ts';
import type { Policy, PolicyAction } from '../../shared/policies/policy.ts';

export const CATALOG_START = '<!-- remediation-catalog:start -->';
export const CATALOG_END = '<!-- remediation-catalog:end -->';

/** `detail.state.value: [ALARM]` → `state.value=ALARM`: the pattern's leaves, in order. */
function patternLeaves(pattern: unknown, path: string[] = []): string[] {
  if (Array.isArray(pattern)) {
    const values = pattern.map((value) =>
      typeof value === 'object' ? JSON.stringify(value) : String(value),
    );
    return [`${path.join('.')}=${values.join('|')}`];
  }
  if (pattern !== null && typeof pattern === 'object') {
    return Object.entries(pattern).flatMap(([key, value]) => patternLeaves(value, [...path, key]));
  }
  return [`${path.join('.')}=${String(pattern)}`];
}

function trigger(policy: Policy): string {
  const on = policy.on as Record<string, unknown>;
  const head = [on.source, on['detail-type']]
    .flatMap((value) => (Array.isArray(value) ? [value.join('|')] : []))
    .join(': ');
  const detail = on.detail === undefined ? [] : patternLeaves(on.detail);
  const tags = Object.entries(policy.filters.tags ?? {}).map(
    ([key, condition]) =>
      `tag \`${key}=${typeof condition === 'string' ? condition : JSON.stringify(condition)}\``,
  );
  return [head, ...detail.map((leaf) => `\`${leaf}\``), ...tags].filter((part) => part !== '').join(' ');
}

function actionList(steps: readonly PolicyAction[]): string {
  return steps.map((step) => `\`${step.action}\``).join(' + ');
}

function actions(policy: Policy): string {
  const rungs = [policy.actions, ...(policy.escalation?.steps ?? [])].map(actionList);
  if (rungs.length === 1) return rungs[0] ?? '';
  const within = formatDuration(policy.escalation?.withinMs ?? 0);
  const threshold = policy.escalation?.threshold;
  const when =
    threshold === undefined
      ? `when repeated within ${within} or not verified`
      : `when not verified, or repeated ${threshold.count}× within ${formatDuration(threshold.withinMs)} once the previous rung had ${formatDuration(threshold.afterMs)} to work, within ${within}`;
  return `${rungs.map((rung, index) => `${index + 1}. ${rung}`).join('<br>')}<br>(next rung ${when})`;
}

function guardrails(policy: Policy): string {
  const { limits } = policy;
  const parts = [
    `**${policy.mode}**`,
    `cooldown ${formatDuration(limits.cooldownMs)}`,
    `rate ${limits.rate.max}/${formatDuration(limits.rate.perMs)}`,
    `flap ${limits.flap.max}/${formatDuration(limits.flap.withinMs)}`,
    `blast radius ${limits.blastRadius.percent === undefined ? limits.blastRadius.max : `${limits.blastRadius.percent}%`} per ${limits.blastRadius.groupBy}`,
  ];
  if (limits.optIn) parts.push('opt-in');
  if (policy.verify) {
    const alarm = policy.verify.alarm ? `, alarm ${policy.verify.alarm}` : '';
    parts.push(`verify within ${formatDuration(policy.verify.withinMs)}${alarm}`);
  }
  return parts.join(', ');
}

function permissions(policy: Policy, registry: ActionRegistry): string {
  const steps = [policy.actions, ...(policy.escalation?.steps ?? [])].flat();
  const all = new Set(steps.flatMap((step) => registry.get(step.action).permissions));
  return [...all]
    .sort()
    .map((permission) => `\`${permission}\``)
    .join(' ');
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

/** The README's remediation catalog: one row per shipped policy, derived, never hand-kept. */
export function catalogTable(policies: readonly Policy[], registry: ActionRegistry): string {
  const rows = [...policies]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((policy) =>
      [
        `\`${policy.name}\`<br>${policy.description ?? ''}`,
        trigger(policy),
        actions(policy),
        guardrails(policy),
        permissions(policy, registry),
      ]
        .map(cell)
        .join(' | '),
    );
  return [
    '| policy | trigger | actions | default mode and guardrails | IAM permissions |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row} |`),
  ].join('\n');
}

/**
 * The catalog section's rows as cells, whatever the padding: the formatter (biome) aligns the
 * table's columns, which changes no cell.
 */
export function catalogCells(readme: string): string[][] {
  const start = readme.indexOf(CATALOG_START);
  const end = readme.indexOf(CATALOG_END);
  return readme
    .slice(start + CATALOG_START.length, end)
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[\s|:-]+\|$/.test(line))
    .map((line) =>
      line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((text) => text.trim()),
    );
}

/** The README with its catalog section replaced; throws when the markers are missing. */
export function withCatalog(readme: string, table: string): string {
  const start = readme.indexOf(CATALOG_START);
  const end = readme.indexOf(CATALOG_END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${CATALOG_START} ... ${CATALOG_END}`);
  return `${readme.slice(0, start + CATALOG_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
