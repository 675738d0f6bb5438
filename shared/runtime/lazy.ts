/** Builds a value on first use: importing a handler has no side effects, invoking it does. */
export function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= build();
    return value;
  };
}
