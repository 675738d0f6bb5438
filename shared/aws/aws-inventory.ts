import type { Inventory } from '../core/inventory.ts';
import { listAutoScalingGroups } from './auto-scaling-inventory.ts';
import type { AwsClients } from './clients.ts';
import {
  listAvailableVolumes,
  listElasticIps,
  listInstances,
  listOwnSnapshots,
  snapshotIdsUsedByOwnImages,
} from './ec2-inventory.ts';
import { listUsersWithTags } from './iam-inventory.ts';
import { listQueueUrls, readQueueRedrive } from './sqs-inventory.ts';
import { callerAccount } from './sts-caller-account.ts';

/** The runbook checks' view of an account, read through these clients (the runbook function's role). */
export function awsInventory(clients: AwsClients): Inventory {
  return {
    listInstances: (filter) => listInstances(clients, filter),
    snapshotIdsUsedByOwnImages: () => snapshotIdsUsedByOwnImages(clients),
    listOwnSnapshots: () => listOwnSnapshots(clients),
    listAvailableVolumes: () => listAvailableVolumes(clients),
    listElasticIps: () => listElasticIps(clients),
    callerAccount: () => callerAccount(clients),
    listQueueUrls: (prefix) => listQueueUrls(clients, prefix),
    readQueueRedrive: (url) => readQueueRedrive(clients, url),
    listAutoScalingGroups: () => listAutoScalingGroups(clients),
    listUsersWithTags: () => listUsersWithTags(clients),
  };
}
