/** The comparison operators EventBridge accepts inside a leaf array, in the order error messages list them. */
export const OPERATORS = [
  'prefix',
  'suffix',
  'equals-ignore-case',
  'anything-but',
  'numeric',
  'exists',
  'wildcard',
  'cidr',
] as const;

export type OperatorName = (typeof OPERATORS)[number];

/** What `anything-but` may wrap instead of plain values. */
export const ANYTHING_BUT_OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard'] as const;

export type AnythingButOperatorName = (typeof ANYTHING_BUT_OPERATORS)[number];

export const OR_KEY = '$or';

export function isOperatorName(name: string): name is OperatorName {
  return (OPERATORS as readonly string[]).includes(name);
}

export function isAnythingButOperatorName(name: string): name is AnythingButOperatorName {
  return (ANYTHING_BUT_OPERATORS as readonly string[]).includes(name);
}

/**
 * Operator names cannot be field names inside `$or` (event-ruler rejects them there), because
 * `{"$or": [{"prefix": ...}]}` is almost always a misplaced operator rather than a field called "prefix".
 */
export function isReservedInsideOr(name: string): boolean {
  return isOperatorName(name) || ['=', '<', '<=', '>', '>='].includes(name);
}
