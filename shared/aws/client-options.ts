import type { STSClientConfig } from '@aws-sdk/client-sts';

/**
 * Options every Reflex AWS client shares. The endpoint is deliberately absent: the SDK reads
 * `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` itself, so the same code reaches AWS,
 * LocalStack or moto without a branch of ours.
 */
export interface ClientOptions {
  region: string;
  /**
   * Whose credentials the clients sign with; absent, the SDK's default chain (the function's role in
   * Lambda, the environment or profile elsewhere). Tests pass a role's assumed-role credentials.
   */
  credentials?: STSClientConfig['credentials'];
  retryMode: 'adaptive';
  maxAttempts: number;
  customUserAgent: string;
}

export const REFLEX_USER_AGENT = 'reflex/0.1';

export function clientOptions(env: NodeJS.ProcessEnv = process.env): ClientOptions {
  return {
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    retryMode: 'adaptive',
    maxAttempts: Number(env.REFLEX_AWS_MAX_ATTEMPTS ?? 4),
    customUserAgent: REFLEX_USER_AGENT,
  };
}
