/**
 * The tags owners put on a resource to steer Reflex. The opt-out guardrail reads them; the
 * quarantine and isolate actions set the opt-out tag on what they contain, and runbook checks pass
 * over what carries it.
 */
export const OPT_OUT_TAG = 'reflex:ignore';
export const OPT_IN_TAG = 'reflex:opt-in';
