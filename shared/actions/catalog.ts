import type { ActionDefinition } from './action.ts';
import { setDesiredCapacity } from './autoscaling/set-desired-capacity.ts';
import { rebootInstance } from './ec2/reboot-instance.ts';
import { startInstance } from './ec2/start-instance.ts';
import { stopInstance } from './ec2/stop-instance.ts';
import { rotateAccessKeyAction } from './iam/rotate-access-key.ts';
import { notify } from './notify/notify.ts';

/** Every shipped action. A meta-test fails if an action file exists that is not listed here. */
export const shippedActions: readonly ActionDefinition[] = [
  startInstance,
  stopInstance,
  rebootInstance,
  setDesiredCapacity,
  notify,
  rotateAccessKeyAction,
];
