import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEvent } from '../../support/fixtures.ts';

export type JsonObject = Record<string, unknown>;

const created: string[] = [];

/** A fresh directory per call, so tests running side by side never share a file. */
export function tempDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'reflex-replay-'));
  created.push(directory);
  return directory;
}

/** For `afterAll`: the large file alone is tens of megabytes. */
export function removeTempDirectories(): void {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true });
}

/** Writes lines as a JSON Lines file and returns its path. */
export function writeLines(lines: readonly string[], name = 'events.jsonl'): string {
  const path = join(tempDirectory(), name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

export function stopped(instanceId = 'i-0123456789abcdef0'): JsonObject {
  const event = loadEvent<JsonObject & { detail: JsonObject }>('ec2/instance-state-change-stopped.json');
  event.detail['instance-id'] = instanceId;
  event.resources = [`arn:aws:ec2:us-east-1:123456789012:instance/${instanceId}`];
  return event;
}

export function running(): JsonObject {
  return loadEvent<JsonObject>('ec2/instance-state-change-running.json');
}

export function statusCheckAlarm(state = 'ALARM'): JsonObject {
  const event = loadEvent<JsonObject & { detail: { state: JsonObject } }>(
    'cloudwatch/alarm-state-change-ec2-status-check.json',
  );
  event.detail.state.value = state;
  return event;
}

export function scheduled(): JsonObject {
  return loadEvent<JsonObject>('scheduled/scheduled-event.json');
}

/** An event no signal parser knows: the trigger functions would reject it as unknown-type. */
export function customEvent(): JsonObject {
  return { ...scheduled(), source: 'my.shop', 'detail-type': 'Order Placed', detail: { total: 42 } };
}

/** The SNS-delivered form of the status-check alarm (a Lambda SNS event). */
export function snsAlarm(): JsonObject {
  return loadEvent<JsonObject>('sns/cloudwatch-alarm.json');
}
