import { asAwsCallRefused } from '../errors/aws-refusal.ts';
import type { AwsCallRefusedError } from '../errors/reflex-errors.ts';

/** The IAM service prefix of each SDK client Reflex builds (its `clientName`). */
const IAM_PREFIX: Record<string, string> = {
  AutoScalingClient: 'autoscaling',
  CloudWatchClient: 'cloudwatch',
  DynamoDBClient: 'dynamodb',
  DynamoDBDocumentClient: 'dynamodb',
  EC2Client: 'ec2',
  ECSClient: 'ecs',
  EventBridgeClient: 'events',
  IAMClient: 'iam',
  LambdaClient: 'lambda',
  SchedulerClient: 'scheduler',
  SecretsManagerClient: 'secretsmanager',
  SQSClient: 'sqs',
  SSMClient: 'ssm',
  STSClient: 'sts',
};

/** The IAM action an SDK call needs: `EC2Client` + `StartInstancesCommand` → `ec2:StartInstances`. */
export function iamActionOf(clientName: string | undefined, commandName: string | undefined): string {
  const prefix =
    IAM_PREFIX[clientName ?? ''] ?? (clientName ?? 'unknown').replace(/Client$/, '').toLowerCase();
  return `${prefix}:${(commandName ?? 'Unknown').replace(/Command$/, '')}`;
}

type RefusalListener = (refusal: AwsCallRefusedError) => void;

const listeners = new Set<RefusalListener>();

/**
 * Hears every refused AWS call of this process (the Lambda glue counts them as a metric and logs
 * them; tests assert there are none). Returns a function that removes the listener.
 */
export function onRefusedCall(listener: RefusalListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

interface CallContext {
  clientName?: string;
  commandName?: string;
}

type Next = (args: unknown) => Promise<unknown>;

/**
 * SDK middleware, outermost (after the SDK's retries have given up): a refusal becomes an
 * AwsCallRefusedError naming the IAM action, which every listener hears. Other errors pass unchanged.
 */
export const refusedCallMiddleware = (next: Next, context: CallContext) => async (args: unknown) => {
  try {
    return await next(args);
  } catch (error) {
    const refused = asAwsCallRefused(error, iamActionOf(context.clientName, context.commandName));
    if (refused === undefined) throw error;
    for (const listener of listeners) listener(refused);
    throw refused;
  }
};

export const REFUSED_CALL_MIDDLEWARE_OPTIONS = {
  step: 'initialize',
  name: 'reflexRefusedCall',
  priority: 'high',
} as const;
