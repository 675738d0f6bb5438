import { z } from 'zod';

/** What a policy's tag filter asks of one tag: this value, one of these, or present/absent. */
export const tagConditionSchema = z.union([
  z.string(),
  z.array(z.string()).min(1),
  z.strictObject({ exists: z.boolean() }),
]);

export type TagCondition = z.infer<typeof tagConditionSchema>;
