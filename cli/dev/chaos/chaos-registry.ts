import type { ChaosAction } from './chaos-action.ts';
import { ChaosInputError } from './chaos-action.ts';
import { fillDlqChaos } from './fill-dlq.ts';
import { openPortChaos } from './open-port.ts';
import { alarmChaos } from './set-alarm.ts';
import { stopInstanceChaos } from './stop-instance.ts';

export const CHAOS_ACTIONS: readonly ChaosAction[] = [
  stopInstanceChaos,
  alarmChaos,
  fillDlqChaos,
  openPortChaos,
];

export function chaosAction(name: string): ChaosAction {
  const found = CHAOS_ACTIONS.find((action) => action.name === name);
  if (found === undefined)
    throw new ChaosInputError(
      `unknown chaos "${name}"; valid: ${CHAOS_ACTIONS.map((action) => action.name).join(', ')}`,
    );
  return found;
}
