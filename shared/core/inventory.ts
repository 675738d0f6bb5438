import type { Tags } from './tag-reader.ts';

export interface InstanceListing {
  instanceId: string;
  /** 'unknown' when EC2 gave none. */
  state: string;
  instanceType: string;
  tags: Tags;
}

export interface SnapshotListing {
  snapshotId: string;
  startTime?: Date;
  ownerId?: string;
  volumeId?: string;
  sizeGiB?: number;
  description?: string;
  tags: Tags;
}

export interface VolumeListing {
  volumeId: string;
  createTime?: Date;
  sizeGiB?: number;
  volumeType?: string;
}

export interface AddressListing {
  allocationId: string;
  publicIp: string;
  /** Associated with an instance or a network interface. */
  associated: boolean;
}

export interface QueueRedrive {
  arn?: string;
  /** ApproximateNumberOfMessages (0 when SQS gave none). */
  messages: number;
  /** The dead-letter queue this queue's redrive policy sends to, if it has one. */
  deadLetterTargetArn?: string;
}

export interface GroupListing {
  name: string;
  min: number;
  max: number;
  desired: number;
  tags: Tags;
}

export interface UserListing {
  userName: string;
  tags: Tags;
}

/**
 * What runbook checks read of an account: plain listings, no SDK types. shared/aws/aws-inventory.ts
 * answers from the account's APIs; checks get it in their context and never reach AWS themselves.
 */
export interface Inventory {
  /** Instances carrying every tag key with one of its values, in one of the states. */
  listInstances(filter: {
    tags: Record<string, readonly string[]>;
    states: readonly string[];
  }): Promise<InstanceListing[]>;
  /** Snapshot ids that back an image this account owns (deleting them would break the image). */
  snapshotIdsUsedByOwnImages(): Promise<Set<string>>;
  listOwnSnapshots(): Promise<SnapshotListing[]>;
  listAvailableVolumes(): Promise<VolumeListing[]>;
  listElasticIps(): Promise<AddressListing[]>;
  /** The account the credentials act in; undefined when STS does not say. */
  callerAccount(): Promise<string | undefined>;
  listQueueUrls(queueNamePrefix: string): Promise<string[]>;
  readQueueRedrive(queueUrl: string): Promise<QueueRedrive>;
  listAutoScalingGroups(): Promise<GroupListing[]>;
  listUsersWithTags(): Promise<UserListing[]>;
}
