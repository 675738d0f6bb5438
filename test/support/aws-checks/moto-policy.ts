import { actionsOf, type TemplateStatement } from './packaged-roles.ts';

/**
 * moto authorizes batch and transaction calls by their own names; AWS by the permission of each
 * thing they do (SendMessageBatch by sqs:SendMessage; a TransactWriteItems by the PutItem,
 * UpdateItem, DeleteItem and ConditionCheckItem of its items: IAM has no TransactWriteItems action).
 */
const MOTO_BATCH_NAMES: Record<string, string> = {
  'sqs:SendMessage': 'sqs:SendMessageBatch',
  'sqs:DeleteMessage': 'sqs:DeleteMessageBatch',
  'sqs:ChangeMessageVisibility': 'sqs:ChangeMessageVisibilityBatch',
  'dynamodb:PutItem': 'dynamodb:TransactWriteItems',
};

/**
 * moto names the IAM action after the request's signing name, and CloudWatch signs as
 * `monitoring`: it asks for `monitoring:DescribeAlarms` where AWS asks for `cloudwatch:DescribeAlarms`.
 */
function motoNames(action: string): string[] {
  const names = [action];
  if (MOTO_BATCH_NAMES[action]) names.push(MOTO_BATCH_NAMES[action]);
  if (action.startsWith('cloudwatch:')) names.push(action.replace(/^cloudwatch:/, 'monitoring:'));
  return names;
}

/**
 * A role's statements as moto can judge them: moto matches most services against `Resource: "*"`
 * only and turns a condition it cannot evaluate into an explicit deny, so under moto the action set
 * is tested (every Allow on "*", conditions dropped, batch and signing names added); resources and conditions
 * are judged by the IAM simulator (see least-privilege tests).
 */
export function motoPolicyDocument(statements: readonly TemplateStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((statement) => {
      const actions = actionsOf(statement).flatMap(motoNames);
      return { Effect: statement.Effect, Action: [...new Set(actions)].sort(), Resource: '*' };
    }),
  });
}
