import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  explainMatch,
  formatExplanation,
  InvalidPatternError,
  matchesPattern,
} from '../../../shared/policies/pattern/index.ts';
import { ec2TerminatedEvent, employeesEvent, rulerExampleEvent } from './doc-examples.ts';

describe('explainMatch', () => {
  it('says which condition failed and what the event held', () => {
    // Prepare
    const pattern = { source: ['aws.ec2'], detail: { state: [{ 'anything-but': ['running'] }] } };
    const event = { source: 'aws.ec2', detail: { state: 'running' } };

    // Act
    const explanation = explainMatch(pattern, event);

    // Assess
    expect(explanation.matched).toBe(false);
    expect(explanation.reasons).toEqual([
      {
        branch: 1,
        path: 'source',
        condition: '"aws.ec2"',
        matched: true,
        eventValue: 'aws.ec2',
        message: 'source: event value "aws.ec2" satisfies "aws.ec2"',
      },
      {
        branch: 1,
        path: 'detail.state',
        condition: 'anything-but ["running"]',
        matched: false,
        eventValue: 'running',
        message: 'detail.state: event value "running" does not satisfy anything-but ["running"]',
      },
    ]);
  });

  it('reports a field missing from the event', () => {
    // Prepare
    const pattern = { detail: { 'instance-id': ['i-123'] } };

    // Act
    const explanation = explainMatch(pattern, { detail: {} });

    // Assess
    expect(explanation.reasons.map((line) => line.message)).toEqual([
      'detail.instance-id: field is missing from the event; expected "i-123"',
    ]);
    expect(explanation.reasons[0]).not.toHaveProperty('eventValue');
  });

  it('lists which condition matched each field of a matching event', () => {
    // Prepare
    const pattern = {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: ['stopped', { 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'source-ip': [{ cidr: '10.0.0.0/8' }],
        flag: [{ exists: false }],
      },
    };

    // Act
    const explanation = explainMatch(pattern, rulerExampleEvent());

    // Assess
    expect(explanation.matched).toBe(true);
    expect(explanation.reasons.map((line) => line.message)).toEqual([
      'time: event value "2017-10-02T16:24:49Z" satisfies prefix "2017-10-02"',
      'detail.state: event value "running" satisfies anything-but "initializing"',
      'detail.c-count: event value 5 satisfies numeric [">",0,"<=",5]',
      'detail.source-ip: event value "10.0.0.33" satisfies cidr "10.0.0.0/8"',
      'detail.flag: field is absent, which satisfies exists false',
    ]);
  });

  it('shows every value tried, and every alternative, when an array field does not match', () => {
    // Prepare
    const pattern = { resources: ['arn:a', { prefix: 'arn:b' }] };

    // Act
    const explanation = explainMatch(pattern, { resources: ['arn:c', 'arn:d'] });

    // Assess
    expect(explanation.reasons.map((line) => line.message)).toEqual([
      'resources: event value ["arn:c","arn:d"] does not satisfy any of "arn:a", prefix "arn:b"',
    ]);
  });

  it('explains exists on intermediate nodes and present fields', () => {
    // Prepare
    const pattern = { detail: { 'c-count': [{ exists: true }], state: [{ exists: false }] } };
    const event = { detail: { 'c-count': { c1: 100 }, state: 'running' } };

    // Act
    const explanation = explainMatch(pattern, event);

    // Assess
    expect(explanation.reasons.map((line) => line.message)).toEqual([
      'detail.c-count: event value {"c1":100} is not a leaf value (string, number, boolean or null); expected exists true',
      'detail.state: field is present (event value "running"), but exists false requires it to be absent',
    ]);
  });

  it('explains each branch of an $or', () => {
    // Prepare
    const pattern = {
      source: ['aws.ec2'],
      $or: [{ detail: { state: ['stopped'] } }, { region: ['us-west-1'] }],
    };

    // Act
    const explanation = explainMatch(pattern, ec2TerminatedEvent());

    // Assess
    expect(explanation.matched).toBe(true);
    expect(explanation.matchedBranches).toEqual([2]);
    expect(formatExplanation(explanation)).toEqual([
      'branch 1 of 2 ($or): does not match',
      '  ✓ source: event value "aws.ec2" satisfies "aws.ec2"',
      '  ✗ detail.state: event value "terminated" does not satisfy "stopped"',
      'branch 2 of 2 ($or): matches',
      '  ✓ source: event value "aws.ec2" satisfies "aws.ec2"',
      '  ✓ region: event value "us-west-1" satisfies "us-west-1"',
    ]);
  });

  it('explains a failure caused by fields matching in different array elements', () => {
    // Prepare
    const pattern = { employees: { firstName: ['Anna'], lastName: ['Jones'] } };

    // Act
    const explanation = explainMatch(pattern, employeesEvent());

    // Assess
    expect(explanation.matched).toBe(false);
    expect(explanation.reasons.map((line) => line.matched)).toEqual([true, true, false]);
    expect(explanation.reasons[2]?.path).toBe('employees');
    expect(explanation.reasons[2]?.message).toContain(
      'no single element of the event array satisfies all of them',
    );
  });

  it('says an empty value list can never match', () => {
    // Prepare
    const pattern = { source: [] };

    // Act
    const explanation = explainMatch(pattern, { source: 'aws.ec2' });

    // Assess
    expect(explanation.reasons.map((line) => line.message)).toEqual([
      'source: the pattern lists no values ([]), so no event can match',
    ]);
  });

  it('agrees with matchesPattern, and accepts a compiled pattern', () => {
    // Prepare
    const compiled = compilePattern({ detail: { state: [{ 'anything-but': { prefix: 'init' } }] } });
    const events = [{ detail: { state: 'initializing' } }, { detail: { state: 'running' } }, {}];

    // Act
    const verdicts = events.map((event) => [
      explainMatch(compiled, event).matched,
      matchesPattern(compiled, event),
    ]);

    // Assess
    expect(verdicts).toEqual([
      [false, false],
      [true, true],
      [false, false],
    ]);
  });

  it('rejects an invalid raw pattern', () => {
    // Prepare
    const pattern = { source: [{ prefx: 'aws.' }] };

    // Act
    const explain = () => explainMatch(pattern, {});

    // Assess
    expect(explain).toThrow(InvalidPatternError);
  });
});
