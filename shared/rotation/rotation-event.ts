import { z } from 'zod';

export const ROTATION_STEPS = ['createSecret', 'setSecret', 'testSecret', 'finishSecret'] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** What Secrets Manager sends the rotation function, once per step. */
export const rotationEventSchema = z.object({
  Step: z.enum(ROTATION_STEPS),
  SecretId: z.string().min(1),
  ClientRequestToken: z.string().min(1),
});
export type RotationEvent = z.infer<typeof rotationEventSchema>;
