/**
 * What one `PatternIndex.match` call works on, reused from call to call: every array is stamped
 * with the call's generation, so nothing is cleared or allocated per event.
 */
export class MatchState {
  generation = 0;
  busy = false;
  /** Per path node: the generation it was resolved in, its value, and whether an array lies above it. */
  readonly nodeStamp: Int32Array;
  readonly nodeValue: unknown[];
  readonly nodeUnderArray: Uint8Array;
  /** Per branch: the generation it became a candidate in; the candidates of this call in filing order. */
  readonly branchStamp: Int32Array;
  readonly candidates: Int32Array;
  candidateCount = 0;
  /** Per pattern: the generation it matched in; the matching positions of this call. */
  readonly positionStamp: Int32Array;
  readonly matched: Int32Array;
  matchedCount = 0;

  constructor(nodes: number, branches: number, positions: number) {
    this.nodeStamp = new Int32Array(nodes);
    this.nodeValue = new Array<unknown>(nodes).fill(undefined);
    this.nodeUnderArray = new Uint8Array(nodes);
    this.branchStamp = new Int32Array(branches);
    this.candidates = new Int32Array(branches);
    this.positionStamp = new Int32Array(positions);
    this.matched = new Int32Array(positions);
  }

  start(event: unknown): number {
    if (this.generation === 0x7fffffff) {
      this.generation = 0;
      this.nodeStamp.fill(0);
      this.branchStamp.fill(0);
      this.positionStamp.fill(0);
    }
    const generation = ++this.generation;
    this.nodeStamp[0] = generation;
    this.nodeValue[0] = event;
    this.nodeUnderArray[0] = 0;
    this.candidateCount = 0;
    this.matchedCount = 0;
    return generation;
  }

  /** Adds branches to this call's candidates, each once. */
  addCandidates(ids: readonly number[]): void {
    const generation = this.generation;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (this.branchStamp[id] !== generation) {
        this.branchStamp[id] = generation;
        this.candidates[this.candidateCount++] = id;
      }
    }
  }

  /** Puts the matched positions in pattern order (insertion sort for the usual few). */
  sortMatched(): void {
    const positions = this.matched;
    const count = this.matchedCount;
    if (count > 16) {
      positions.subarray(0, count).sort();
      return;
    }
    for (let i = 1; i < count; i++) {
      const position = positions[i] as number;
      let j = i - 1;
      while (j >= 0 && (positions[j] as number) > position) {
        positions[j + 1] = positions[j] as number;
        j--;
      }
      positions[j + 1] = position;
    }
  }
}
