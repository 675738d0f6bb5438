import { ValidationError } from '../../errors/reflex-errors.ts';
import { shippedChecks } from './catalog.ts';
import type { CheckDefinition } from './check.ts';

export class UnknownCheckError extends ValidationError {
  override name = 'UnknownCheckError';
}

/** Checks by name. Unknown names fail listing the valid ones; duplicate names fail at load. */
export class CheckRegistry {
  readonly #checks = new Map<string, CheckDefinition>();

  constructor(checks: readonly CheckDefinition[]) {
    for (const check of checks) {
      if (this.#checks.has(check.name)) throw new Error(`check "${check.name}" is registered twice`);
      this.#checks.set(check.name, check);
    }
  }

  get(name: string): CheckDefinition {
    const check = this.#checks.get(name);
    if (check === undefined)
      throw new UnknownCheckError(`unknown check "${name}"; valid checks: ${this.names().join(', ')}`);
    return check;
  }

  has(name: string): boolean {
    return this.#checks.has(name);
  }

  names(): string[] {
    return [...this.#checks.keys()].sort();
  }

  all(): CheckDefinition[] {
    return [...this.#checks.values()];
  }
}

export const checkRegistry = new CheckRegistry(shippedChecks);
