import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/** A non-blank line of an events file; `lineNumber` counts every line from 1, blank ones too. */
export interface EventLine {
  lineNumber: number;
  text: string;
}

export interface EventLines {
  lines: AsyncIterable<EventLine>;
  /** Bytes read from the file so far (read-ahead included), for progress. */
  bytesRead(): number;
}

/** Large chunks: fewer reads and fewer readline wake-ups on files of millions of lines. */
const CHUNK_BYTES = 1 << 20;

/**
 * Streams a JSON Lines file line by line, so a file of any size costs one line of memory.
 * Blank (whitespace-only) lines are skipped; a byte order mark on the first line is dropped.
 */
export function readEventLines(path: string): EventLines {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK_BYTES });
  async function* lines(): AsyncGenerator<EventLine> {
    const reader = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
    let lineNumber = 0;
    try {
      for await (const raw of reader) {
        lineNumber++;
        const text = lineNumber === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
        if (text.length === 0 || !/\S/.test(text)) continue;
        yield { lineNumber, text };
      }
    } finally {
      reader.close();
      stream.destroy();
    }
  }
  return { lines: lines(), bytesRead: () => stream.bytesRead };
}
