import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTCOMES } from '../../shared/core/audit-record.ts';
import { guardrailSkipMetric, METRICS, outcomeMetric } from '../../shared/core/metric-names.ts';
import { GUARDRAIL_ORDER } from '../../shared/guardrails/default-guardrails.ts';
import { packagedTemplate, serverlessService } from '../support/packaged-template.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

type MetricLine = [string, string, string, string, { label?: string }];
interface Widget {
  properties: { title: string; metrics: MetricLine[] };
}

/** The dashboard's body as CloudFormation would substitute it, with GetAtt QueueName as the logical id. */
function dashboardBody(): { widgets: Widget[] } {
  const dashboard = packagedTemplate().Resources.ReflexDashboard;
  if (dashboard === undefined) throw new Error('the packaged template has no ReflexDashboard');
  expect(dashboard.Type).toBe('AWS::CloudWatch::Dashboard');
  const [text, variables] = (
    dashboard.Properties.DashboardBody as { 'Fn::Sub': [string, Record<string, unknown>] }
  )['Fn::Sub'];
  const values: Record<string, string> = { 'AWS::Region': 'eu-west-1', 'AWS::StackName': 'reflex-dev' };
  for (const [name, value] of Object.entries(variables)) {
    values[name] = `queue:${(value as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]}`;
  }
  const substituted = text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined)
      throw new Error(`the dashboard body names \${${name}}, which Fn::Sub does not define`);
    return value;
  });
  return JSON.parse(substituted) as { widgets: Widget[] };
}

const lines = (body: { widgets: Widget[] }) => body.widgets.flatMap((widget) => widget.properties.metrics);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

describe("the deployed stack's dashboard", () => {
  it('draws every metric Reflex emits: signals, requests by outcome, guardrail skips, errors', () => {
    // Act
    const drawn = new Set(
      lines(dashboardBody())
        .filter((line) => line[0] === 'Reflex')
        .map((line) => line[1]),
    );
    // Assess
    const emitted = [
      ...Object.values(METRICS),
      ...OUTCOMES.map(outcomeMetric),
      ...GUARDRAIL_ORDER.map(guardrailSkipMetric),
    ];
    expect(emitted.filter((name) => !drawn.has(name))).toEqual([]);
    expect([...drawn].filter((name) => !emitted.includes(name))).toEqual([]);
  });

  it('names metrics only from shared/core/metric-names.ts, so nothing the code emits is missed', () => {
    const literal = /addMetric\(\s*[`'"]/;
    const offenders = ['shared', 'functions']
      .flatMap((folder) => sourceFiles(join(REPOSITORY_ROOT, folder)))
      .filter((file) => literal.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it("draws each function's errors and p99 duration, for exactly the functions serverless.yml deploys", () => {
    const body = dashboardBody();
    const functions = Object.keys(serverlessService().functions).sort();
    for (const metric of ['Errors', 'Duration']) {
      const drawn = lines(body)
        .filter((line) => line[0] === 'AWS/Lambda' && line[1] === metric)
        .map((line) => line[3]);
      expect(drawn.sort()).toEqual(functions.map((name) => `reflex-dev-${name}`));
    }
  });

  it('draws the depth of every queue of the stack, dead-letter queues included', () => {
    const queues = Object.entries(packagedTemplate().Resources)
      .filter(([, resource]) => resource.Type === 'AWS::SQS::Queue')
      .map(([logicalId]) => `queue:${logicalId}`)
      .sort();
    const drawn = lines(dashboardBody())
      .filter((line) => line[0] === 'AWS/SQS')
      .map((line) => line[3])
      .sort();
    expect(queues.length).toBeGreaterThanOrEqual(5);
    expect(drawn).toEqual(queues);
  });
});
