import { DynamoDbApprovalStore } from '../../shared/aws/dynamodb-approval-store.ts';
import { SqsWorkQueue } from '../../shared/aws/sqs-work-queue.ts';
import { ApprovalService } from '../../shared/guardrails/approvals/approval-service.ts';
import { type Command, UsageError } from '../command/command.ts';
import { JSON_OPTION, printJson } from '../command/json-output.ts';
import { parseOptions } from '../command/parse-options.ts';
import { connectState, operator, STATE_HELP, STATE_OPTIONS } from '../command/state-options.ts';

const OPTIONS = {
  ...STATE_OPTIONS,
  ...JSON_OPTION,
  hash: { type: 'string' },
  as: { type: 'string' },
  reason: { type: 'string' },
  'queue-url': { type: 'string' },
} as const;

function approvalHelp(verb: 'approve' | 'deny'): string {
  return `Usage: reflex ${verb} ID ${verb === 'approve' ? '--hash PLAN_HASH ' : ''}[--as NAME] [--reason TEXT] [--json] [options]

${
  verb === 'approve'
    ? `Approves the exact plan of a request waiting in approve mode and queues it for execution. Run it
without --hash first: it prints the plan and its hash; approve by passing that hash, so that what
runs is exactly what you read. A high-risk action cannot be approved by the identity that requested it.
  --queue-url URL  the work queue (default: $REFLEX_QUEUE_URL)`
    : 'Denies a request waiting in approve mode: it will never execute.'
}
  --as NAME        who decides (default: $REFLEX_OPERATOR or $USER)
  --json           print ${
    verb === 'approve'
      ? '{"approval": the record} without --hash, {"approved": ID, "by", "queued": true} with it'
      : '{"denied": ID, "by"}'
  }
${STATE_HELP}
Exit 0 when done, 1 when there is no such request or the decision is refused (the reason on stderr),
2 on a usage error.`;
}

export const approveCommand: Command = {
  name: 'approve',
  summary: 'Approve the exact plan of a request waiting in approve mode, and queue it.',
  help: approvalHelp('approve'),
  async run(args, io) {
    const { values, positionals } = parseOptions(args, OPTIONS, true);
    const id = positionals[0];
    if (id === undefined)
      throw new UsageError('the approval ID is required (it is the request id in the audit record)');
    const state = connectState(values);
    if (!state) return 2;
    const store = new DynamoDbApprovalStore(state.table);
    if (values.hash === undefined) {
      const record = await store.get(id);
      if (record === undefined) {
        io.stderr(`no approval request ${id}`);
        return 1;
      }
      if (values.json) {
        printJson(io, { approval: record });
        return 0;
      }
      io.stdout(
        `${record.id}: ${record.request.description} (${record.risk} risk, ${record.status}, expires ${record.expiresAt})`,
      );
      io.stdout(
        `  requested by ${record.requestedBy}; plan: ${record.request.action} ${JSON.stringify(record.request.params)} on ${record.request.target}`,
      );
      io.stdout(`  approve with: reflex approve ${record.id} --hash ${record.planHash}`);
      return 0;
    }
    const queueUrl = values['queue-url'] ?? process.env.REFLEX_QUEUE_URL;
    if (!queueUrl) throw new UsageError('no work queue: pass --queue-url URL or set REFLEX_QUEUE_URL');
    const result = await new ApprovalService(store).approve(id, {
      approver: values.as ?? operator(),
      planHash: values.hash,
      now: new Date(),
      ...(values.reason === undefined ? {} : { reason: values.reason }),
    });
    if (!result.ok) {
      io.stderr(`refused (${result.code}): ${result.reason}`);
      return 1;
    }
    await new SqsWorkQueue(state.clients, queueUrl).enqueue([result.request]);
    if (values.json) printJson(io, { approved: id, by: result.record.decidedBy, queued: true });
    else io.stdout(`approved ${id} by ${result.record.decidedBy}; queued for execution`);
    return 0;
  },
};

export const denyCommand: Command = {
  name: 'deny',
  summary: 'Deny a request waiting in approve mode.',
  help: approvalHelp('deny'),
  async run(args, io) {
    const { values, positionals } = parseOptions(args, OPTIONS, true);
    const id = positionals[0];
    if (id === undefined) throw new UsageError('the approval ID is required');
    const state = connectState(values);
    if (!state) return 2;
    const result = await new ApprovalService(new DynamoDbApprovalStore(state.table)).deny(id, {
      by: values.as ?? operator(),
      now: new Date(),
      ...(values.reason === undefined ? {} : { reason: values.reason }),
    });
    if (!result.ok) {
      io.stderr(`refused (${result.code}): ${result.reason}`);
      return 1;
    }
    if (values.json) printJson(io, { denied: id, by: result.record.decidedBy });
    else io.stdout(`denied ${id}`);
    return 0;
  },
};
