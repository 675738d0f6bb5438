import type { Tags } from '../core/tag-reader.ts';

/** The SDK's `[{ Key, Value }]` tag lists as a `key -> value` map (a missing value is ''). */
export function tagMap(tags: readonly { Key?: string; Value?: string }[] | undefined): Tags {
  const result: Tags = {};
  for (const tag of tags ?? []) if (tag.Key) result[tag.Key] = tag.Value ?? '';
  return result;
}
