import type { Placement } from './placement.ts';

/**
 * What the worker reads in a target's account around an action's own calls: the target's tags and
 * state (opt-out, blast-radius groups), and the alarms a verification waits for. The hub's roles and
 * the member's execution role are granted them (scripts/generate/action-statements.ts), and a
 * session in a member account is limited to them plus the action's permissions.
 */
export const TARGET_READS = [
  'autoscaling:DescribeAutoScalingGroups',
  'ec2:DescribeInstances',
  'ec2:DescribeTags',
] as const;
export const ALARM_READS = ['cloudwatch:DescribeAlarms'] as const;

/** Whom the worker acts as, where: one request's action in one account and region. */
export interface ActingScope {
  /** Absent: the hub's own account and region. */
  placement: Placement | undefined;
  /** Names the session in the member's CloudTrail (`reflex-<request id>`). */
  requestId: string;
  /** The IAM actions the session may use: the action's declared permissions and the reads above. */
  permissions: readonly string[];
}

/** The permissions of a session that runs `actionPermissions`, with the worker's own reads. */
export function sessionPermissions(actionPermissions: readonly string[]): string[] {
  return [...new Set([...actionPermissions, ...TARGET_READS, ...ALARM_READS])].sort();
}
