import { type ChatCommand, refused } from '../chat-command.ts';
import { tokenize } from '../command-text.ts';
import { APPROVAL_ID, approveFromChat, PLAN_HASH, showApproval } from './approval-decision.ts';

/**
 * `approve <id>` shows the plan with buttons bound to its hash; `approve <id> <hash>` approves
 * exactly that plan (as `reflex approve ID --hash H` does).
 */
export const approveCommand: ChatCommand = {
  name: 'approve',
  usage: 'approve <id> [plan-hash]',
  summary: 'Show a parked request with Approve/Deny buttons, or approve its exact plan by hash.',
  role: 'operator',
  changesState: true,
  prepare(text) {
    const words = tokenize(text);
    if (!words.ok) return refused(words.reason);
    const [id, hash, ...extra] = words.tokens;
    if (id === undefined || extra.length > 0) return refused('usage: approve <id> [plan-hash]');
    if (!APPROVAL_ID.test(id)) return refused('an approval id is 32 hexadecimal digits (the request id)');
    if (hash !== undefined && !PLAN_HASH.test(hash)) return refused('a plan hash is 64 hexadecimal digits');
    return {
      ok: true,
      target: `approval/${id}`,
      run: (context) => (hash === undefined ? showApproval(id, context) : approveFromChat(id, hash, context)),
    };
  },
};
