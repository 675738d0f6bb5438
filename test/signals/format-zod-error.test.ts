import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeValue, formatPath, formatZodError } from '../../shared/signals/format-zod-error.ts';

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
