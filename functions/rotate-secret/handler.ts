import { ValidationError } from '../../shared/errors/reflex-errors.ts';
import { type RotationDependencies, rotateSecret } from '../../shared/rotation/rotate-secret.ts';
import { rotationEventSchema } from '../../shared/rotation/rotation-event.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { createRotationDependencies } from '../../shared/runtime/rotation-dependencies.ts';
import { formatPath } from '../../shared/signals/format-zod-error.ts';

/**
 * Secrets Manager's rotation function: invoked once per step with `{Step, SecretId,
 * ClientRequestToken}`. A failed step throws, which is how Secrets Manager learns to retry it.
 */
export function makeHandler(dependencies: () => RotationDependencies) {
  return withReflexStack(
    async (event: unknown, context) => {
      const parsed = rotationEventSchema.safeParse(event);
      if (!parsed.success) {
        const problems = parsed.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
        throw new ValidationError(
          `not a Secrets Manager rotation event ({Step, SecretId, ClientRequestToken}): ${problems.join('; ')}`,
        );
      }
      return rotateSecret(parsed.data, dependencies(), context.awsRequestId);
    },
    { correlationIdPath: 'ClientRequestToken' },
  );
}

export const handler = makeHandler(lazy(() => createRotationDependencies()));
