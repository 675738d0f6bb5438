import type { PatternProblem } from './types.ts';

/** `detail.state[0]: unknown operator "prefx"; valid operators: ...` (the root reads `pattern`). */
export function formatPatternProblem(problem: PatternProblem): string {
  return `${problem.pathText || 'pattern'}: ${problem.message}`;
}

/** Thrown by `compilePattern` for a pattern that `validatePattern` rejects; carries every problem. */
export class InvalidPatternError extends Error {
  override name = 'InvalidPatternError';
  readonly problems: readonly PatternProblem[];

  constructor(problems: readonly PatternProblem[]) {
    super(
      `invalid event pattern:\n${problems.map((problem) => `  ${formatPatternProblem(problem)}`).join('\n')}`,
    );
    this.problems = problems;
  }
}
