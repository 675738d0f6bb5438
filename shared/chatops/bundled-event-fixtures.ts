import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** `events/<source>/<case>.json` by name (`ec2/instance-state-change-stopped`). */
export function readEventFixtures(directory: string): Record<string, unknown> {
  const fixtures: Record<string, unknown> = {};
  if (!statSync(directory, { throwIfNoEntry: false })?.isDirectory()) return fixtures;
  for (const source of readdirSync(directory, { withFileTypes: true })) {
    if (!source.isDirectory()) continue;
    for (const file of readdirSync(join(directory, source.name))) {
      if (!file.endsWith('.json')) continue;
      fixtures[`${source.name}/${file.slice(0, -'.json'.length)}`] = JSON.parse(
        readFileSync(join(directory, source.name, file), 'utf8'),
      );
    }
  }
  return fixtures;
}

/**
 * The event fixtures `plan <fixture>` can name. From source they are read from `events/`;
 * `npm run build` replaces this module with the fixtures inlined (a few KB).
 */
export function bundledEventFixtures(env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  return readEventFixtures(env.REFLEX_EVENTS_DIR ?? join(process.cwd(), 'events'));
}
