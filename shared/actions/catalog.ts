import type { ActionDefinition } from './action.ts';
import { markInstanceUnhealthy } from './autoscaling/mark-instance-unhealthy.ts';
import { setDesiredCapacity } from './autoscaling/set-desired-capacity.ts';
import { quarantineInstance } from './ec2/quarantine-instance.ts';
import { rebootInstance } from './ec2/reboot-instance.ts';
import { revokeOpenIngress } from './ec2/revoke-open-ingress.ts';
import { startInstance } from './ec2/start-instance.ts';
import { stopInstance } from './ec2/stop-instance.ts';
import { stopStartInstance } from './ec2/stop-start-instance.ts';
import { notify } from './notify/notify.ts';

/** Every shipped action. A meta-test fails if an action file exists that is not listed here. */
export const shippedActions: readonly ActionDefinition[] = [
  startInstance,
  stopInstance,
  rebootInstance,
  stopStartInstance,
  quarantineInstance,
  revokeOpenIngress,
  setDesiredCapacity,
  markInstanceUnhealthy,
  notify,
];
