import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../cli/dev/moto-server.ts';

/** A metric the test sets, served in Prometheus' text format on a free loopback port. */
export interface TinyExporter {
  target: string;
  set(value: number): void;
  close(): Promise<void>;
}

export async function startExporter(
  metric: string,
  labels: Record<string, string>,
  value: number,
): Promise<TinyExporter> {
  let current = value;
  const labelText = Object.entries(labels)
    .map(([name, v]) => `${name}="${v}"`)
    .join(',');
  const server: Server = createServer((_request, response) => {
    response
      .writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
      .end(`# TYPE ${metric} gauge\n${metric}{${labelText}} ${current}\n`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    target: `127.0.0.1:${port}`,
    set: (next) => {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface AlertingStack {
  /** What both processes wrote, for a failure's message. */
  logs(): string;
  stop(): Promise<void>;
}

/**
 * Debian's Prometheus (2.42) and Alertmanager (0.25) on free loopback ports, with configuration
 * files written here: Prometheus scrapes the exporter every second and evaluates `rule` every
 * second; Alertmanager groups within a second and posts each group to every webhook of `receivers`
 * (Alertmanager's own YAML). Clustering is off, so nothing listens beyond 127.0.0.1.
 */
export async function startAlertingStack(input: {
  exporter: string;
  rule: string;
  receivers: string;
  routes: string;
}): Promise<AlertingStack> {
  const directory = mkdtempSync(join(tmpdir(), 'reflex-prometheus-'));
  const [prometheusPort, alertmanagerPort] = [await freePort(), await freePort()];
  writeFileSync(
    join(directory, 'alertmanager.yml'),
    `route:
  receiver: ${'none'}
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 2s
  routes:
${input.routes}
receivers:
  - name: none
${input.receivers}
`,
  );
  writeFileSync(join(directory, 'rules.yml'), input.rule);
  writeFileSync(
    join(directory, 'prometheus.yml'),
    `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [${join(directory, 'rules.yml')}]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:${alertmanagerPort}']
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['${input.exporter}']
`,
  );
  const processes: ChildProcess[] = [];
  const logFiles: string[] = [];
  const run = (name: string, command: string, args: string[]) => {
    const logFile = join(directory, `${name}.log`);
    logFiles.push(logFile);
    const out = openSync(logFile, 'a');
    const child = spawn(command, args, { stdio: ['ignore', out, out] });
    child.on('error', (error) =>
      writeFileSync(logFile, `\n${name} could not start: ${error.message}\n`, { flag: 'a' }),
    );
    processes.push(child);
  };
  run('alertmanager', 'prometheus-alertmanager', [
    `--config.file=${join(directory, 'alertmanager.yml')}`,
    `--storage.path=${join(directory, 'alertmanager-data')}`,
    `--web.listen-address=127.0.0.1:${alertmanagerPort}`,
    '--cluster.listen-address=',
  ]);
  run('prometheus', 'prometheus', [
    `--config.file=${join(directory, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(directory, 'prometheus-data')}`,
    `--web.listen-address=127.0.0.1:${prometheusPort}`,
    '--rules.alert.resend-delay=1s',
  ]);
  return {
    logs: () => logFiles.map((file) => `== ${file}\n${readFileSync(file, 'utf8').slice(-4000)}`).join('\n'),
    stop: async () => {
      await Promise.all(processes.map(stopProcess));
    },
  };
}

/** SIGTERM, then SIGKILL after two seconds: the test never leaves a process behind. */
function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined)
    return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
