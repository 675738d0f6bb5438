import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Call } from './action-calls.ts';

/** A request as the IAM simulator judges it: who asks, with which policies, on what. */
export interface SimulatedRequest {
  principal: string;
  /** The principal's identity policy statements, intrinsics resolved. */
  statements: unknown;
  call: Pick<Call, 'action' | 'resource' | 'context'>;
  /** The resource's own policy (a role's trust policy for sts:AssumeRole), intrinsics resolved. */
  resourcePolicy?: unknown;
  /** The principal's permissions boundary statements, intrinsics resolved. */
  boundary?: unknown;
}

/** The account an ARN names (IAM ARNs have no region; S3-style ARNs have no account). */
function accountOf(arn: string, fallback: string): string {
  return /^arn:aws:[^:]+:[^:]*:(\d*):/.exec(arn)?.[1] || fallback;
}

/**
 * `allowed`, `denied`, or the simulator's error: an IAM policy simulator
 * (@cloud-copilot/iam-simulate, a test dependency only) judges resources and conditions, which
 * moto does not (see moto-policy.ts).
 */
export async function simulate(request: SimulatedRequest): Promise<string> {
  const document = (statements: unknown) => ({ Version: '2012-10-17', Statement: statements });
  const simulation: Simulation = {
    identityPolicies: [{ name: 'identity', policy: document(request.statements) }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(request.resourcePolicy ? { resourcePolicy: request.resourcePolicy } : {}),
    ...(request.boundary
      ? { permissionBoundaryPolicies: [{ name: 'boundary', policy: document(request.boundary) }] }
      : {}),
    request: {
      action: request.call.action,
      principal: request.principal,
      resource: {
        resource: request.call.resource,
        accountId: accountOf(request.call.resource, accountOf(request.principal, '')),
      },
      // AWS sets it on every request: the role's ARN for a role session, the user's for a user.
      contextVariables: { 'aws:PrincipalArn': request.principal, ...request.call.context },
    },
  };
  const response = await runSimulation(simulation, {});
  if (response.resultType === 'error') return `error: ${JSON.stringify(response.errors)}`;
  return response.overallResult === 'Allowed' ? 'allowed' : 'denied';
}
