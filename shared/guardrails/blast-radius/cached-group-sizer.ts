import type { GroupSizer } from '../../core/group-sizer.ts';

export interface GroupSizeCacheOptions {
  ttlMs?: number;
  now?: () => Date;
}

/**
 * Remembers sizes for a short while: a burst of 500 requests against one group costs one Describe
 * call, not 500. Concurrent lookups share the pending call; a failed lookup is not remembered.
 */
export function cachedGroupSizer(sizer: GroupSizer, options: GroupSizeCacheOptions = {}): GroupSizer {
  const ttlMs = options.ttlMs ?? 60_000;
  const now = options.now ?? (() => new Date());
  const cache = new Map<string, { at: number; size: Promise<number> }>();
  return {
    sizeOf(group) {
      const key =
        group.kind === 'tag' ? `tag:${group.key}=${group.value}` : `autoscaling-group:${group.name}`;
      const at = now().getTime();
      const cached = cache.get(key);
      if (cached && at - cached.at < ttlMs) return cached.size;
      const size = sizer.sizeOf(group);
      cache.set(key, { at, size });
      size.catch(() => {
        if (cache.get(key)?.size === size) cache.delete(key);
      });
      return size;
    },
  };
}
