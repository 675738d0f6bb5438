/**
 * Moved to shared/errors/format-zod-error.ts (one home for error sentences). This re-export stays
 * only until chatops/receive-slack-request.ts, being split in parallel, imports the new path.
 */
export { formatZodError } from '../errors/format-zod-error.ts';
