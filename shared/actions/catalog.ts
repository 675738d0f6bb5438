import type { ActionDefinition } from './action.ts';
import { adjustCapacity } from './autoscaling/adjust-capacity.ts';
import { markInstanceUnhealthy } from './autoscaling/mark-instance-unhealthy.ts';
import { noteLaunchFailure } from './autoscaling/note-launch-failure.ts';
import { setDesiredCapacity } from './autoscaling/set-desired-capacity.ts';
import { terminateInstanceInGroup } from './autoscaling/terminate-instance-in-group.ts';
import { updateGroupBounds } from './autoscaling/update-group-bounds.ts';
import { deleteSnapshot } from './ec2/delete-snapshot.ts';
import { isolateInstance } from './ec2/isolate-instance.ts';
import { quarantineInstance } from './ec2/quarantine-instance.ts';
import { rebootInstance } from './ec2/reboot-instance.ts';
import { resizeInstance } from './ec2/resize-instance.ts';
import { revokeOpenIngress } from './ec2/revoke-open-ingress.ts';
import { scheduleStopStart } from './ec2/schedule-stop-start.ts';
import { startInstance } from './ec2/start-instance.ts';
import { stopInstance } from './ec2/stop-instance.ts';
import { stopStartInstance } from './ec2/stop-start-instance.ts';
import { forceNewDeployment } from './ecs/force-new-deployment.ts';
import { rollbackTaskDefinition } from './ecs/rollback-task-definition.ts';
import { setDesiredCount } from './ecs/set-desired-count.ts';
import { deactivateAccessKey } from './iam/deactivate-access-key.ts';
import { rotateAccessKeyAction } from './iam/rotate-access-key.ts';
import { raiseReservedConcurrency } from './lambda/raise-reserved-concurrency.ts';
import { notify } from './notify/notify.ts';
import { redriveDlq } from './sqs/redrive-dlq.ts';
import { startMessageMove } from './sqs/start-message-move.ts';
import { cleanUpDisk } from './ssm/clean-up-disk.ts';

/** Every shipped action. A meta-test fails if an action file exists that is not listed here. */
export const shippedActions: readonly ActionDefinition[] = [
  startInstance,
  stopInstance,
  rebootInstance,
  stopStartInstance,
  scheduleStopStart,
  quarantineInstance,
  isolateInstance,
  revokeOpenIngress,
  setDesiredCapacity,
  adjustCapacity,
  updateGroupBounds,
  setDesiredCount,
  forceNewDeployment,
  rollbackTaskDefinition,
  resizeInstance,
  markInstanceUnhealthy,
  terminateInstanceInGroup,
  noteLaunchFailure,
  notify,
  rotateAccessKeyAction,
  deactivateAccessKey,
  deleteSnapshot,
  redriveDlq,
  startMessageMove,
  raiseReservedConcurrency,
  cleanUpDisk,
];
