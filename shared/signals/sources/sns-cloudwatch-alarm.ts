import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { SnsNotificationSchema, SnsRecordSchema } from '@aws-lambda-powertools/parser/schemas/sns';
import { z } from 'zod';
import { regionOfArn } from '../resource-refs.ts';
import { defineSignalParser } from '../signal-parser.ts';
import {
  ALARM_DETAIL_TYPE,
  ALARM_SOURCE,
  type AlarmDetail,
  type AlarmMetric,
  AlarmStateValueSchema,
  alarmSignal,
} from './alarm-detail.ts';

/**
 * A CloudWatch alarm notification delivered through SNS to Lambda: one `Records[]` entry whose
 * `Sns.Message` is the JSON text CloudWatch publishes. It is normalized into exactly the detail
 * of the EventBridge `CloudWatch Alarm State Change` event, so one policy matches both deliveries.
 */
const ALARM_ARN = /^arn:[\w-]+:cloudwatch:[a-z0-9-]+:\d{12}:alarm:.+$/;
/** CloudWatch writes `2024-05-14T08:31:12.587+0000`: an offset without a colon. */
const CLOUDWATCH_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/;

/** SNS spells dimensions `{ value, name }`; EventBridge uses a `{ name: value }` map. */
const SnsDimensionSchema = z.looseObject({ name: z.string(), value: z.string() });

/** Metric math alarms list their queries instead of a single metric. */
const SnsMetricQuerySchema = z.looseObject({
  Id: z.string(),
  Expression: z.string().optional(),
  Label: z.string().optional(),
  ReturnData: z.boolean().optional(),
  MetricStat: z
    .looseObject({
      Metric: z.looseObject({
        Namespace: z.string(),
        MetricName: z.string(),
        Dimensions: z.array(SnsDimensionSchema).optional(),
      }),
      Period: z.number(),
      Stat: z.string(),
      Unit: z.string().nullish(),
    })
    .optional(),
});

/** Optional throughout: composite alarms send no trigger, metric math alarms send `Metrics`. */
const SnsTriggerSchema = z.looseObject({
  MetricName: z.string().optional(),
  Namespace: z.string().optional(),
  StatisticType: z.string().optional(),
  Statistic: z.string().optional(),
  ExtendedStatistic: z.string().optional(),
  Unit: z.string().nullish(),
  Dimensions: z.array(SnsDimensionSchema).optional(),
  Period: z.number().optional(),
  EvaluationPeriods: z.number().optional(),
  ComparisonOperator: z.string().optional(),
  Threshold: z.number().optional(),
  Metrics: z.array(SnsMetricQuerySchema).optional(),
});

export const SnsAlarmMessageSchema = z.looseObject({
  AlarmName: z.string().min(1),
  AlarmDescription: z.string().nullish(),
  AWSAccountId: z.string().regex(/^\d{12}$/),
  NewStateValue: AlarmStateValueSchema,
  NewStateReason: z.string(),
  StateChangeTime: z
    .string()
    .regex(CLOUDWATCH_TIME)
    .refine((time) => !Number.isNaN(Date.parse(withColonOffset(time))), 'not a real date'),
  /** A display name ("US East (N. Virginia)"); the region code is taken from the ARN instead. */
  Region: z.string(),
  AlarmArn: z.string().regex(ALARM_ARN),
  OldStateValue: AlarmStateValueSchema,
  Trigger: SnsTriggerSchema.optional(),
});

type SnsAlarmMessage = z.output<typeof SnsAlarmMessageSchema>;
type SnsTrigger = z.output<typeof SnsTriggerSchema>;
type SnsMetricQuery = z.output<typeof SnsMetricQuerySchema>;

const SnsAlarmRecordSchema = SnsRecordSchema.extend({
  Sns: SnsNotificationSchema.extend({ Message: JSONStringified(SnsAlarmMessageSchema) }),
});

/** The SNS `Statistic` is upper snake case; the EventBridge `stat` is the API's spelling. */
const STAT_NAMES: Record<string, string> = {
  SAMPLE_COUNT: 'SampleCount',
  AVERAGE: 'Average',
  SUM: 'Sum',
  MINIMUM: 'Minimum',
  MAXIMUM: 'Maximum',
};

function statName(statistic: string): string {
  return Object.hasOwn(STAT_NAMES, statistic) ? (STAT_NAMES[statistic] ?? statistic) : statistic;
}

function withColonOffset(time: string): string {
  return time.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
}

/** EventBridge `time` has second precision in UTC: `2024-05-14T08:31:12Z`. */
function toEventTime(cloudWatchTime: string): string {
  return new Date(Date.parse(withColonOffset(cloudWatchTime))).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function dimensionMap(dimensions: readonly { name: string; value: string }[] = []): Record<string, string> {
  return Object.fromEntries(dimensions.map((dimension) => [dimension.name, dimension.value]));
}

/**
 * A single-metric alarm has no query id in SNS; EventBridge gives it a generated UUID that nobody
 * can match on, so a fixed `m1` (the console's default id) stands in.
 */
function singleMetric(trigger: SnsTrigger): AlarmMetric | undefined {
  const stat =
    trigger.ExtendedStatistic ?? (trigger.Statistic === undefined ? undefined : statName(trigger.Statistic));
  if (trigger.MetricName === undefined || trigger.Namespace === undefined) return undefined;
  if (trigger.Period === undefined || stat === undefined) return undefined;
  return {
    id: 'm1',
    metricStat: {
      metric: {
        namespace: trigger.Namespace,
        name: trigger.MetricName,
        dimensions: dimensionMap(trigger.Dimensions),
      },
      period: trigger.Period,
      stat,
      ...(trigger.Unit ? { unit: trigger.Unit } : {}),
    },
    returnData: true,
  };
}

function metricQuery(query: SnsMetricQuery): AlarmMetric {
  const stat = query.MetricStat;
  return {
    id: query.Id,
    ...(stat === undefined
      ? {}
      : {
          metricStat: {
            metric: {
              namespace: stat.Metric.Namespace,
              name: stat.Metric.MetricName,
              dimensions: dimensionMap(stat.Metric.Dimensions),
            },
            period: stat.Period,
            stat: stat.Stat,
            ...(stat.Unit ? { unit: stat.Unit } : {}),
          },
        }),
    ...(query.Expression === undefined ? {} : { expression: query.Expression }),
    ...(query.Label === undefined ? {} : { label: query.Label }),
    returnData: query.ReturnData ?? true,
  };
}

function alarmMetrics(trigger: SnsTrigger | undefined): AlarmMetric[] | undefined {
  if (trigger === undefined) return undefined;
  if (trigger.Metrics !== undefined) return trigger.Metrics.map(metricQuery);
  const metric = singleMetric(trigger);
  return metric === undefined ? undefined : [metric];
}

/** SNS gives no reason or time for the previous state, so only its value carries over. */
export function toAlarmDetail(message: SnsAlarmMessage): AlarmDetail {
  const metrics = alarmMetrics(message.Trigger);
  return {
    alarmName: message.AlarmName,
    state: {
      value: message.NewStateValue,
      reason: message.NewStateReason,
      timestamp: message.StateChangeTime,
    },
    previousState: { value: message.OldStateValue },
    configuration: {
      ...(message.AlarmDescription ? { description: message.AlarmDescription } : {}),
      ...(metrics === undefined ? {} : { metrics }),
    },
  };
}

export const snsCloudWatchAlarmParser = defineSignalParser({
  name: 'sns-cloudwatch-alarm',
  source: ALARM_SOURCE,
  detailType: ALARM_DETAIL_TYPE,
  schema: SnsAlarmRecordSchema,
  normalize: (record, raw) => {
    const message = record.Sns.Message;
    return alarmSignal({
      id: record.Sns.MessageId,
      time: toEventTime(message.StateChangeTime),
      // The schema guarantees an alarm ARN, and with it a region code.
      region: regionOfArn(message.AlarmArn) ?? '',
      account: message.AWSAccountId,
      alarmArn: message.AlarmArn,
      detail: toAlarmDetail(message),
      raw,
    });
  },
});
