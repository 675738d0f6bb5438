import type { AnySignalParser } from '../signal-parser.ts';
import { autoScalingLaunchUnsuccessfulParser } from './autoscaling-launch-unsuccessful.ts';
import { cloudWatchAlarmParser } from './cloudwatch-alarm.ts';
import { ec2CloudTrailCallParser } from './ec2-cloudtrail-call.ts';
import { ec2SpotInterruptionParser } from './ec2-spot-interruption.ts';
import { ec2StateChangeParser } from './ec2-state-change.ts';
import { ecsTaskStateChangeParser } from './ecs-task-state-change.ts';
import { guardDutyFindingParser } from './guardduty-finding.ts';
import { healthEventParser } from './health-event.ts';
import { scheduledEventParser } from './scheduled-event.ts';

export { snsCloudWatchAlarmParser } from './sns-cloudwatch-alarm.ts';

/** Every EventBridge event type Reflex understands. Adding a source = one file + one line here. */
export const eventBridgeParsers: readonly AnySignalParser[] = [
  cloudWatchAlarmParser,
  ec2StateChangeParser,
  ec2SpotInterruptionParser,
  ec2CloudTrailCallParser,
  healthEventParser,
  autoScalingLaunchUnsuccessfulParser,
  ecsTaskStateChangeParser,
  guardDutyFindingParser,
  scheduledEventParser,
];
