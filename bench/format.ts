/** Plain-text tables and number formats for the bench's printed report. */

/** The first `textColumns` columns align left, the figures after them right. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  textColumns = 1,
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return column < textColumns ? cell.padEnd(width) : cell.padStart(width);
      })
      .join('  ')
      .trimEnd();
  return [line(headers), widths.map((width) => '─'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

/** 1234567 → "1.23 M", 45678 → "45.7 k", 44 → "44". */
export function rate(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (value >= 1e4) return `${(value / 1e3).toFixed(0)} k`;
  if (value >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(0);
}

/** A median with ± half the range of its samples, relative to the median. */
export function withSpread(text: string, spread: number): string {
  return `${text} ±${Math.round((spread * 100) / 2)}%`;
}

export function kilobytes(bytes: number): string {
  return `${(bytes / 1000).toFixed(0)} kB`;
}

export function milliseconds(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(0)} ms` : '—';
}

export function verdict(pass: boolean | undefined): string {
  if (pass === undefined) return 'n/a';
  return pass ? 'PASS' : 'FAIL';
}
