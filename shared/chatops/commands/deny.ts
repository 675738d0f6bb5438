import { type ChatCommand, refused } from '../chat-command.ts';
import { tokenize } from '../command-text.ts';
import { APPROVAL_ID, denyFromChat } from './approval-decision.ts';

/** `deny <id> [reason…]`: the parked request will never execute. */
export const denyCommand: ChatCommand = {
  name: 'deny',
  usage: 'deny <id> [reason…]',
  summary: 'Deny a request waiting for approval.',
  role: 'operator',
  changesState: true,
  prepare(text) {
    const words = tokenize(text);
    if (!words.ok) return refused(words.reason);
    const [id, ...reason] = words.tokens;
    if (id === undefined) return refused('usage: deny <id> [reason…]');
    if (!APPROVAL_ID.test(id)) return refused('an approval id is 32 hexadecimal digits (the request id)');
    const why = reason.join(' ').slice(0, 300);
    return {
      ok: true,
      target: `approval/${id}`,
      run: (context) => denyFromChat(id, why === '' ? undefined : why, context),
    };
  },
};
