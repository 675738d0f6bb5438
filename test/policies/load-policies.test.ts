import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { loadPolicyDirectory, parsePolicyText } from '../../shared/policies/load-policies.ts';

const repositoryRoot = join(import.meta.dirname, '../..');

function problemsOf(text: string) {
  return parsePolicyText(text, 'policies/test.yml', actionRegistry).problems;
}

const valid = `policies:
  - name: restart
    on:
      source: [aws.ec2]
    actions:
      - action: ec2.start-instance
`;

describe('policy loader', () => {
  it('loads the shipped policies without a problem', () => {
    // Act
    const { policies, problems } = loadPolicyDirectory(
      join(repositoryRoot, 'policies'),
      actionRegistry,
      repositoryRoot,
    );
    // Assess
    expect(problems).toEqual([]);
    expect(policies.map((policy) => policy.name)).toContain('ec2-keep-running');
  });

  it('defaults the mode to dry-run and records where the policy is', () => {
    // Act
    const { policies } = parsePolicyText(valid, 'policies/test.yml', actionRegistry);
    // Assess
    expect(policies[0]).toMatchObject({
      name: 'restart',
      mode: 'dry-run',
      source: { file: 'policies/test.yml', line: 2 },
    });
  });

  it('points an unknown key to its line and lists the valid keys', () => {
    // Prepare
    const text = valid.replace('    actions:', '    mdoe: enforce\n    actions:');
    // Act
    const problems = problemsOf(text);
    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 5, column: 5 });
    expect(problems[0]?.message).toMatch(
      /unknown key "mdoe"; valid keys: name, description, on, filters, actions, mode/,
    );
  });

  it('reads an escalation threshold, and points a bad one to its line: an unknown key, a count of 0, a window longer than the ladder', () => {
    // Prepare
    const ladder = (threshold: string) => `${valid}    escalation:
      within: 1h
      threshold: ${threshold}
      steps:
        - actions:
            - action: notify
              params: { message: still stopped }
`;
    // Act
    const { policies } = parsePolicyText(
      ladder('{ count: 3, within: 10m, after: 5m }'),
      'policies/test.yml',
      actionRegistry,
    );
    const unknown = problemsOf(ladder('{ count: 3, within: 10m, after: 5m, per: 1h }'));
    const zero = problemsOf(ladder('{ count: 0, within: 10m, after: 5m }'));
    const tooLong = problemsOf(ladder('{ count: 3, within: 50m, after: 15m }'));
    // Assess
    expect(policies[0]?.escalation?.threshold).toEqual({ count: 3, withinMs: 600_000, afterMs: 300_000 });
    expect(unknown).toEqual([
      expect.objectContaining({ line: 9, message: 'unknown key "per"; valid keys: count, within, after' }),
    ]);
    expect(zero).toEqual([
      expect.objectContaining({
        line: 9,
        message: expect.stringMatching(/^policies\.0\.escalation\.threshold\.count: /),
      }),
    ]);
    expect(tooLong).toEqual([
      {
        file: 'policies/test.yml',
        line: 9,
        column: expect.any(Number),
        message:
          'escalation.threshold: after (15m) + within (50m) is longer than escalation.within (1h): the ladder would forget the previous rung before the threshold could be reached',
      },
    ]);
  });

  it('points a maintenance window that does not parse to its line, saying why', () => {
    // Prepare
    const text = `policies:
  - name: retire-in-window
    on:
      source: [aws.health]
    actions:
      - action: ec2.schedule-stop-start
        params:
          deadline: "{{ event.detail.startTime }}"
          eventArn: "{{ event.detail.eventArn }}"
          window: sunday 02:00-04:00 Europe/Paris
`;
    // Act
    const problems = problemsOf(text);
    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'policies/test.yml', line: 10 });
    expect(problems[0]?.message).toMatch(
      /window: maintenance window "sunday 02:00-04:00 Europe\/Paris": "sunday" is not a day/,
    );
  });

  it('points an unknown action to its line and lists the valid actions', () => {
    // Act
    const problems = problemsOf(valid.replace('ec2.start-instance', 'ec2.strat-instance'));
    // Assess
    expect(problems[0]).toMatchObject({ line: 6 });
    expect(problems[0]?.message).toMatch(
      /unknown action "ec2.strat-instance"; valid actions: .*ec2.start-instance/,
    );
  });

  it('rejects a parameter the action does not take, listing the valid ones', () => {
    // Act
    const problems = problemsOf(`${valid}        params:\n          instance: i-0123456789abcdef0\n`);
    // Assess
    expect(problems[0]).toMatchObject({ line: 8 });
    expect(problems[0]?.message).toMatch(/no parameter "instance"; valid parameters: instanceId/);
  });

  it('rejects an invalid literal parameter and a template with an unknown root', () => {
    // Act
    const problems = problemsOf(`policies:
  - name: scale
    on: { source: [aws.cloudwatch] }
    actions:
      - action: autoscaling.set-desired-capacity
        params: { group: "{{ alarm.name }}", desiredCapacity: -1 }
`);
    // Assess
    expect(problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/template \{\{ alarm.name \}\} must start with one of: resource, event, signal/),
      expect.stringMatching(/desiredCapacity: /),
    ]);
  });

  it('reports an invalid event pattern with its line', () => {
    // Act
    const problems = problemsOf(valid.replace('source: [aws.ec2]', 'source: [{ prefx: aws. }]'));
    // Assess
    expect(problems[0]?.line).toBe(4);
    expect(problems[0]?.message).toMatch(/prefx/);
  });

  it('reports YAML syntax errors with their position', () => {
    // Act
    const problems = problemsOf('policies:\n  - name: [unclosed\n');
    // Assess
    expect(problems[0]?.message).toMatch(/^YAML: /);
    expect(problems[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it('refuses a name used twice across files, naming the first place', () => {
    // Prepare
    const directory = mkdtempSync(join(tmpdir(), 'reflex-policies-'));
    writeFileSync(join(directory, 'a.yml'), valid);
    writeFileSync(join(directory, 'b.yml'), valid);
    // Act
    const { policies, problems } = loadPolicyDirectory(directory, actionRegistry, directory);
    // Assess
    expect(policies).toHaveLength(1);
    expect(problems).toEqual([
      { file: 'b.yml', line: 2, column: 1, message: 'policy name "restart" is already used at a.yml:2' },
    ]);
  });
});

describe('unknown keys list the valid keys of the object they are in, read from the schema', () => {
  const problemsOf = (yaml: string) =>
    parsePolicyText(yaml, 'p.yml', actionRegistry).problems.map((problem) => problem.message);
  const policy = (extra: string) => `policies:
  - name: keep-running
    on: { source: [aws.ec2] }
    actions:
      - action: ec2.start-instance
${extra}`;

  it('at the top of a policy', () => {
    expect(problemsOf(policy('    mdoe: enforce\n'))).toEqual([
      'unknown key "mdoe"; valid keys: name, description, on, filters, actions, mode, limits, verify, escalation',
    ]);
  });

  it('under limits.rate', () => {
    expect(problemsOf(policy('    limits:\n      rate: { max: 5, per: 1h, burst: 2 }\n'))).toEqual([
      'unknown key "burst"; valid keys: max, per',
    ]);
  });

  it('in an action of an escalation step', () => {
    const yaml = policy(
      '    escalation:\n      within: 1h\n      steps:\n        - actions:\n            - action: notify\n              parms: {}\n',
    );
    expect(problemsOf(yaml)).toEqual(['unknown key "parms"; valid keys: action, params']);
  });
});
