import type { ResourceRef } from './signal.ts';

/** `ec2:instance/i-0123...`: how targets are named in requests, audit records and counters. */
export function resourceKey(resource: Pick<ResourceRef, 'type' | 'id'>): string {
  return `${resource.type}/${resource.id}`;
}

/** The inverse of `resourceKey`: `ec2:instance/i-0123` → `{ type: 'ec2:instance', id: 'i-0123' }`. */
export function parseResourceKey(key: string): Pick<ResourceRef, 'type' | 'id'> {
  const slash = key.indexOf('/');
  return slash < 0 ? { type: 'unknown', id: key } : { type: key.slice(0, slash), id: key.slice(slash + 1) };
}
