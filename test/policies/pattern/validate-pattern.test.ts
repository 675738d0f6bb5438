import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  formatPatternProblem,
  InvalidPatternError,
  validatePattern,
} from '../../../shared/policies/pattern/index.ts';

/** The problems as `path: message` lines, the way the CLI and policy loader print them. */
function problemsOf(pattern: unknown): string[] {
  return validatePattern(pattern).map(formatPatternProblem);
}

describe('validatePattern', () => {
  it('accepts every operator form shown in the EventBridge guide', () => {
    // Prepare
    const pattern = {
      source: ['aws.ec2', 'aws.fargate'],
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }, null, true, 5, ''],
        list: [{ 'anything-but': ['stopped', 'overloaded'] }, { 'anything-but': [100, 200, 300] }],
        nested: [
          { 'anything-but': { prefix: 'init' } },
          { 'anything-but': { suffix: ['.png', '.jpg'] } },
          { 'anything-but': { 'equals-ignore-case': ['Stopped'] } },
          { 'anything-but': { wildcard: '*/lib/*' } },
        ],
        service: [
          { prefix: { 'equals-ignore-case': 'eventb' } },
          { suffix: { 'equals-ignore-case': 'tBridge' } },
        ],
        name: [{ 'equals-ignore-case': 'alice' }, { suffix: '.png' }, { wildcard: 'dir/*.png' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }, { numeric: ['=', 3.018e2] }, { numeric: ['<', 10] }],
        ip: [{ cidr: '10.0.0.0/24' }, { cidr: '2001:db8::/32' }],
        flag: [{ exists: false }],
        $or: [{ a: ['1'] }, { b: { c: [{ exists: true }] } }],
      },
    };

    // Act
    const problems = validatePattern(pattern);

    // Assess
    expect(problems).toEqual([]);
  });

  it('names an unknown operator with its path and lists the valid operators', () => {
    // Prepare
    const pattern = { detail: { state: [{ prefx: 'run' }] } };

    // Act
    const problems = validatePattern(pattern);

    // Assess
    expect(problems).toEqual([
      {
        path: ['detail', 'state', 0],
        pathText: 'detail.state[0]',
        message:
          'unknown operator "prefx"; valid operators: prefix, suffix, equals-ignore-case, anything-but, numeric, exists, wildcard, cidr',
      },
    ]);
  });

  it('requires leaves to be arrays, and says how to write a single value', () => {
    // Prepare
    const pattern = { source: 'aws.ec2', detail: { state: 5 } };

    // Act
    const problems = problemsOf(pattern);

    // Assess
    expect(problems).toEqual([
      'source: must be an array of values or an object of fields, got string "aws.ec2" (write ["aws.ec2"])',
      'detail.state: must be an array of values or an object of fields, got number 5',
    ]);
  });

  it('recognises an operator written without its array', () => {
    // Prepare
    const pattern = { detail: { state: { prefix: 'run' } } };

    // Act
    const problems = problemsOf(pattern);

    // Assess
    expect(problems).toEqual([
      'detail.state.prefix: must be an array of values or an object of fields, got string "run"; to use the operator, write "state": [{"prefix": "run"}]',
    ]);
  });

  it('requires numeric operands to be numbers and the range to be well formed', () => {
    // Prepare
    const pattern = {
      a: [{ numeric: ['>', '0'] }],
      b: [{ numeric: ['<', 5, '>', 1] }],
      c: [{ numeric: ['>', 10, '<', 5] }],
      d: [{ numeric: ['!=', 5] }],
      e: [{ numeric: ['>', 6e9] }],
      f: [{ numeric: ['=', 0.1234567] }],
      g: [{ numeric: 5 }],
    };

    // Act
    const problems = problemsOf(pattern);

    // Assess
    expect(problems).toEqual([
      'a[0].numeric: operand 1 must be a number, got "0"',
      'b[0].numeric: expected ["=", n], [">" or ">=", n], ["<" or "<=", n] or [">" or ">=", n, "<" or "<=", n]',
      'c[0].numeric: lower bound 10 must be less than upper bound 5',
      'd[0].numeric: unknown numeric operator "!="; expected ["=", n], [">" or ">=", n], ["<" or "<=", n] or [">" or ">=", n, "<" or "<=", n]',
      'e[0].numeric: operand 1 must be between -5e9 and 5e9, got 6000000000',
      'f[0].numeric: operand 1 must have at most 6 decimal places, got 0.1234567',
      'g[0].numeric: must be an array such as [">", 0, "<=", 5], got number 5',
    ]);
  });

  it('checks the operands of prefix, suffix, equals-ignore-case, exists, wildcard and cidr', () => {
    // Prepare
    const pattern = {
      a: [{ prefix: 5 }],
      b: [{ suffix: { 'equals-ignore-cas': 'x' } }],
      c: [{ 'equals-ignore-case': ['x'] }],
      d: [{ exists: 'true' }],
      e: [{ wildcard: 'a**b' }, { wildcard: 'a\\b' }],
      f: [{ cidr: '10.0.0.0' }, { cidr: '10.0.0.0/33' }, { cidr: 'fe80::/129' }, { cidr: 'host/8' }],
    };

    // Act
    const problems = problemsOf(pattern);

    // Assess
    expect(problems).toEqual([
      'a[0].prefix: must be a string or {"equals-ignore-case": "..."}, got number 5',
      'b[0].suffix: must be a string or {"equals-ignore-case": "..."}, got an object with keys equals-ignore-cas',
      'c[0].equals-ignore-case: must be a string, got an array',
      'd[0].exists: must be true or false, got string "true"',
      'e[0].wildcard: consecutive wildcard characters at position 1',
      'e[1].wildcard: invalid escape at position 1: only \\* and \\\\ are allowed',
      'f[0].cidr: must look like "10.0.0.0/24"',
      'f[1].cidr: prefix length must be an integer from 0 to 32, got "33"',
      'f[2].cidr: prefix length must be an integer from 0 to 128, got "129"',
      'f[3].cidr: "host" is not an IPv4 or IPv6 address',
    ]);
  });

  it('checks anything-but: no mixed lists, no null or booleans, no empty prefix, one nested operator', () => {
    // Prepare
    const pattern = {
      a: [{ 'anything-but': ['x', 1] }],
      b: [{ 'anything-but': null }],
      c: [{ 'anything-but': [] }],
      d: [{ 'anything-but': { prefix: '' } }],
      e: [{ 'anything-but': { prefix: 'a', suffix: 'b' } }],
      f: [{ 'anything-but': { numeric: ['>', 1] } }],
      g: [{ 'anything-but': { wildcard: ['ok*', 'bad**'] } }],
      h: [{ 'anything-but': { 'equals-ignore-case': [1] } }],
    };

    // Act
    const problems = problemsOf(pattern);

    // Assess
    expect(problems).toEqual([
      'a[0].anything-but: a list must hold only strings or only numbers',
      'b[0].anything-but: must be a string, a number, a list of either, or an object; got null',
      'c[0].anything-but: must not be an empty list',
      'd[0].anything-but.prefix: an empty prefix is not allowed here',
      'e[0].anything-but: must hold exactly one of prefix, suffix, equals-ignore-case, wildcard; got prefix, suffix',
      'f[0].anything-but: must hold exactly one of prefix, suffix, equals-ignore-case, wildcard; got numeric',
      'g[0].anything-but.wildcard[1]: consecutive wildcard characters at position 3',
      'h[0].anything-but.equals-ignore-case[0]: must be a string, got number 1',
    ]);
  });

  it('rejects operator objects with no key or two keys, nested arrays and empty objects', () => {
    // Prepare
    const pattern = { a: [{}], b: [{ prefix: 'x', suffix: 'y' }], c: [['x']], d: {} };

    // Act
    const problems = problemsOf(pattern);

    // Assess
    expect(problems).toEqual([
      'a[0]: empty operator object; valid operators: prefix, suffix, equals-ignore-case, anything-but, numeric, exists, wildcard, cidr',
      'b[0]: an operator object holds exactly one operator, got prefix, suffix',
      "c[0]: nested arrays are not allowed; list the values in the field's array",
      'd: empty object; name at least one field to match',
    ]);
  });

  it('checks $or: an array of at least two objects, with no operator used as a field name', () => {
    // Prepare
    const pattern = {
      a: { $or: [{ x: ['1'] }] },
      b: { $or: { x: ['1'] } },
      c: { $or: [{ x: ['1'] }, 'y'] },
      d: { $or: [{ x: ['1'] }, { prefix: ['y'] }] },
    };

    // Act
    const problems = problemsOf(pattern);

    // Assess
    expect(problems).toEqual([
      'a.$or: must be an array of at least 2 alternative patterns, got 1',
      'b.$or: must be an array of at least 2 alternative patterns, got an object',
      'c.$or[1]: must be an object, got string "y"',
      'd.$or[1].prefix: "prefix" is an operator, not a field name; write it inside a field\'s array: "field": [{"prefix": ...}]',
    ]);
  });

  it('requires the pattern itself to be an object', () => {
    // Prepare
    const inputs = [null, ['aws.ec2'], 'aws.ec2', {}];

    // Act
    const problems = inputs.map(problemsOf);

    // Assess
    expect(problems).toEqual([
      ['pattern: an event pattern must be a JSON object, got null'],
      ['pattern: an event pattern must be a JSON object, got an array'],
      ['pattern: an event pattern must be a JSON object, got string "aws.ec2"'],
      ['pattern: empty object; name at least one field to match'],
    ]);
  });

  it('accepts an empty value list (it matches nothing)', () => {
    // Prepare
    const pattern = { source: [] };

    // Act
    const problems = validatePattern(pattern);

    // Assess
    expect(problems).toEqual([]);
  });

  it('rejects patterns whose $or combinations explode', () => {
    // Prepare
    const pair = { $or: [{ a: ['1'] }, { b: ['2'] }] };
    const pattern = Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`f${index}`, pair]));

    // Act
    const problems = problemsOf(pattern);

    // Assess
    expect(problems).toEqual([
      'pattern: the pattern expands into 2048 alternatives through $or; at most 1024 are supported',
    ]);
  });
});

describe('compilePattern', () => {
  it('throws InvalidPatternError carrying every problem', () => {
    // Prepare
    const pattern = { source: 'aws.ec2', detail: { state: [{ prefx: 'x' }] } };

    // Act
    const thrown = (() => {
      try {
        compilePattern(pattern);
        return undefined;
      } catch (error) {
        return error;
      }
    })();

    // Assess
    expect(thrown).toBeInstanceOf(InvalidPatternError);
    expect((thrown as InvalidPatternError).problems.map((problem) => problem.pathText)).toEqual([
      'source',
      'detail.state[0]',
    ]);
    expect((thrown as InvalidPatternError).message).toContain('detail.state[0]: unknown operator "prefx"');
  });
});
