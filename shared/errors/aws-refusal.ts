import { AwsCallRefusedError, type AwsRefusalKind } from './reflex-errors.ts';

/** Error names by which AWS services say "not allowed" (IAM denied the action). */
const PERMISSION_REFUSALS = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'AuthorizationError',
  'UnauthorizedException',
]);

/** Error names by which AWS says it could not verify who is calling. */
const SIGNATURE_REFUSALS = new Set([
  'AuthFailure',
  'SignatureDoesNotMatch',
  'InvalidSignatureException',
  'IncompleteSignature',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'MissingAuthenticationToken',
  'MissingAuthenticationTokenException',
]);

const EXPIRED_CREDENTIALS = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired']);

interface SdkErrorShape {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * Whether an error thrown by an AWS call is AWS refusing it, and how. A 401/403 whose body the SDK
 * could not read (an emulator answering a JSON API in XML, a proxy's page) is a refusal too.
 */
export function awsRefusalKind(error: unknown): AwsRefusalKind | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const shape = error as SdkErrorShape;
  const names = [shape.name, shape.code, shape.Code].filter((name): name is string => name !== undefined);
  if (names.some((name) => EXPIRED_CREDENTIALS.has(name))) return 'expired-credentials';
  if (names.some((name) => SIGNATURE_REFUSALS.has(name))) return 'signature';
  if (names.some((name) => PERMISSION_REFUSALS.has(name))) return 'permission';
  const status = shape.$metadata?.httpStatusCode;
  if (status === 401) return 'signature';
  if (status === 403) return 'permission';
  return undefined;
}

const PLAIN_WORDS: Record<AwsRefusalKind, (permission: string) => string> = {
  permission: (permission) =>
    `AWS refused ${permission}: the function's role is not allowed to call it (the permission is missing from its IAM policy, or a policy or condition denies it on this resource)`,
  signature: (permission) =>
    `AWS refused ${permission}: it could not verify the request's signature or credentials (the request was changed after it was signed, or the access key is wrong)`,
  'expired-credentials': (permission) =>
    `AWS refused ${permission}: the credentials have expired (refresh the session or the assumed role)`,
};

/** The refusal as a terminal error that names the permission, or undefined if `error` is not one. */
export function asAwsCallRefused(error: unknown, permission: string): AwsCallRefusedError | undefined {
  if (error instanceof AwsCallRefusedError) return error;
  const refusal = awsRefusalKind(error);
  if (refusal === undefined) return undefined;
  const shape = error as SdkErrorShape;
  const said = error instanceof Error ? `${shape.name ?? 'Error'}: ${error.message}` : String(error);
  return new AwsCallRefusedError(`${PLAIN_WORDS[refusal](permission)}. AWS said: ${said}`, {
    cause: error,
    permission,
    refusal,
  });
}
