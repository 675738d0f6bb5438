import { resolve } from 'node:path';
import { parseModeCeiling } from '../../shared/policies/mode.ts';
import { formatProblem, PolicyValidationError } from '../../shared/policies/policy-error.ts';
import { type Command, UsageError } from '../command.ts';
import { MotoNotInstalledError } from '../dev/moto-server.ts';
import { startDev } from '../dev/start-dev.ts';
import { parseOptions } from '../parse-options.ts';

export const devCommand: Command = {
  name: 'dev',
  summary: 'Run Reflex locally: moto as the AWS account, POST /events, the worker on the queue.',
  help: `Usage: reflex dev [--port 3000] [--endpoint URL] [--mode enforce|dry-run] [--policies DIR]

Starts moto server on a free loopback port as the local AWS account (or uses --endpoint, an
already running moto or LocalStack), creates the state table and the work queue with its DLQ,
and serves on http://127.0.0.1:PORT:
  POST /events   one EventBridge event, an array of them, a PutEvents body {"Entries": [...]},
                 or an SNS Lambda event carrying a CloudWatch alarm
  POST /slack/commands, POST /slack/interactions
                 Slack's slash commands and button clicks, signed with REFLEX_SLACK_SIGNING_SECRET
                 (random if unset, printed at start); results go to their response_url
  GET  /audit    the audit trail (?target=ec2:instance/i-...&requestId=...&limit=100)
  GET  /healthz  status
The worker consumes the queue as Lambda would (partial batch failures, DLQ after retries).
--mode is the global ceiling (default enforce: the local account is an emulator); each policy's
own mode still applies. Stop with Ctrl-C.`,
  async run(args, io) {
    const { values } = parseOptions(args, {
      port: { type: 'string', default: process.env.PORT ?? '3000' },
      endpoint: { type: 'string' },
      mode: { type: 'string', default: 'enforce' },
      policies: { type: 'string', default: 'policies' },
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
    let runtime: Awaited<ReturnType<typeof startDev>>;
    try {
      runtime = await startDev({
        port,
        mode,
        policiesDir: resolve(values.policies),
        say: (line) => io.stdout(`[reflex dev] ${line}`),
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
      `[reflex dev] ready: try  curl -s -X POST ${runtime.url}/events -d @events/ec2/instance-state-change-stopped.json`,
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
