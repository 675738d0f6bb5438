import type { AwsClients } from '../../shared/aws/clients.ts';
import { atInstant } from '../../shared/schedules/at-expression.ts';

/** A one-time schedule `reflex dev` delivered to its queue. */
export interface FiredSchedule {
  name: string;
  at: Date;
  queue: string;
  deleted: boolean;
}

const SQS_ARN = /^arn:[^:]+:sqs:[^:]+:(\d{12}):(.+)$/;

/**
 * `reflex dev`'s stand-in for EventBridge Scheduler's one-time `at()` schedules (moto stores them
 * but never fires them): each due schedule named with the prefix whose target is an SQS queue
 * gets its input sent to that queue once, as Scheduler would, then is deleted when it asks for it
 * (`ActionAfterCompletion: DELETE`). A maintenance-window stop/start thus runs on a laptop too.
 */
export class LocalOneTimeSchedules {
  readonly #fired = new Set<string>();

  constructor(
    private readonly clients: Pick<AwsClients, 'scheduler' | 'sqs'>,
    private readonly prefix = 'reflex-',
  ) {}

  async fireDue(now: Date): Promise<FiredSchedule[]> {
    const { DeleteScheduleCommand, GetScheduleCommand, paginateListSchedules } = await import(
      '@aws-sdk/client-scheduler'
    );
    const { GetQueueUrlCommand, SendMessageCommand } = await import('@aws-sdk/client-sqs');
    const scheduler = await this.clients.scheduler();
    const sqs = await this.clients.sqs();
    const fired: FiredSchedule[] = [];
    for await (const page of paginateListSchedules({ client: scheduler }, { NamePrefix: this.prefix })) {
      for (const summary of page.Schedules ?? []) {
        const key = `${summary.GroupName ?? 'default'}/${summary.Name}`;
        if (summary.Name === undefined || this.#fired.has(key) || summary.State === 'DISABLED') continue;
        const schedule = await scheduler.send(
          new GetScheduleCommand({ Name: summary.Name, GroupName: summary.GroupName }),
        );
        const at = atInstant(schedule.ScheduleExpression ?? '', schedule.ScheduleExpressionTimezone);
        const queue = SQS_ARN.exec(schedule.Target?.Arn ?? '');
        if (at === undefined || at > now || !queue) continue;
        const [, owner, queueName] = queue as unknown as [string, string, string];
        const { QueueUrl } = await sqs.send(
          new GetQueueUrlCommand({ QueueName: queueName, QueueOwnerAWSAccountId: owner }),
        );
        await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: schedule.Target?.Input ?? '{}' }));
        this.#fired.add(key);
        const deleted = schedule.ActionAfterCompletion === 'DELETE';
        if (deleted) {
          await scheduler.send(
            new DeleteScheduleCommand({ Name: summary.Name, GroupName: summary.GroupName }),
          );
        }
        fired.push({ name: summary.Name, at, queue: queueName, deleted });
      }
    }
    return fired;
  }
}
