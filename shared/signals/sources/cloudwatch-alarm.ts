import { defineSignalParser } from '../signal-parser.ts';
import { ALARM_DETAIL_TYPE, ALARM_SOURCE, AlarmDetailSchema, alarmSignal } from './alarm-detail.ts';
import { eventBridgeEventSchema } from './eventbridge-event.ts';

/** `CloudWatch Alarm State Change` delivered by EventBridge (the on-alarm function's main input). */
export const cloudWatchAlarmParser = defineSignalParser({
  name: 'cloudwatch-alarm-state-change',
  source: ALARM_SOURCE,
  detailType: ALARM_DETAIL_TYPE,
  schema: eventBridgeEventSchema(ALARM_SOURCE, ALARM_DETAIL_TYPE, AlarmDetailSchema),
  normalize: (event, raw) =>
    alarmSignal({
      id: event.id,
      time: event.time,
      region: event.region,
      account: event.account,
      // The event's only resource is the alarm's ARN; prefer it to rebuilding one.
      alarmArn: event.resources.find((arn) => arn.includes(':alarm:')),
      detail: event.detail,
      raw,
    }),
});
