/** What a resource looks like right now, in a line or two; cheap reads only. */
export interface LiveState {
  /** Undefined when the resource type has no cheap live view. */
  describe(target: string): Promise<string | undefined>;
}
