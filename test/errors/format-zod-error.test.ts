import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  describeValue,
  formatIssueMessages,
  formatPath,
  formatZodError,
  invalidParameters,
} from '../../shared/errors/format-zod-error.ts';

function reasonFor(schema: z.ZodType, input: unknown, pathPrefix: PropertyKey[] = []): string {
  const result = schema.safeParse(input, { reportInput: true });
  if (result.success) throw new Error('expected the input to be invalid');
  return formatZodError(result.error, { pathPrefix });
}

describe('formatZodError', () => {
  it('writes paths the way a reader would type them', () => {
    expect(formatPath(['Records', 0, 'Sns', 'Message'])).toBe('Records[0].Sns.Message');
    expect(formatPath(['detail', 'instance-id'])).toBe('detail.instance-id');
    expect(formatPath([])).toBe('(root)');
  });

  it('prefixes the path of the value inside its payload', () => {
    const reason = reasonFor(z.object({ id: z.string() }), { id: 7 }, ['Records', 3]);

    expect(reason).toBe('Records[3].id: expected string, got number 7');
  });

  it('says a required field is missing rather than "undefined"', () => {
    expect(reasonFor(z.object({ detail: z.record(z.string(), z.unknown()) }), {})).toBe(
      'detail: required object is missing',
    );
  });

  it('explains a failed pattern with the pattern', () => {
    expect(reasonFor(z.object({ id: z.string().regex(/^i-[0-9a-f]+$/) }), { id: 'vol-1' })).toBe(
      'id: expected to match /^i-[0-9a-f]+$/, got "vol-1"',
    );
  });

  it('reports the union branch that got furthest, not "invalid input"', () => {
    const schema = z.union([z.string(), z.object({ state: z.object({ value: z.enum(['OK', 'ALARM']) }) })]);

    expect(reasonFor(schema, { state: { value: 'NOPE' } })).toBe(
      'state.value: expected one of OK|ALARM, got "NOPE"',
    );
  });

  it('never quotes a whole payload back', () => {
    const described = describeValue('x'.repeat(10_000));

    expect(described.length).toBeLessThan(100);
    expect(described).toMatch(/\(a string\)$/);
  });
});

function errorOf(schema: z.ZodType, input: unknown): z.ZodError {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be invalid');
  return result.error;
}

describe('invalidParameters', () => {
  const params = z.strictObject({ instanceIds: z.array(z.string().min(3)).min(1) });

  it('names the action or check, then the first issue by its path', () => {
    // Prepare
    const error = errorOf(params, { instanceIds: ['i-1', 'x'] });
    // Act
    const reason = invalidParameters(error, 'ec2.stop-instance');
    // Assess
    expect(reason).toBe(
      'invalid parameters for ec2.stop-instance: instanceIds[1]: Too small: expected string to have >=3 characters',
    );
  });

  it('leaves the name out when the caller already names the action, and calls an empty path (root)', () => {
    // Prepare
    const error = errorOf(params, 'not an object');
    // Act
    const reason = invalidParameters(error);
    // Assess
    expect(reason).toBe('invalid parameters: (root): Invalid input: expected object, received string');
  });
});

describe('formatIssueMessages', () => {
  it('lists every issue with its path and never the received value', () => {
    // Prepare
    const schema = z.object({ Step: z.enum(['createSecret', 'setSecret']), SecretId: z.string() });
    const error = errorOf(schema, { Step: 'hunter2', SecretId: 7 });
    // Act
    const text = formatIssueMessages(error);
    // Assess
    expect(text).toBe(
      'Step: Invalid option: expected one of "createSecret"|"setSecret"; SecretId: Invalid input: expected string, received number',
    );
    expect(text).not.toContain('hunter2');
  });
});
