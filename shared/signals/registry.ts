import { type ParseResult, reject } from '../core/rejection.ts';
import type { AnySignalParser } from './signal-parser.ts';
import { eventBridgeParsers } from './sources/index.ts';

/** A second parser for the same event type would make which one runs an accident of load order. */
export class DuplicateSignalParserError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DuplicateSignalParserError';
  }
}

/** `aws.ec2: EC2 Instance State-change Notification`, the way rejections and listings name a type. */
export function eventTypeLabel(source: string, detailType: string): string {
  return `${source}: ${detailType}`;
}

/** Signal parsers for EventBridge events, keyed by (source, detail-type). */
export class SignalRegistry {
  readonly #parsers = new Map<string, AnySignalParser>();

  register(parser: AnySignalParser): this {
    const key = keyOf(parser.source, parser.detailType);
    const existing = this.#parsers.get(key);
    if (existing !== undefined) {
      throw new DuplicateSignalParserError(
        `parser "${parser.name}" handles ${eventTypeLabel(parser.source, parser.detailType)}, already handled by "${existing.name}"`,
      );
    }
    const sameName = this.list().find((registered) => registered.name === parser.name);
    if (sameName !== undefined) {
      throw new DuplicateSignalParserError(`a parser named "${parser.name}" is already registered`);
    }
    this.#parsers.set(key, parser);
    return this;
  }

  /** The parser for an event type; an unknown type is rejected with the list of known ones. */
  lookup(source: string, detailType: string): ParseResult<AnySignalParser> {
    const parser = this.#parsers.get(keyOf(source, detailType));
    if (parser !== undefined) return { ok: true, value: parser };
    return reject(
      'unknown-type',
      `no signal parser for ${eventTypeLabel(source, detailType)}; known types: ${this.knownTypes().join('; ')}`,
    );
  }

  list(): AnySignalParser[] {
    return [...this.#parsers.values()];
  }

  knownTypes(): string[] {
    return this.list()
      .map((parser) => eventTypeLabel(parser.source, parser.detailType))
      .sort();
  }
}

function keyOf(source: string, detailType: string): string {
  return JSON.stringify([source, detailType]);
}

export function createSignalRegistry(
  parsers: readonly AnySignalParser[] = eventBridgeParsers,
): SignalRegistry {
  const registry = new SignalRegistry();
  for (const parser of parsers) registry.register(parser);
  return registry;
}

/** The registry the trigger functions use, built once per cold start. */
export const defaultSignalRegistry: SignalRegistry = createSignalRegistry();
