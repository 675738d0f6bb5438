export {
  compilePattern,
  isCompiledPattern,
  type PatternInput,
  toCompiledPattern,
} from './compile-pattern.ts';
export { type ExplainLine, type Explanation, explainMatch, formatExplanation } from './explain.ts';
export { formatPatternProblem, InvalidPatternError } from './invalid-pattern-error.ts';
export { matchesPattern } from './match-event.ts';
export { OPERATORS, type OperatorName } from './operators.ts';
export { type PatternEntry, PatternIndex } from './pattern-index.ts';
export type {
  CompiledPattern,
  EventPattern,
  JsonPrimitive,
  OperatorObject,
  PathSegment,
  PatternProblem,
  PatternValue,
} from './types.ts';
export { validatePattern } from './validate-pattern.ts';
