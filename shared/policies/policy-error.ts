/** One problem in a policy file, located precisely enough for an editor to jump to it. */
export interface PolicyProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

export function formatProblem(problem: PolicyProblem): string {
  return `${problem.file}:${problem.line}:${problem.column}: ${problem.message}`;
}

export class PolicyValidationError extends Error {
  override name = 'PolicyValidationError';
  readonly problems: PolicyProblem[];

  constructor(problems: PolicyProblem[]) {
    super(`${problems.length} problem(s) in policies:\n${problems.map(formatProblem).join('\n')}`);
    this.problems = problems;
  }
}
