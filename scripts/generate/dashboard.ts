import { OUTCOMES } from '../../shared/core/audit-record.ts';
import {
  guardrailSkipMetric,
  METRIC_NAMESPACE,
  METRIC_SERVICE,
  METRICS,
  outcomeMetric,
} from '../../shared/core/metric-names.ts';
import { GUARDRAIL_ORDER } from '../../shared/guardrails/default-guardrails.ts';

/** A CloudWatch metric in a dashboard widget: namespace, name, then dimension name/value pairs. */
type MetricLine = (string | { label?: string; stat?: string })[];

/** The stack's queues (logical ids in infra/*.yml) whose depth the dashboard draws. */
const QUEUES: Record<string, string> = {
  'work queue': 'WorkQueue',
  'work dead letters': 'WorkDeadLetterQueue',
  'chat queue': 'ChatQueue',
  'chat dead letters': 'ChatDeadLetterQueue',
  'trigger failures': 'TriggerFailureQueue',
};

const reflexMetric = (name: string, label = name): MetricLine => [
  METRIC_NAMESPACE,
  name,
  'service',
  METRIC_SERVICE,
  { label },
];

function widget(
  title: string,
  position: { x: number; y: number },
  metrics: MetricLine[],
  stat: string,
): Record<string, unknown> {
  return {
    type: 'metric',
    ...position,
    width: 12,
    height: 6,
    properties: {
      title,
      region: '${AWS::Region}',
      view: 'timeSeries',
      stacked: false,
      period: 300,
      stat,
      metrics,
    },
  };
}

/**
 * The deployed stack's CloudWatch dashboard (infra/generated/dashboard.json, `npm run generate`), drawn
 * from the metrics Reflex emits (shared/core/metric-names.ts) and AWS's own for its queues and
 * functions: signals accepted and rejected, requests by outcome, guardrail skips by guardrail, queue
 * and dead-letter depth, function errors and durations.
 */
export function dashboard(functionNames: readonly string[]): Record<string, unknown> {
  const functionName = (name: string) => `\${AWS::StackName}-${name}`;
  const body = {
    widgets: [
      widget(
        'Signals and requests (trigger functions)',
        { x: 0, y: 0 },
        [
          reflexMetric(METRICS.signalsAccepted, 'signals accepted'),
          reflexMetric(METRICS.signalsRejected, 'signals rejected'),
          reflexMetric(METRICS.requestsEnqueued, 'requests enqueued'),
          reflexMetric(METRICS.requestsSkipped, 'requests skipped'),
        ],
        'Sum',
      ),
      widget(
        'Requests by outcome (audit)',
        { x: 12, y: 0 },
        OUTCOMES.map((outcome) => reflexMetric(outcomeMetric(outcome), outcome)),
        'Sum',
      ),
      widget(
        'Requests stopped, by guardrail',
        { x: 0, y: 6 },
        GUARDRAIL_ORDER.map((guardrail) => reflexMetric(guardrailSkipMetric(guardrail), guardrail)),
        'Sum',
      ),
      widget(
        'Queue depth (messages visible)',
        { x: 12, y: 6 },
        Object.entries(QUEUES).map(([label, queue]) => [
          'AWS/SQS',
          'ApproximateNumberOfMessagesVisible',
          'QueueName',
          `\${${queue}Name}`,
          { label },
        ]),
        'Maximum',
      ),
      widget(
        'Errors: functions, handlers, refused AWS calls, digest posts',
        { x: 0, y: 12 },
        [
          ...functionNames.map(
            (name): MetricLine => [
              'AWS/Lambda',
              'Errors',
              'FunctionName',
              functionName(name),
              { label: name },
            ],
          ),
          reflexMetric(METRICS.handlerErrors, 'handler errors'),
          reflexMetric(METRICS.awsCallsRefused, 'AWS calls refused'),
          reflexMetric(METRICS.auditDigestPostFailures, 'digest posts failed'),
          reflexMetric(METRICS.auditSealFailures, 'audit chains not sealed'),
        ],
        'Sum',
      ),
      widget(
        'Function duration (p99)',
        { x: 12, y: 12 },
        functionNames.map((name) => [
          'AWS/Lambda',
          'Duration',
          'FunctionName',
          functionName(name),
          { label: name },
        ]),
        'p99',
      ),
    ],
  };
  return {
    Resources: {
      ReflexDashboard: {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: {
          DashboardName: { 'Fn::Sub': '${AWS::StackName}-${AWS::Region}' },
          DashboardBody: {
            'Fn::Sub': [
              JSON.stringify(body),
              Object.fromEntries(
                Object.values(QUEUES).map((queue) => [
                  `${queue}Name`,
                  { 'Fn::GetAtt': [queue, 'QueueName'] },
                ]),
              ),
            ],
          },
        },
      },
    },
    Outputs: {
      DashboardUrl: {
        Description: "Reflex's CloudWatch dashboard",
        Value: {
          'Fn::Sub':
            'https://${AWS::Region}.console.aws.amazon.com/cloudwatch/home?region=${AWS::Region}#dashboards:name=${AWS::StackName}-${AWS::Region}',
        },
      },
    },
  };
}
