/**
 * Where a resource lives, and so where Reflex acts on it: an AWS account and a region. A target is
 * unique only with its placement (`i-123` in one account is not `i-123` in another), so every
 * guardrail key, approval, ledger entry and audit record carries it.
 */
export interface Placement {
  account: string;
  region: string;
}

export const ACCOUNT_ID_PATTERN = /^\d{12}$/;
/** `us-east-1`, `eu-west-3`, `us-gov-west-1`, `ap-southeast-4`: the shape every AWS region has. */
export const REGION_PATTERN = /^[a-z]{2}(-gov)?-[a-z]+-\d$/;

/** Why a placement cannot be acted in, in one sentence; undefined when it can. */
export function placementProblem(placement: { account?: unknown; region?: unknown }): string | undefined {
  const { account, region } = placement;
  if (account === undefined || account === '') return 'the event names no account';
  if (typeof account !== 'string' || !ACCOUNT_ID_PATTERN.test(account))
    return `account ${JSON.stringify(account)} is not an AWS account id (12 digits)`;
  if (region === undefined || region === '') return 'the event names no region';
  if (typeof region !== 'string' || !REGION_PATTERN.test(region))
    return `region ${JSON.stringify(region)} is not an AWS region (like us-east-1)`;
  return undefined;
}

/**
 * The hub: the account and region the Reflex stack is deployed in (`REFLEX_HUB_ACCOUNT`, set by
 * serverless.yml, and `AWS_REGION`). Undefined where it is not known (a CLI without a deployment).
 */
export function hubPlacement(env: NodeJS.ProcessEnv): Placement | undefined {
  const account = env.REFLEX_HUB_ACCOUNT;
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (account === undefined || region === undefined) return undefined;
  return placementProblem({ account, region }) === undefined ? { account, region } : undefined;
}

export function samePlacement(a: Placement | undefined, b: Placement | undefined): boolean {
  return a !== undefined && b !== undefined && a.account === b.account && a.region === b.region;
}

/** The placement of something that may carry one (a request, an audit record): absent is the hub's. */
export function placementOf(
  item: { account?: string | undefined; region?: string | undefined },
  hub: Placement | undefined,
): Placement | undefined {
  return item.account !== undefined && item.region !== undefined
    ? { account: item.account, region: item.region }
    : hub;
}

/**
 * The key guardrail state is kept under for `key` (a target, a lease group) in `placement`:
 * `111122223333/eu-west-1/ec2:instance/i-123`. In the hub's own account and region, and for
 * records that carry no placement (written before Reflex knew about accounts), the key is `key`
 * as it always was, so state written before the upgrade is still read.
 */
export function placedKey(key: string, placement: Placement | undefined, hub: Placement | undefined): string {
  if (placement === undefined || samePlacement(placement, hub)) return key;
  return `${placement.account}/${placement.region}/${key}`;
}

/** `placedKey` of a request's (or audit record's) target. */
export function placedTarget(
  item: { target: string; account?: string | undefined; region?: string | undefined },
  hub: Placement | undefined,
): string {
  return placedKey(item.target, placementOf(item, undefined), hub);
}

/** ARNs differ by partition; deriving it from the region keeps GovCloud and China ARNs valid. */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
