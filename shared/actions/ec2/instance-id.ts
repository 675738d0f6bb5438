import { z } from 'zod';

/** EC2 instance ids: `i-` then 8 or 17 hex digits. */
export const instanceIdSchema = z
  .string()
  .regex(/^i-([0-9a-f]{8}|[0-9a-f]{17})$/, 'must be an EC2 instance id like i-0123456789abcdef0');
