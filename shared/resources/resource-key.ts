import type { ResourceRef } from '../signals/signal.ts';

/** `ec2:instance/i-0123...`: how targets are named in requests, audit records and counters. */
export function resourceKey(resource: Pick<ResourceRef, 'type' | 'id'>): string {
  return `${resource.type}/${resource.id}`;
}
