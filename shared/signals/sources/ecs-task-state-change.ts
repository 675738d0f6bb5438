import { z } from 'zod';
import type { ResourceRef } from '../../core/signal.ts';
import { ecsServiceRef } from '../resource-refs.ts';
import { defineSignalParser } from '../signal-parser.ts';
import { eventBridgeEventSchema, eventBridgeSignal } from './eventbridge-event.ts';

const SOURCE = 'aws.ecs';
const DETAIL_TYPE = 'ECS Task State Change';
const SERVICE_GROUP = 'service:';

/**
 * A task started, stopped or changed state
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_task_events.html). A task of a
 * service has `group: "service:<name>"`; `stopCode` and `stoppedReason` say why it stopped.
 */
const TaskStateChangeDetailSchema = z.looseObject({
  clusterArn: z.string().regex(/^arn:[^:]+:ecs:[^:]*:\d*:cluster\/.+$/, 'must be an ECS cluster ARN'),
  taskArn: z.string().startsWith('arn:'),
  taskDefinitionArn: z.string().startsWith('arn:'),
  lastStatus: z.string().min(1),
  desiredStatus: z.string().min(1),
  group: z.string().optional(),
  stopCode: z.string().optional(),
  stoppedReason: z.string().optional(),
});

type TaskStateChangeDetail = z.output<typeof TaskStateChangeDetailSchema>;

/** The task's service, when it belongs to one; a standalone task names no resource Reflex acts on. */
function taskResources(
  detail: TaskStateChangeDetail,
  where: { region: string; account: string },
): ResourceRef[] {
  const group = detail.group ?? '';
  if (!group.startsWith(SERVICE_GROUP) || group.length === SERVICE_GROUP.length) return [];
  const cluster = detail.clusterArn.slice(detail.clusterArn.indexOf(':cluster/') + ':cluster/'.length);
  return [ecsServiceRef(cluster, group.slice(SERVICE_GROUP.length), where)];
}

export const ecsTaskStateChangeParser = defineSignalParser({
  name: 'ecs-task-state-change',
  source: SOURCE,
  detailType: DETAIL_TYPE,
  schema: eventBridgeEventSchema(SOURCE, DETAIL_TYPE, TaskStateChangeDetailSchema),
  normalize: (event, raw) => eventBridgeSignal(event, raw, taskResources(event.detail, event)),
});
