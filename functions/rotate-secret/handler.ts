import { formatIssueMessages } from '../../shared/errors/format-zod-error.ts';
import { ValidationError } from '../../shared/errors/reflex-errors.ts';
import { type RotationDependencies, rotateSecret } from '../../shared/rotation/rotate-secret.ts';
import { rotationEventSchema } from '../../shared/rotation/rotation-event.ts';
import { lazy } from '../../shared/runtime/lazy.ts';
import { withReflexStack } from '../../shared/runtime/middleware.ts';
import { createRotationDependencies } from '../../shared/runtime/rotation-dependencies.ts';

/**
 * Secrets Manager's rotation function: invoked once per step with `{Step, SecretId,
 * ClientRequestToken}`. A failed step throws, which is how Secrets Manager learns to retry it.
 */
export function makeHandler(dependencies: () => RotationDependencies) {
  return withReflexStack(
    async (event: unknown, context) => {
      const parsed = rotationEventSchema.safeParse(event);
      if (!parsed.success) {
        throw new ValidationError(
          `not a Secrets Manager rotation event ({Step, SecretId, ClientRequestToken}): ${formatIssueMessages(parsed.error)}`,
        );
      }
      return rotateSecret(parsed.data, dependencies(), context.awsRequestId);
    },
    { correlationIdPath: 'ClientRequestToken' },
  );
}

export const handler = makeHandler(lazy(() => createRotationDependencies()));
