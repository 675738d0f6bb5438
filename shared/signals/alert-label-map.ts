import { z } from 'zod';
import type { Placement } from '../core/placement.ts';
import type { ResourceRef } from '../core/signal.ts';
import { autoScalingGroupRef, ec2InstanceRef, ecsServiceRef, sqsQueueRef } from './resource-refs.ts';

/**
 * Which alert labels name which AWS resource (README, "Alerts from Prometheus and Grafana"). Each
 * entry lists label names tried in order; the first present one wins. Prometheus' EC2 service
 * discovery gives `__meta_ec2_instance_id`, which a relabel rule turns into `instance_id`.
 */
export interface AlertLabelMap {
  instance: string[];
  autoScalingGroup: string[];
  ecsCluster: string[];
  ecsService: string[];
  queue: string[];
  account: string[];
  region: string[];
}

export const DEFAULT_ALERT_LABEL_MAP: AlertLabelMap = {
  instance: ['instance_id'],
  autoScalingGroup: ['autoscaling_group'],
  ecsCluster: ['ecs_cluster'],
  ecsService: ['ecs_service'],
  queue: ['queue_name'],
  account: ['account_id'],
  region: ['region'],
};

const LabelNames = z.array(z.string().min(1)).min(1);
const AlertLabelMapOverride = z.strictObject({
  instance: LabelNames.optional(),
  autoScalingGroup: LabelNames.optional(),
  ecsCluster: LabelNames.optional(),
  ecsService: LabelNames.optional(),
  queue: LabelNames.optional(),
  account: LabelNames.optional(),
  region: LabelNames.optional(),
});

export class AlertLabelMapError extends Error {
  override name = 'AlertLabelMapError';
}

/** `REFLEX_ALERT_LABELS` (JSON, any subset of the keys) over the defaults; a bad value says why. */
export function alertLabelMapFrom(text: string | undefined): AlertLabelMap {
  if (text === undefined || text.trim() === '') return DEFAULT_ALERT_LABEL_MAP;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AlertLabelMapError('REFLEX_ALERT_LABELS is not valid JSON', { cause: error });
  }
  const parsed = AlertLabelMapOverride.safeParse(json);
  if (!parsed.success) {
    const keys = Object.keys(DEFAULT_ALERT_LABEL_MAP).join(', ');
    throw new AlertLabelMapError(
      `REFLEX_ALERT_LABELS: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')} (keys: ${keys}; each a list of label names)`,
    );
  }
  return { ...DEFAULT_ALERT_LABEL_MAP, ...parsed.data } as AlertLabelMap;
}

/** What a label must look like before it becomes an id: nothing else is coerced into one. */
const INSTANCE_ID = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;
const ACCOUNT_ID = /^\d{12}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
/** Auto Scaling group, ECS cluster and service names: AWS's own character sets and lengths. */
const RESOURCE_NAME = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,254}$/;
const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}(\.fifo)?$/;

function first(labels: Record<string, string>, names: readonly string[], shape: RegExp): string | undefined {
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined) return shape.test(value) ? value : undefined;
  }
  return undefined;
}

/** The account and region an alert's labels name, when they name well-formed ones. */
export function placementFromLabels(
  labels: Record<string, string>,
  map: AlertLabelMap,
  fallback: Placement,
): Placement {
  return {
    account: first(labels, map.account, ACCOUNT_ID) ?? fallback.account,
    region: first(labels, map.region, REGION) ?? fallback.region,
  };
}

/**
 * The resources an alert's labels name. A label that does not look like the id it stands for names
 * nothing: `instance="10.0.1.7:9100"` is Prometheus' scrape target, not an instance id.
 */
export function resourcesFromLabels(
  labels: Record<string, string>,
  map: AlertLabelMap,
  where: Placement,
): ResourceRef[] {
  const resources: ResourceRef[] = [];
  const instance = first(labels, map.instance, INSTANCE_ID);
  if (instance !== undefined) resources.push(ec2InstanceRef(instance, where));
  const group = first(labels, map.autoScalingGroup, RESOURCE_NAME);
  if (group !== undefined) resources.push(autoScalingGroupRef(group));
  const cluster = first(labels, map.ecsCluster, RESOURCE_NAME);
  const service = first(labels, map.ecsService, RESOURCE_NAME);
  if (cluster !== undefined && service !== undefined) resources.push(ecsServiceRef(cluster, service, where));
  const queue = first(labels, map.queue, QUEUE_NAME);
  if (queue !== undefined) resources.push(sqsQueueRef(queue, where));
  return resources;
}
