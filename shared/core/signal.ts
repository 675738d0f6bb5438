/** What kind of entry point produced a signal. */
export type SignalKind = 'alarm' | 'event' | 'alert' | 'chat' | 'schedule';

/**
 * A resource a signal is about, in Reflex's own vocabulary, so that actions can find their
 * targets without knowing which AWS payload the signal came from.
 */
export interface ResourceRef {
  /** `<service>:<resource>`, e.g. `ec2:instance`, `autoscaling:group`, `cloudwatch:alarm`. */
  type: string;
  /** The id the service's API takes (instance id, group name, alarm name...). */
  id: string;
  arn?: string;
}

/**
 * A normalized trigger. `source`, `type` (the EventBridge detail-type) and `detail` are kept in the
 * EventBridge shape so that one policy pattern matches a payload whichever way it was delivered
 * (an alarm through EventBridge or through SNS gives the same signal).
 */
export interface Signal {
  id: string;
  kind: SignalKind;
  source: string;
  type: string;
  resources: ResourceRef[];
  account: string;
  region: string;
  time: string;
  detail: Record<string, unknown>;
  raw: unknown;
}

/** The EventBridge event a policy pattern is matched against. */
export interface MatchableEvent {
  version: string;
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export function toMatchableEvent(signal: Signal): MatchableEvent {
  return {
    version: '0',
    id: signal.id,
    'detail-type': signal.type,
    source: signal.source,
    account: signal.account,
    time: signal.time,
    region: signal.region,
    resources: signal.resources.map((resource) => resource.arn ?? resource.id),
    detail: signal.detail,
  };
}
