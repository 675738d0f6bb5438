import { z } from 'zod';
import { ActionSkippedError } from '../../errors/reflex-errors.ts';
import type { ActionContext } from '../action.ts';
import { defineAction } from '../action.ts';
import { instanceIdSchema } from '../ec2/instance-id.ts';
import { describeInstance } from '../ec2/instance-state.ts';

const DOCUMENT = 'AWS-RunShellScript';
/** Long enough for a journal vacuum and a find over a big /var; SSM stops the script after it. */
const TIMEOUT_SECONDS = 600;

interface CleanupOptions {
  path: string;
  rotatedLogDays: number;
  journalMaxMb: number;
}

/**
 * The cleanup, bounded to what is safe to lose on any Linux host:
 * 1. the systemd journal, vacuumed down to `journalMaxMb` (recent entries stay);
 * 2. the package managers' download caches (dnf, yum, apt; packages re-download on demand);
 * 3. rotated logs (`*.gz`, `*.1`..., `*.old`) older than `rotatedLogDays` days in `log`
 *    directories under the alarm's mount point, on that file system only (`-xdev`).
 * Live logs, application data and anything outside those patterns are never touched. The
 * usage before and after is printed for the audit trail (the invocation's output).
 */
export function cleanupScript({ path, rotatedLogDays, journalMaxMb }: CleanupOptions): string[] {
  return [
    'set -u',
    `target='${path}'`,
    'echo "before: $(df -P "$target" | awk \'NR==2 {print $5}\') used on $target"',
    `if command -v journalctl >/dev/null 2>&1; then journalctl --vacuum-size=${journalMaxMb}M || true; fi`,
    'if command -v dnf >/dev/null 2>&1; then dnf clean packages || true; fi',
    'if command -v yum >/dev/null 2>&1; then yum clean packages || true; fi',
    'if command -v apt-get >/dev/null 2>&1; then apt-get clean || true; fi',
    `find "$target" -xdev -type f -path '*/log/*' \\( -name '*.gz' -o -name '*.[0-9]' -o -name '*.[0-9].log' -o -name '*.old' \\) -mtime +${rotatedLogDays} -print -delete || true`,
    'echo "after: $(df -P "$target" | awk \'NR==2 {print $5}\') used on $target"',
  ];
}

/** The command this request sent, if any: the comment carries the request id (retries reuse it). */
async function commandOf(context: ActionContext, instanceId: string): Promise<string | undefined> {
  const { ListCommandsCommand } = await import('@aws-sdk/client-ssm');
  const ssm = await context.clients.ssm();
  const output = await ssm.send(new ListCommandsCommand({ InstanceId: instanceId }));
  return output.Commands?.find((command) => command.Comment === commentFor(context))?.CommandId;
}

function commentFor(context: ActionContext): string {
  return `reflex disk cleanup ${context.requestId}`.slice(0, 100);
}

/**
 * Frees disk space on an EC2 instance whose disk is almost full, with a bounded cleanup script
 * run by SSM Run Command (the instance needs the SSM agent and an instance profile allowing it).
 * Verified by the command invocation's status.
 */
export const cleanUpDisk = defineAction({
  name: 'ssm.clean-up-disk',
  summary:
    'Free disk space on an EC2 instance with SSM Run Command (AWS-RunShellScript): vacuum the journal, clean package caches, delete old rotated logs under the full mount point.',
  params: z.strictObject({
    instanceId: instanceIdSchema,
    /** The mount point of the full disk (the alarm's `path` dimension); plain path characters only. */
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._/-]*$/, 'must be an absolute path of letters, digits, ".", "_", "-" and "/"')
      .refine((path) => !path.split('/').includes('..'), 'must not contain ".."')
      .default('/'),
    rotatedLogDays: z.number().int().min(1).max(365).default(7),
    journalMaxMb: z.number().int().min(50).max(4096).default(200),
  }),
  risk: 'medium',
  permissions: ['ec2:DescribeInstances', 'ssm:SendCommand', 'ssm:ListCommands', 'ssm:GetCommandInvocation'],
  target: { resourceType: 'ec2:instance', param: 'instanceId' },
  describe: ({ instanceId, path, rotatedLogDays, journalMaxMb }) =>
    `Run a disk cleanup on ${instanceId} through SSM (${DOCUMENT}): vacuum the systemd journal to ${journalMaxMb} MB, clean the dnf/yum/apt package caches, delete rotated logs older than ${rotatedLogDays} days in log directories under ${path} (that file system only).`,
  async execute(context, params) {
    const { SendCommandCommand } = await import('@aws-sdk/client-ssm');
    const { instanceId, path } = params;
    const { state } = await describeInstance(context, instanceId);
    if (state !== 'running') {
      throw new ActionSkippedError(`${instanceId} is ${state ?? 'gone'}: Run Command needs it running`);
    }
    const existing = await commandOf(context, instanceId);
    if (existing !== undefined) {
      return {
        summary: `Disk cleanup of ${path} on ${instanceId} already sent (command ${existing}).`,
        details: { commandId: existing },
      };
    }
    const ssm = await context.clients.ssm();
    const output = await ssm.send(
      new SendCommandCommand({
        InstanceIds: [instanceId],
        DocumentName: DOCUMENT,
        Comment: commentFor(context),
        TimeoutSeconds: TIMEOUT_SECONDS,
        Parameters: { commands: cleanupScript(params), executionTimeout: [String(TIMEOUT_SECONDS)] },
      }),
    );
    const commandId = output.Command?.CommandId;
    return {
      summary: `Sent the disk cleanup of ${path} to ${instanceId} (command ${commandId}).`,
      details: { commandId },
    };
  },
  async verify(context, { instanceId, path }) {
    const { GetCommandInvocationCommand } = await import('@aws-sdk/client-ssm');
    const commandId = await commandOf(context, instanceId);
    if (commandId === undefined)
      return { status: 'failed', summary: `no cleanup command found for ${instanceId}` };
    const ssm = await context.clients.ssm();
    const invocation = await ssm.send(
      new GetCommandInvocationCommand({ CommandId: commandId, InstanceId: instanceId }),
    );
    const status = invocation.Status ?? 'unknown';
    if (status === 'Success') {
      return {
        status: 'passed',
        summary: `cleanup of ${path} on ${instanceId} succeeded (command ${commandId})`,
      };
    }
    if (['Pending', 'InProgress', 'Delayed'].includes(status)) {
      return { status: 'pending', summary: `cleanup command ${commandId} on ${instanceId} is ${status}` };
    }
    return {
      status: 'failed',
      summary: `cleanup command ${commandId} on ${instanceId} ended ${status}${invocation.StandardErrorContent ? `: ${invocation.StandardErrorContent.slice(0, 200)}` : ''}`,
    };
  },
});
