import { z } from 'zod';
import { ValidationError } from '../errors/reflex-errors.ts';

/**
 * `state.reasonData` of a CloudWatch alarm state change: a JSON text with the datapoints that were
 * compared and the threshold. The datapoints are oldest first.
 */
const reasonDataSchema = z.looseObject({
  recentDatapoints: z.array(z.number()).min(1),
  threshold: z.number(),
});

export interface AlarmBreach {
  /** The newest datapoint. */
  value: number;
  threshold: number;
  /** value − threshold: positive above the threshold, negative below. */
  breach: number;
}

export function alarmBreach(reasonData: string): AlarmBreach {
  let parsed: unknown;
  try {
    parsed = JSON.parse(reasonData);
  } catch {
    throw new ValidationError('alarm reasonData is not JSON');
  }
  const checked = reasonDataSchema.safeParse(parsed);
  if (!checked.success)
    throw new ValidationError('alarm reasonData has no recentDatapoints and threshold to measure a breach');
  const { recentDatapoints, threshold } = checked.data;
  const value = recentDatapoints[recentDatapoints.length - 1] as number;
  return { value, threshold, breach: value - threshold };
}
