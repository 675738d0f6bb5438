/** The names of the demo fleet that `reflex dev` seeds into its local AWS account. */
export const DEMO = {
  instances: [
    { name: 'web-1', tags: { 'reflex:desired-state': 'running', team: 'web' } },
    { name: 'web-2', tags: { 'reflex:desired-state': 'running', team: 'web' } },
    { name: 'batch-1', tags: { team: 'data' } },
  ],
  group: { name: 'demo-web', min: 1, max: 6, desired: 2 },
  ecs: { cluster: 'demo', service: 'api', desired: 2 },
  secret: 'reflex/demo/orders-db',
  queue: 'demo-orders',
  deadLetterQueue: 'demo-orders-dlq',
  securityGroup: 'demo-web-sg',
  alarms: {
    groupCpuHigh: 'demo-web-cpu-high',
    dlqNotEmpty: 'demo-orders-dlq-not-empty',
    /** One status-check alarm per instance: `<instance name>-status-check-failed`. */
    statusCheckSuffix: '-status-check-failed',
  },
} as const;

export interface SeededFleet {
  instances: { name: string; id: string }[];
  group: string;
  ecs: { cluster: string; service: string };
  secretArn: string;
  queueUrl: string;
  deadLetterQueueUrl: string;
  securityGroupId: string;
  alarms: string[];
}
