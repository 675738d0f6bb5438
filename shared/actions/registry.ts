import { ValidationError } from '../errors/reflex-errors.ts';
import type { ActionDefinition } from './action.ts';
import { shippedActions } from './catalog.ts';

export class UnknownActionError extends ValidationError {
  override name = 'UnknownActionError';
}

/** Actions by name. Unknown names fail listing the valid ones; duplicate names fail at build. */
export class ActionRegistry {
  readonly #actions = new Map<string, ActionDefinition>();

  constructor(actions: readonly ActionDefinition[]) {
    for (const action of actions) {
      if (this.#actions.has(action.name)) throw new Error(`action "${action.name}" is registered twice`);
      this.#actions.set(action.name, action);
    }
  }

  get(name: string): ActionDefinition {
    const action = this.#actions.get(name);
    if (action === undefined) {
      throw new UnknownActionError(`unknown action "${name}"; valid actions: ${this.names().join(', ')}`);
    }
    return action;
  }

  has(name: string): boolean {
    return this.#actions.has(name);
  }

  names(): string[] {
    return [...this.#actions.keys()].sort();
  }

  all(): ActionDefinition[] {
    return [...this.#actions.values()];
  }
}

export const actionRegistry = new ActionRegistry(shippedActions);
