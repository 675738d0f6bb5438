import { vi } from 'vitest';
import { logger } from '../../shared/runtime/observability.ts';

export interface CapturedLogs {
  /** Everything written, as one text. */
  text(): string;
  /** The JSON lines the Powertools logger wrote. */
  lines(): Record<string, unknown>[];
  /** Stops capturing and puts the logger back to its level (SILENT in tests, see vitest.config.ts). */
  restore(): void;
}

/**
 * For a test that asserts on logs: the logger is silent in tests (POWERTOOLS_LOG_LEVEL), so this
 * turns it up to DEBUG and keeps what it writes to stdout and stderr, and what goes through console
 * (which vitest reroutes past the streams), instead of printing it.
 */
export function captureLogs(): CapturedLogs {
  const chunks: string[] = [];
  const level = logger.getLevelName();
  logger.setLogLevel('DEBUG');
  const spies = [
    // The middleware's injectLambdaContext puts the logger back to the level it was built with
    // (SILENT) on every warm invocation, through the debug-sampling refresh; sampling is off in
    // tests, so holding that refresh keeps the raised level without changing anything else.
    vi.spyOn(logger, 'refreshSampleRateCalculation').mockImplementation(() => {}),
    ...[process.stdout, process.stderr].map((stream) =>
      vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
        chunks.push(chunk.toString());
        return true;
      }),
    ),
    ...(['log', 'info', 'warn', 'error', 'debug'] as const).map((method) =>
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        chunks.push(
          `${args.map((arg) => (typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' ')}\n`,
        );
      }),
    ),
  ];
  const text = () => chunks.join('');
  return {
    text,
    lines: () =>
      text()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    restore() {
      for (const spy of spies) spy.mockRestore();
      logger.setLogLevel(level);
    },
  };
}
