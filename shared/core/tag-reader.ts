import type { ResourceRef } from './signal.ts';

export type Tags = Record<string, string>;

/** Live tags of resources, keyed by `resourceKey`. Resources it cannot read are simply absent. */
export interface TagReader {
  tagsOf(resources: readonly ResourceRef[]): Promise<Map<string, Tags>>;
}

/** For planning without AWS (`reflex plan`, unit tests): tags given up front. */
export class StaticTagReader implements TagReader {
  constructor(private readonly tags: Map<string, Tags> = new Map()) {}

  async tagsOf(): Promise<Map<string, Tags>> {
    return this.tags;
  }
}
