import { resolve } from 'node:path';
import { parseDuration } from '../../shared/core/duration.ts';
import { parseModeCeiling } from '../../shared/core/mode.ts';
import { formatProblem, PolicyValidationError } from '../../shared/policies/policy-error.ts';
import { type Command, UsageError } from '../command/command.ts';
import { parseOptions } from '../command/parse-options.ts';
import { MotoNotInstalledError } from '../dev/moto-server.ts';
import { startDev } from '../dev/start-dev.ts';

export const devCommand: Command = {
  name: 'dev',
  summary: 'Run Reflex locally: moto as the AWS account with a demo fleet, a dashboard, chaos, the worker.',
  help: `Usage: reflex dev [--port 3000] [--endpoint URL | --aws [--enforce]] [--mode enforce|dry-run]
                  [--policies DIR] [--no-seed] [--alarm-poll 2s]

Starts moto server on a free loopback port as the local AWS account (or uses --endpoint, an
already running moto or LocalStack), creates the state table and the work queue with its DLQ,
seeds a demo fleet (instances web-1, web-2, batch-1; Auto Scaling group demo-web; ECS service
demo/api; a database secret; queue demo-orders and its DLQ; a security group; CloudWatch alarms)
and serves on http://127.0.0.1:PORT:
  GET  /               the dashboard: live audit timeline, fleet, approvals, guardrails, charts
  POST /events         one EventBridge event, an array of them, a PutEvents body {"Entries": [...]},
                       or an SNS Lambda event carrying a CloudWatch alarm
  POST /chaos/KIND     break the demo fleet through the real APIs and emit the matching AWS event
                       (stop-instance, alarm, fill-dlq, open-port; see \`reflex chaos --help\`)
  POST /slack/commands, POST /slack/interactions
                       Slack's slash commands and button clicks, signed with REFLEX_SLACK_SIGNING_SECRET
                       (random if unset, printed at start); results go to their response_url
  GET  /audit          the audit trail (?target=ec2:instance/i-...&requestId=...&limit=100)
  GET  /healthz        status
Only this machine's pages and scripts may drive it: a request must name the server itself in Host
(127.0.0.1:PORT or localhost:PORT), come from no other Origin, and every POST but Slack's carries
the per-run token printed at start in an x-reflex-token header, with an application/json body
(403 or 415 otherwise). The dashboard page has the token; \`reflex chaos\` reads $REFLEX_DEV_TOKEN.
An alarm poller turns DescribeAlarms state changes into CloudWatch Alarm State Change events; the
worker consumes the queue as Lambda would (partial batch failures, DLQ after retries).
  --mode MODE       the global ceiling (default enforce: the local account is an emulator); each
                    policy's own mode still applies
  --aws             your real account (credentials from the environment) with the deployed
                    stack's --table and --queue-url (or $REFLEX_TABLE, $REFLEX_QUEUE_URL); dry-run
                    unless --enforce; nothing is created or seeded
  --no-seed         start with an empty account
  --alarm-poll DUR  how often alarms are read (default 2s)
Stop with Ctrl-C.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      endpoint: { type: 'string' },
      mode: { type: 'string', default: 'enforce' },
      policies: { type: 'string', default: 'policies' },
      'no-seed': { type: 'boolean', default: false },
      'alarm-poll': { type: 'string', default: '2s' },
      aws: { type: 'boolean', default: false },
      enforce: { type: 'boolean', default: false },
      table: { type: 'string' },
      'queue-url': { type: 'string' },
    });
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new UsageError(`--port must be a port number, got "${values.port}"`);
    let mode: ReturnType<typeof parseModeCeiling>;
    try {
      mode = parseModeCeiling(values.mode);
    } catch {
      throw new UsageError(`--mode must be dry-run or enforce, got "${values.mode}"`);
    }
    const alarmPollMs = parseDuration(values['alarm-poll']);
    if (alarmPollMs === undefined || alarmPollMs < 100)
      throw new UsageError(
        `--alarm-poll must be a duration of at least 100ms, got "${values['alarm-poll']}"`,
      );
    let aws: { table: string; queueUrl: string } | undefined;
    if (values.aws) {
      if (values.endpoint !== undefined) throw new UsageError('--aws and --endpoint exclude each other');
      const table = values.table ?? process.env.REFLEX_TABLE;
      const queueUrl = values['queue-url'] ?? process.env.REFLEX_QUEUE_URL;
      if (!table || !queueUrl)
        throw new UsageError(
          '--aws needs the deployed stack: --table NAME --queue-url URL (or REFLEX_TABLE, REFLEX_QUEUE_URL)',
        );
      aws = { table, queueUrl };
      // A real account acts for real only when asked twice: --aws and --enforce.
      mode = values.enforce ? 'enforce' : 'dry-run';
    } else if (values.enforce) {
      throw new UsageError('--enforce only applies with --aws (the local account enforces already)');
    }
    let runtime: Awaited<ReturnType<typeof startDev>>;
    try {
      runtime = await startDev({
        port,
        mode,
        policiesDir: resolve(values.policies),
        say: (line) => io.stdout(`[reflex dev] ${line}`),
        seed: !values['no-seed'],
        alarmPollMs,
        ...(aws === undefined ? {} : { aws }),
        ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
      });
    } catch (error) {
      if (error instanceof PolicyValidationError) {
        for (const problem of error.problems) io.stderr(formatProblem(problem));
        io.stderr('reflex dev: fix the policies above and start again.');
        return 1;
      }
      if (error instanceof MotoNotInstalledError) {
        io.stderr(`reflex dev: ${error.message}`);
        return 1;
      }
      throw error;
    }
    io.stdout(
      runtime.fleet
        ? `[reflex dev] ready: open ${runtime.url}/ and try  REFLEX_DEV_TOKEN=${runtime.token} npx reflex chaos stop-instance --url ${runtime.url}`
        : `[reflex dev] ready: try  curl -s ${runtime.url}/events -H 'x-reflex-token: ${runtime.token}' -H 'content-type: application/json' -d @events/ec2/instance-state-change-stopped.json`,
    );
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.stdout('[reflex dev] stopping');
    await runtime.stop();
    return 0;
  },
};
