import type { z } from 'zod';

type AnySchema = z.core.$ZodType;

/** The schema itself, through the wrappers that do not change its shape (optional, default, pipes…). */
function unwrap(schema: AnySchema): AnySchema {
  const def = schema._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'nonoptional':
    case 'readonly':
    case 'catch':
      return unwrap(def.innerType as AnySchema);
    case 'pipe':
      return unwrap(def.in as AnySchema);
    case 'lazy':
      return unwrap((def.getter as () => AnySchema)());
    default:
      return schema;
  }
}

function shapeOf(schema: AnySchema): Record<string, AnySchema> | undefined {
  const def = schema._zod.def as unknown as { type: string; shape?: Record<string, AnySchema> };
  return def.type === 'object' ? def.shape : undefined;
}

/** The schemas a value at `path` below `schema` may be checked by (several under a union). */
function schemasAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema[] {
  const here = unwrap(schema);
  const def = here._zod.def as unknown as Record<string, unknown> & { type: string };
  if (def.type === 'union') return (def.options as AnySchema[]).flatMap((option) => schemasAt(option, path));
  if (path.length === 0) return [here];
  const [segment, ...rest] = path;
  switch (def.type) {
    case 'object': {
      const child = shapeOf(here)?.[String(segment)];
      return child === undefined ? [] : schemasAt(child, rest);
    }
    case 'array':
      return schemasAt(def.element as AnySchema, rest);
    case 'record':
      return schemasAt(def.valueType as AnySchema, rest);
    case 'tuple': {
      const item = (def.items as AnySchema[])[Number(segment)];
      return item === undefined ? [] : schemasAt(item, rest);
    }
    default:
      return [];
  }
}

/**
 * The keys an object at `path` may have, read from the schema itself (so an error about an unknown
 * key under `limits.rate` lists `max, per`, not the policy's keys). Under a union, the keys of every
 * object it allows there; empty when the path leads to no object.
 */
export function validKeysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  const keys = new Set<string>();
  for (const candidate of schemasAt(schema, path)) {
    for (const key of Object.keys(shapeOf(candidate) ?? {})) keys.add(key);
  }
  return [...keys];
}
