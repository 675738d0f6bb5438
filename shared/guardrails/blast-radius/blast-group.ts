import type { ActionRequest } from '../../core/action-request.ts';
import type { SizedGroup } from '../../core/group-sizer.ts';
import type { ResolvedLimits } from '../../core/limits.ts';
import type { Tags } from '../../core/tag-reader.ts';

/** The tag AWS puts on every instance of an Auto Scaling group. */
export const AUTOSCALING_GROUP_TAG = 'aws:autoscaling:groupName';

export interface BlastGroup {
  /** `policy:<name>`, `autoscaling-group:<name>` or `tag:<key>=<value>`: the lease partition. */
  key: string;
  /** Absent for the policy group: only `max` applies to it. */
  sized?: SizedGroup;
}

/**
 * The group a request counts against. A target without the grouping tag (or with unreadable tags)
 * falls back to its policy's group, so it is still limited by `max`.
 */
export function blastGroup(
  request: Pick<ActionRequest, 'origin' | 'limits'>,
  tags: Tags | undefined,
): BlastGroup {
  const policyGroup: BlastGroup = { key: `${request.origin.type}:${request.origin.name}` };
  const { groupBy } = request.limits.blastRadius;
  if (groupBy === 'autoscaling-group') {
    const name = tags?.[AUTOSCALING_GROUP_TAG];
    return name
      ? { key: `autoscaling-group:${name}`, sized: { kind: 'autoscaling-group', name } }
      : policyGroup;
  }
  if (groupBy.startsWith('tag:')) {
    const key = groupBy.slice('tag:'.length);
    const value = tags?.[key];
    return value === undefined
      ? policyGroup
      : { key: `tag:${key}=${value}`, sized: { kind: 'tag', key, value } };
  }
  return policyGroup;
}

/** `max`, and `percent` of the group (at least 1, so a small group is never frozen), whichever is smaller. */
export function blastLimit(limits: ResolvedLimits['blastRadius'], groupSize: number | undefined): number {
  if (limits.percent === undefined || groupSize === undefined) return limits.max;
  // percent * size / 100, not percent / 100 * size: 29 / 100 * 100 is 28.999999999999996.
  return Math.min(limits.max, Math.max(1, Math.floor((limits.percent * groupSize) / 100)));
}
