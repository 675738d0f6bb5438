import { OPT_IN_TAG, OPT_OUT_TAG } from '../core/opt-out-tags.ts';
import { allow, type Guardrail, readOnlyGuardrail } from './guardrail.ts';

/**
 * Owners keep Reflex away from a resource with the tag `reflex:ignore` (any value but `false`);
 * a policy with `limits.optIn` acts only on resources tagged `reflex:opt-in=true` (or its name).
 */
export function optOutGuardrail(): Guardrail {
  return readOnlyGuardrail('opt-out', async ({ request, tags }) => {
    const ignore = tags?.[OPT_OUT_TAG];
    if (ignore !== undefined && ignore.toLowerCase() !== 'false') {
      return { guardrail: 'opt-out', decision: 'skip', reason: `target is tagged ${OPT_OUT_TAG}=${ignore}` };
    }
    if (request.limits.optIn) {
      const optIn = tags?.[OPT_IN_TAG];
      if (optIn !== 'true' && optIn !== request.origin.name) {
        return {
          guardrail: 'opt-out',
          decision: 'skip',
          reason: `policy requires opt-in: tag the target ${OPT_IN_TAG}=true (it has ${optIn === undefined ? 'no such tag' : `${OPT_IN_TAG}=${optIn}`})`,
        };
      }
    }
    return allow('opt-out', tags === undefined ? 'no tags to check' : 'not opted out');
  });
}
