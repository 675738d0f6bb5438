import { z } from 'zod';

/** `key: value` or `key: [any, of]`: which resources a check selects by tag (at least one tag). */
export const tagSelectorSchema = z
  .record(z.string().min(1), z.union([z.string(), z.array(z.string()).min(1)]))
  .refine((tags) => Object.keys(tags).length > 0, 'select by at least one tag');

export type TagSelector = z.infer<typeof tagSelectorSchema>;

export function selectorValues(value: string | string[]): string[] {
  return Array.isArray(value) ? value : [value];
}

export function matchesTags(tags: Record<string, string>, selector: TagSelector): boolean {
  return Object.entries(selector).every(([key, wanted]) => {
    const actual = tags[key];
    return actual !== undefined && selectorValues(wanted).includes(actual);
  });
}

export function describeSelector(selector: TagSelector): string {
  return Object.entries(selector)
    .map(([key, value]) => `${key}=${selectorValues(value).join('|')}`)
    .join(', ');
}
