import type { ActionRequest } from '../../core/action-request.ts';
import { type ApprovalRefusal, type ApprovalStore, refusalFor, refuse, short } from '../../core/approval.ts';
import { allow, type Guardrail, type GuardrailInput, type Settlement, type Verdict } from '../guardrail.ts';
import { planHash } from '../plan-hash.ts';

const NAME = 'approval';

/**
 * Requests in `approve` mode wait for a human; a request carrying an approval runs only if that
 * approval is approved, unexpired, unused and for exactly this plan. `acquire` uses the approval
 * up atomically, so a duplicate delivery of the approved request cannot execute twice.
 */
export function approvalGuardrail(store: ApprovalStore): Guardrail {
  return {
    name: NAME,

    async check({ request, now }: GuardrailInput): Promise<Verdict> {
      if (request.approval === undefined) return withoutApproval(request);
      const hash = planHash(request);
      const refusal =
        mismatch(request, hash) ??
        refusalFor(request.id, await store.get(request.id), { status: 'approved', planHash: hash, now });
      return refusal ? refused(refusal) : approvedVerdict(request, hash);
    },

    async acquire({ request, now }: GuardrailInput) {
      if (request.approval === undefined) return { verdict: withoutApproval(request) };
      const hash = planHash(request);
      const early = mismatch(request, hash);
      if (early) return { verdict: refused(early) };
      const consumed = await store.consume(request.id, { planHash: hash, now });
      if (!consumed.ok) return { verdict: refused(consumed) };
      return {
        verdict: approvedVerdict(request, hash),
        // A later guardrail refused or deferred it: the approval was not used, so give it back.
        settle: async (outcome: Settlement) => {
          if (outcome === 'not-run') await store.release(request.id, hash);
        },
      };
    },
  };
}

function withoutApproval(request: ActionRequest): Verdict {
  if (request.mode !== 'approve') return allow(NAME, 'no approval needed');
  return {
    guardrail: NAME,
    decision: 'await-approval',
    reason: `needs approval of plan ${short(planHash(request))}`,
  };
}

/** What the request itself gives away, before reading the table: another request, another plan. */
function mismatch(request: ActionRequest, hash: string): ApprovalRefusal | undefined {
  const approval = request.approval;
  if (approval === undefined) return undefined;
  if (approval.id !== request.id) {
    return refuse('wrong-request', `approval ${approval.id} belongs to another request than ${request.id}`);
  }
  if (approval.planHash !== hash) {
    return refuse(
      'plan-changed',
      `plan changed: approved plan ${short(approval.planHash)}, this request's plan is ${short(hash)}`,
    );
  }
  return undefined;
}

function approvedVerdict(request: ActionRequest, hash: string): Verdict {
  const by = request.approval?.approvedBy ?? 'unknown';
  return allow(NAME, `approved by ${by} (plan ${short(hash)})`);
}

function refused(refusal: ApprovalRefusal): Verdict {
  // A conflict is a race, not a verdict on the request: try again later.
  return {
    guardrail: NAME,
    decision: refusal.code === 'conflict' ? 'defer' : 'skip',
    reason: refusal.reason,
  };
}
