import { z } from 'zod';
import type { Placement } from '../../core/placement.ts';
import type { ResourceRef, Signal } from '../../core/signal.ts';
import {
  autoScalingGroupRef,
  cloudWatchAlarmRef,
  ec2InstanceRef,
  lambdaFunctionRef,
  sqsQueueRef,
  uniqueResources,
} from '../resource-refs.ts';

/**
 * The one shape of an alarm signal, shared by the EventBridge and the SNS deliveries so that a
 * policy written against one matches the other. It is the EventBridge `CloudWatch Alarm State
 * Change` detail (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-and-eventbridge.html).
 */
export const ALARM_SOURCE = 'aws.cloudwatch';
export const ALARM_DETAIL_TYPE = 'CloudWatch Alarm State Change';

export const AlarmStateValueSchema = z.enum(['OK', 'ALARM', 'INSUFFICIENT_DATA']);
export type AlarmStateValue = z.output<typeof AlarmStateValueSchema>;

/** SNS notifications carry only the previous state's value, hence the optional fields. */
export type AlarmState = {
  value: AlarmStateValue;
  reason?: string;
  reasonData?: string;
  timestamp?: string;
};

export type AlarmMetric = {
  id: string;
  metricStat?: {
    metric: { namespace: string; name: string; dimensions?: Record<string, string> };
    period: number;
    stat: string;
    unit?: string;
  };
  expression?: string;
  label?: string;
  returnData: boolean;
};

export type AlarmDetail = {
  alarmName: string;
  state: AlarmState;
  previousState: AlarmState;
  /** Composite alarms have an `alarmRule` and no metrics. */
  configuration: { description?: string; metrics?: AlarmMetric[] };
};

/** Loose objects: unknown fields (alarmTags, actionsSuppressedBy...) stay in the detail for policies. */
const AlarmStateSchema = z.looseObject({
  value: AlarmStateValueSchema,
  reason: z.string(),
  reasonData: z.string().optional(),
  timestamp: z.string(),
});

const AlarmMetricSchema = z.looseObject({
  id: z.string(),
  metricStat: z
    .looseObject({
      metric: z.looseObject({
        namespace: z.string(),
        name: z.string(),
        dimensions: z.record(z.string(), z.string()).optional(),
      }),
      period: z.number(),
      stat: z.string(),
      unit: z.string().optional(),
    })
    .optional(),
  expression: z.string().optional(),
  label: z.string().optional(),
  returnData: z.boolean(),
});

export const AlarmDetailSchema = z.looseObject({
  alarmName: z.string().min(1),
  state: AlarmStateSchema,
  previousState: AlarmStateSchema,
  configuration: z.looseObject({
    description: z.string().optional(),
    metrics: z.array(AlarmMetricSchema).optional(),
  }),
});

/** Metric dimensions that name a resource Reflex can act on, and how to refer to it. */
const DIMENSION_RESOURCES: Record<string, (value: string, where: Placement) => ResourceRef> = {
  InstanceId: ec2InstanceRef,
  AutoScalingGroupName: (value) => autoScalingGroupRef(value),
  QueueName: sqsQueueRef,
  FunctionName: lambdaFunctionRef,
};

/** The alarm first (it is the event's own resource), then whatever its metrics are about. */
export function alarmResources(detail: AlarmDetail, where: Placement, alarmArn?: string): ResourceRef[] {
  const refs: ResourceRef[] = [cloudWatchAlarmRef(detail.alarmName, where, alarmArn)];
  for (const metric of detail.configuration.metrics ?? []) {
    const dimensions = metric.metricStat?.metric.dimensions ?? {};
    for (const [name, value] of Object.entries(dimensions)) {
      const toRef = Object.hasOwn(DIMENSION_RESOURCES, name) ? DIMENSION_RESOURCES[name] : undefined;
      if (toRef !== undefined) refs.push(toRef(value, where));
    }
  }
  return refs;
}

export interface AlarmSignalInput {
  id: string;
  time: string;
  region: string;
  account: string;
  alarmArn?: string;
  detail: AlarmDetail & Record<string, unknown>;
  raw: unknown;
}

/** Both alarm deliveries end here, so their signals cannot drift apart. */
export function alarmSignal(input: AlarmSignalInput): Signal {
  const where = { region: input.region, account: input.account };
  return {
    id: input.id,
    kind: 'alarm',
    source: ALARM_SOURCE,
    type: ALARM_DETAIL_TYPE,
    resources: uniqueResources(alarmResources(input.detail, where, input.alarmArn)),
    account: input.account,
    region: input.region,
    time: input.time,
    detail: input.detail,
    raw: input.raw,
  };
}
