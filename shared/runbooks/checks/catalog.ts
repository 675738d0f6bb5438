import { findGroups } from './autoscaling/find-groups.ts';
import type { CheckDefinition } from './check.ts';
import { findInstances } from './ec2/find-instances.ts';
import { findOldSnapshots } from './ec2/find-old-snapshots.ts';
import { findUnattachedVolumes } from './ec2/find-unattached-volumes.ts';
import { findUnusedAddresses } from './ec2/find-unused-addresses.ts';
import { findUsers } from './iam/find-users.ts';
import { findDeadLetterQueues } from './sqs/find-dead-letter-queues.ts';

/** Every shipped check (read-only runbook steps). */
export const shippedChecks: readonly CheckDefinition[] = [
  findInstances,
  findGroups,
  findOldSnapshots,
  findUnattachedVolumes,
  findUnusedAddresses,
  findDeadLetterQueues,
  findUsers,
];
