import type { z } from 'zod';
import { placementProblem } from '../core/placement.ts';
import { type ParseResult, reject } from '../core/rejection.ts';
import type { Signal } from '../core/signal.ts';
import { formatZodError } from '../errors/format-zod-error.ts';

/** What a source file writes: the schema of one payload type and how it becomes a signal. */
export interface SignalParserDefinition<S extends z.ZodType> {
  /** Stable name, reported in rejections and logs. */
  name: string;
  /** The EventBridge `source` and `detail-type` of the signals it produces. */
  source: string;
  detailType: string;
  /** Validates the whole payload; must reject wrong types on every field `normalize` reads. */
  schema: S;
  /**
   * Pure mapping from a validated payload to a signal; it may trust the schema and never throws.
   * `raw` is the input as received (the schema strips or converts fields), for `Signal.raw`.
   */
  normalize: (parsed: z.output<S>, raw: unknown) => Signal;
}

/** The type-erased face of a parser, which is what a registry holds and callers run. */
export interface AnySignalParser {
  readonly name: string;
  readonly source: string;
  readonly detailType: string;
  readonly schema: z.ZodType;
  /** Validates then normalizes; an invalid payload is a `malformed` rejection, never an exception. */
  parse(input: unknown, pathPrefix?: readonly PropertyKey[]): ParseResult<Signal>;
}

export type SignalParser<S extends z.ZodType> = SignalParserDefinition<S> & AnySignalParser;

export function defineSignalParser<S extends z.ZodType>(
  definition: SignalParserDefinition<S>,
): SignalParser<S> {
  return {
    ...definition,
    parse(input, pathPrefix = []) {
      const result = definition.schema.safeParse(input, { reportInput: true });
      if (!result.success) {
        return reject('malformed', formatZodError(result.error, { pathPrefix }), definition.name);
      }
      // A throwing normalizer is a bug (its schema lets through something it cannot handle); it
      // still must not take the batch down with it, and the fuzz tests look for this reason.
      let signal: Signal;
      try {
        signal = definition.normalize(result.data, input);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return reject('malformed', `normalizer failed: ${message}`, definition.name);
      }
      // Reflex acts where the signal says its resources are: a signal that cannot say is refused
      // here, once for every source, rather than acted on in the hub's own account.
      const problem = placementProblem(signal);
      return problem === undefined
        ? { ok: true, value: signal }
        : reject('malformed', `cannot tell where to act: ${problem}`, definition.name);
    },
  };
}
