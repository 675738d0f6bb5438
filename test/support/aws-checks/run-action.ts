import type { ActionContext, ActionResult } from '../../../shared/actions/action.ts';
import { actionRegistry } from '../../../shared/actions/registry.ts';
import { withRequestStamp } from '../../../shared/aws/request-stamp.ts';
import { roleClients } from './role-clients.ts';

/**
 * Executes one action as the worker does: inside its request stamp, with the worker's role (moto
 * checks the call's signature and the role's permissions; the permission log notes what it used).
 */
export function runActionAsWorker(
  name: string,
  params: Record<string, unknown>,
  context: Partial<ActionContext> = {},
): Promise<ActionResult> {
  const action = actionRegistry.get(name);
  const full: ActionContext = {
    clients: roleClients('worker'),
    requestId: 'test-request',
    env: {},
    log: () => {},
    ...context,
  };
  return withRequestStamp({ requestId: full.requestId, policy: 'test', action: name }, () =>
    action.execute(full, action.params.parse(params)),
  );
}
