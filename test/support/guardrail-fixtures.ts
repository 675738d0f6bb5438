import { actionRegistry } from '../../shared/actions/registry.ts';
import type { ActionRequest } from '../../shared/core/action-request.ts';
import { DEFAULT_LIMITS, type ResolvedLimits } from '../../shared/core/limits.ts';
import type { Notifier } from '../../shared/core/notifier.ts';
import type { Tags } from '../../shared/core/tag-reader.ts';
import type { GuardrailInput } from '../../shared/guardrails/guardrail.ts';
import { requestId } from '../../shared/planner/request-id.ts';

/** A clock the test moves by hand, so cool-offs and lease expiries need no sleeping. */
export interface TestClock {
  now: () => Date;
  advance(ms: number): void;
}

export function testClock(start = '2025-03-01T12:00:00.000Z'): TestClock {
  let at = Date.parse(start);
  return {
    now: () => new Date(at),
    advance: (ms) => {
      at += ms;
    },
  };
}

/** A notification sink that keeps what it was told. */
export class RecordingNotifier implements Notifier {
  readonly messages: { message: string; severity: string }[] = [];

  async notify(message: string, severity: 'info' | 'warning' | 'critical'): Promise<void> {
    this.messages.push({ message, severity });
  }
}

export interface InputOptions {
  instanceId: string;
  policy: string;
  now: Date;
  limits?: {
    circuit?: Partial<ResolvedLimits['circuit']>;
    blastRadius?: Partial<ResolvedLimits['blastRadius']>;
  };
  tags?: Tags;
  /** Another signal about the same target makes another request (another id). */
  signalId?: string;
}

/** What the worker hands the guardrails for one reboot request planned by `policy`. */
export function rebootInput(options: InputOptions): GuardrailInput {
  const action = actionRegistry.get('ec2.reboot-instance');
  const target = `ec2:instance/${options.instanceId}`;
  const signalId = options.signalId ?? `signal-${options.instanceId}`;
  const request: ActionRequest = {
    id: requestId({ signalId, policy: options.policy, actionIndex: 0, action: action.name, target }),
    action: action.name,
    params: { instanceId: options.instanceId },
    target,
    origin: { type: 'policy', name: options.policy },
    requestedBy: `policy:${options.policy}`,
    mode: 'enforce',
    signalId,
    createdAt: options.now.toISOString(),
    description: `Reboot ${options.instanceId}.`,
    limits: {
      ...DEFAULT_LIMITS,
      circuit: { ...DEFAULT_LIMITS.circuit, ...options.limits?.circuit },
      blastRadius: { ...DEFAULT_LIMITS.blastRadius, ...options.limits?.blastRadius },
    },
  };
  return { request, action, tags: options.tags ?? {}, now: options.now };
}

/** `i-` and 17 hex digits, distinct per index, like EC2's own ids. */
export function fakeInstanceId(index: number): string {
  return `i-${index.toString(16).padStart(17, '0')}`;
}
