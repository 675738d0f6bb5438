/**
 * Amazon EventBridge event patterns: the shape a user writes, and the compiled form the matcher runs.
 * Semantics follow the EventBridge user guide ("Creating event patterns", "Comparison operators") and
 * the aws/event-ruler library that implements them.
 */

export type JsonPrimitive = string | number | boolean | null;

/** `{ "equals-ignore-case": "..." }`, the only object `prefix` and `suffix` accept. */
export interface IgnoreCaseOperand {
  'equals-ignore-case': string;
}

export type AnythingButOperand =
  | string
  | number
  | readonly string[]
  | readonly number[]
  | { prefix: string | readonly string[] }
  | { suffix: string | readonly string[] }
  | { 'equals-ignore-case': string | readonly string[] }
  | { wildcard: string | readonly string[] };

/** One element of a leaf array that is an object: exactly one comparison operator. */
export type OperatorObject =
  | { prefix: string | IgnoreCaseOperand }
  | { suffix: string | IgnoreCaseOperand }
  | { 'equals-ignore-case': string }
  | { wildcard: string }
  | { 'anything-but': AnythingButOperand }
  | { numeric: readonly (string | number)[] }
  | { exists: boolean }
  | { cidr: string };

export type PatternValue = JsonPrimitive | OperatorObject;

/**
 * An event pattern as written: fields hold arrays of values (any of them may match), nested
 * patterns, or, under the key `$or`, a list of alternative patterns.
 */
export interface EventPattern {
  readonly [field: string]: readonly PatternValue[] | EventPattern | readonly EventPattern[];
}

/** A path into a pattern or an event: object keys and array indexes. */
export type PathSegment = string | number;

/** One thing wrong with a pattern; `pathText` reads like `detail.state[0]`. */
export interface PatternProblem {
  path: PathSegment[];
  pathText: string;
  message: string;
}

/** Inclusive or exclusive end of a numeric range. */
export interface NumericBound {
  value: number;
  inclusive: boolean;
}

/** An IP network: `bytes` already masked to `prefixLength` bits. */
export interface IpNetwork {
  bytes: Uint8Array;
  prefixLength: number;
}

interface MatcherBase {
  /** How the operand reads in explanations, e.g. `anything-but ["running"]`. */
  display: string;
}

/** A compiled comparison against one leaf value of the event; everything is precomputed. */
export type Matcher =
  | (MatcherBase & { kind: 'exact'; value: JsonPrimitive })
  | (MatcherBase & { kind: 'prefix'; value: string; ignoreCase: boolean })
  | (MatcherBase & { kind: 'suffix'; value: string; ignoreCase: boolean })
  | (MatcherBase & { kind: 'equals-ignore-case'; lowerCase: string })
  | (MatcherBase & { kind: 'wildcard'; segments: readonly string[] })
  | (MatcherBase & { kind: 'numeric'; lower?: NumericBound; upper?: NumericBound })
  | (MatcherBase & { kind: 'cidr'; network: IpNetwork })
  | (MatcherBase & { kind: 'exists'; exists: boolean })
  /** Matches a present leaf value that none of `excluded` matches. */
  | (MatcherBase & { kind: 'anything-but'; excluded: readonly ValueMatcher[] });

/** Matchers that test one value on their own (exists needs the whole field, anything-but wraps these). */
export type ValueMatcher = Exclude<Matcher, { kind: 'exists' } | { kind: 'anything-but' }>;

/** All the values written for one field: the field matches if any matcher does. */
export interface LeafCondition {
  path: readonly string[];
  pathText: string;
  matchers: readonly Matcher[];
  /** The matchers together, e.g. `"running"` or `any of "running", prefix "stop"`. */
  display: string;
  /** Precomputed from `matchers` for the matching hot path (see value-test.ts). */
  test: CompiledTest;
}

/** A leaf condition's matchers folded into one predicate plus the two `exists` flags. */
export interface CompiledTest {
  /** Whether one leaf value satisfies any matcher other than `exists`. */
  readonly anyValue: (value: JsonPrimitive) => boolean;
  /** False when every matcher is an `exists` (or there are none): `anyValue` then never holds. */
  readonly hasValueMatchers: boolean;
  /** Some matcher is `exists: true`: any leaf value satisfies the condition. */
  readonly existsTrue: boolean;
  /** Some matcher is `exists: false`: no leaf value (here and anywhere in the event) satisfies it. */
  readonly existsFalse: boolean;
}

/** The conditions of one branch arranged by path, so fields under one event array are checked together. */
export interface ConditionNode {
  conditions: readonly LeafCondition[];
  /** The keys below this node and, at the same index, their nodes (parallel arrays, for fast loops). */
  childKeys: readonly string[];
  childNodes: readonly ConditionNode[];
}

/**
 * One alternative of the pattern once every `$or` is expanded (as EventBridge does): the event
 * matches the branch when it satisfies every condition.
 */
export interface PatternBranch {
  conditions: readonly LeafCondition[];
  root: ConditionNode;
}

/** A validated pattern ready to match: it matches when any branch does. */
export interface CompiledPattern {
  readonly kind: 'compiled-event-pattern';
  readonly source: unknown;
  readonly branches: readonly PatternBranch[];
}
