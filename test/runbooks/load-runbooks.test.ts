import { describe, expect, it } from 'vitest';
import { actionRegistry } from '../../shared/actions/registry.ts';
import { parsePolicyText } from '../../shared/policies/load-policies.ts';
import { checkRegistry } from '../../shared/runbooks/checks/check-registry.ts';
import { loadRunbookDirectory, parseRunbookText } from '../../shared/runbooks/load-runbooks.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

const registries = { actions: actionRegistry, checks: checkRegistry };

function problemsOf(yaml: string): string[] {
  return parseRunbookText(yaml, 'rb.yml', registries).problems.map(
    (problem) => `${problem.line}:${problem.column}: ${problem.message}`,
  );
}

const valid = `runbooks:
  - name: tidy
    description: A valid runbook.
    params:
      team: { type: string, default: web }
    steps:
      - name: find
        check: ec2.find-instances
        params: { tags: { team: "{{ params.team }}" } }
      - name: stop
        action: ec2.stop-instance
        forEach: find
        params: { instanceId: "{{ item.instanceId }}" }
    schedules:
      - expression: cron(0 19 ? * MON-FRI *)
        timezone: Europe/Paris
`;

describe('runbook loader', () => {
  it('loads a valid runbook, with a default schedule name', () => {
    // Act
    const { runbooks, problems } = parseRunbookText(valid, 'rb.yml', registries);
    // Assess
    expect(problems).toEqual([]);
    expect(runbooks[0]).toMatchObject({
      name: 'tidy',
      mode: 'dry-run',
      source: { file: 'rb.yml', line: 2 },
      schedules: [{ name: 'tidy-1', timezone: 'Europe/Paris', enabled: true }],
      steps: [{ onFailure: 'stop' }, { onFailure: 'stop', forEach: 'find' }],
    });
  });

  it('points at an unknown key with its line and lists the valid keys', () => {
    expect(problemsOf(valid.replace('forEach: find', 'forEach: find\n        onFailur: stop'))).toEqual([
      '13:9: unknown key "onFailur"; valid keys: name, description, action, check, params, forEach, onFailure, rollback',
    ]);
    expect(
      problemsOf(valid.replace('    params:\n      team', '    parms: {}\n    params:\n      team')),
    ).toEqual([
      '4:5: unknown key "parms"; valid keys: name, description, params, steps, schedules, mode, limits',
    ]);
  });

  it('lists the valid checks, actions and parameters for unknown names', () => {
    expect(problemsOf(valid.replace('ec2.find-instances', 'ec2.find-everything'))[0]).toMatch(
      /^8:16: unknown check "ec2\.find-everything"; valid checks: autoscaling\.find-groups, ec2\.find-instances/,
    );
    expect(problemsOf(valid.replace('ec2.stop-instance', 'ec2.explode'))[0]).toMatch(
      /^11:17: unknown action "ec2\.explode"; valid actions: .*ec2\.stop-instance/,
    );
    expect(problemsOf(valid.replace('{ instanceId:', '{ hurry: true, instanceId:'))).toEqual([
      '13:19: action "ec2.stop-instance" has no parameter "hurry"; valid parameters: instanceId, force',
    ]);
  });

  it('checks templates against the declared params and the items of the forEach check', () => {
    expect(problemsOf(valid.replace('params.team', 'params.tema'))).toEqual([
      '9:25: template {{ params.tema }}: params has no field "tema"; valid: team',
    ]);
    expect(problemsOf(valid.replace('item.instanceId', 'item.id'))).toEqual([
      '13:31: template {{ item.id }}: item has no field "id"; valid: instanceId, state, instanceType, name',
    ]);
    expect(problemsOf(valid.replace('forEach: find', 'forEach: stop'))[0]).toMatch(
      /^12:18: forEach must name an earlier check step; earlier check steps: find/,
    );
  });

  it('locates bad schedules: the expression, the time zone, the params', () => {
    expect(problemsOf(valid.replace('cron(0 19 ? * MON-FRI *)', 'cron(0 19 * * MON-FRI *)'))).toEqual([
      '15:21: "cron(0 19 * * MON-FRI *)": exactly one of day-of-month and day-of-week must be "?" (EventBridge cannot combine them), e.g. cron(0 8 * * ? *) or cron(0 8 ? * MON-FRI *)',
    ]);
    expect(problemsOf(valid.replace('Europe/Paris', 'Europe/Pariss'))[0]).toMatch(
      /^16:19: unknown time zone "Europe\/Pariss"/,
    );
    expect(
      problemsOf(valid.replace('timezone: Europe/Paris', 'timezone: UTC\n        params: { team: 7 }'))[0],
    ).toMatch(
      /^17:17: schedule params: runbook tidy: team must be a string, got 7\. Valid params: team \(string, default "web"\)/,
    );
  });

  it('lets policies and runbooks share a file, each loader reading its own list', () => {
    // Prepare
    const both = `policies:
  - name: p
    on: { source: [aws.ec2] }
    actions: [{ action: notify, params: { message: hi } }]
${valid}`;
    // Act
    const policies = parsePolicyText(both, 'both.yml', actionRegistry);
    const runbooks = parseRunbookText(both, 'both.yml', registries);
    // Assess
    expect(policies.problems).toEqual([]);
    expect(policies.policies.map((p) => p.name)).toEqual(['p']);
    expect(runbooks.problems).toEqual([]);
    expect(runbooks.runbooks.map((r) => r.name)).toEqual(['tidy']);
    expect(parsePolicyText('nothing: here\n', 'x.yml', actionRegistry).problems[0]?.message).toBe(
      'unknown key "nothing"; valid keys: policies, runbooks',
    );
  });

  it('loads the shipped runbooks without a problem', () => {
    // Act
    const { runbooks, problems } = loadRunbookDirectory(
      `${REPOSITORY_ROOT}/policies`,
      registries,
      REPOSITORY_ROOT,
    );
    // Assess
    expect(problems).toEqual([]);
    expect(runbooks.map((runbook) => runbook.name).sort()).toEqual([
      'delete-old-snapshots',
      'office-hours-start',
      'office-hours-stop',
      'redrive-dead-letter-queues',
      'report-idle-resources',
      'rotate-iam-access-keys',
      'scale-group',
    ]);
  });
});
