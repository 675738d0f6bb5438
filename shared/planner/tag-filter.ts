import type { TagCondition } from '../core/tag-condition.ts';
import type { Tags } from '../core/tag-reader.ts';

/** Why a resource's tags fail a policy's tag filter, or undefined when they pass. */
export function tagFilterFailure(
  conditions: Record<string, TagCondition>,
  tags: Tags | undefined,
): string | undefined {
  for (const [key, condition] of Object.entries(conditions)) {
    const value = tags?.[key];
    if (tags === undefined) return `tags unknown (cannot check ${key})`;
    if (typeof condition === 'string') {
      if (value !== condition) return `tag ${key}=${value ?? '(absent)'}, policy needs ${condition}`;
    } else if (Array.isArray(condition)) {
      if (value === undefined || !condition.includes(value)) {
        return `tag ${key}=${value ?? '(absent)'}, policy needs one of ${condition.join(', ')}`;
      }
    } else if (condition.exists !== (value !== undefined)) {
      return `tag ${key} is ${value === undefined ? 'absent' : 'present'}, policy needs it ${condition.exists ? 'present' : 'absent'}`;
    }
  }
  return undefined;
}
