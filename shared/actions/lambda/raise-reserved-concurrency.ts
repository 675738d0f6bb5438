import { z } from 'zod';
import { ActionSkippedError } from '../../errors/reflex-errors.ts';
import { type ActionContext, defineAction } from '../action.ts';

/** Lambda refuses a reservation that leaves the account fewer unreserved executions than this. */
export const MIN_UNRESERVED = 100;

async function reservedOf(context: ActionContext, functionName: string): Promise<number | undefined> {
  const { GetFunctionConcurrencyCommand } = await import('@aws-sdk/client-lambda');
  const lambda = await context.clients.lambda();
  const output = await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: functionName }));
  return output.ReservedConcurrentExecutions;
}

/** How many more executions the account can reserve (its unreserved pool above Lambda's minimum). */
async function reservableOf(context: ActionContext): Promise<number> {
  const { GetAccountSettingsCommand } = await import('@aws-sdk/client-lambda');
  const lambda = await context.clients.lambda();
  const output = await lambda.send(new GetAccountSettingsCommand({}));
  const unreserved = output.AccountLimit?.UnreservedConcurrentExecutions;
  if (unreserved === undefined)
    throw new Error('GetAccountSettings returned no UnreservedConcurrentExecutions');
  return Math.max(0, unreserved - MIN_UNRESERVED);
}

/**
 * Raises the reserved concurrency of a throttled (or erroring) function by `step`, never above the
 * policy's `ceiling` and never beyond what the account's unreserved pool allows. A function without
 * a reservation shares the account's pool: reserving for it could lower what it gets, so it is left
 * alone. At the bound nothing changes and humans are told (the skip escalates).
 */
export const raiseReservedConcurrency = defineAction({
  name: 'lambda.raise-reserved-concurrency',
  summary:
    "Raise a Lambda function's reserved concurrency by a step, within a ceiling and the account's unreserved concurrency; at the bound, tell humans.",
  params: z.strictObject({
    functionName: z.string().regex(/^[\w-]{1,64}$/, 'must be a Lambda function name'),
    ceiling: z.number().int().min(1),
    step: z.number().int().min(1).default(10),
  }),
  risk: 'medium',
  permissions: [
    'lambda:GetFunctionConcurrency',
    'lambda:GetAccountSettings',
    'lambda:PutFunctionConcurrency',
  ],
  target: { resourceType: 'lambda:function', param: 'functionName' },
  describe: ({ functionName, ceiling, step }) =>
    `Raise the reserved concurrency of Lambda function ${functionName} by ${step}, to at most ${ceiling} and within the account's unreserved concurrency (at least ${MIN_UNRESERVED} stay unreserved).`,
  async execute(context, { functionName, ceiling, step }) {
    const { PutFunctionConcurrencyCommand } = await import('@aws-sdk/client-lambda');
    const current = await reservedOf(context, functionName);
    if (current === undefined) {
      throw new ActionSkippedError(
        `${functionName} has no reserved concurrency: it shares the account's unreserved pool, which a reservation could only narrow`,
        { escalate: true },
      );
    }
    const accountBound = current + (await reservableOf(context));
    const target = Math.min(ceiling, current + step, accountBound);
    if (target <= current) {
      const bound =
        accountBound <= ceiling
          ? `the account allows no more (${MIN_UNRESERVED} executions must stay unreserved)`
          : `the policy ceiling is ${ceiling}`;
      throw new ActionSkippedError(
        `${functionName} is at its bound of ${current} reserved executions: ${bound}`,
        { escalate: true },
      );
    }
    const lambda = await context.clients.lambda();
    await lambda.send(
      new PutFunctionConcurrencyCommand({ FunctionName: functionName, ReservedConcurrentExecutions: target }),
    );
    return {
      summary: `Raised the reserved concurrency of ${functionName} from ${current} to ${target} (ceiling ${ceiling}, account bound ${accountBound}).`,
      details: { from: current, to: target, ceiling, accountBound },
    };
  },
});
