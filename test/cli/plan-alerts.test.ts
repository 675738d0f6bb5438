import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.ts';
import { NODE_DOWN_REBOOT, policiesWith } from '../support/alert-harness.ts';
import { bufferIo } from '../support/cli-io.ts';
import { loadEvent } from '../support/fixtures.ts';
import { REPOSITORY_ROOT } from '../support/reflex-stack.ts';

const event = (path: string) => join(REPOSITORY_ROOT, 'events', path);

describe('reflex plan and replay take alert notifications, told apart by their shape', () => {
  it('plans the firing alert of an Alertmanager body, and nothing for its resolution', async () => {
    // Prepare
    const policies = policiesWith(NODE_DOWN_REBOOT);
    const [firing, resolved] = [bufferIo(), bufferIo()];
    // Act
    const codes = [
      await main(
        ['plan', '--event', event('alertmanager/webhook-v4-firing.json'), '--policies', policies],
        firing,
      ),
      await main(
        ['plan', '--event', event('alertmanager/webhook-v4-resolved.json'), '--policies', policies],
        resolved,
      ),
    ];
    // Assess
    expect(codes).toEqual([0, 0]);
    expect(firing.out).toMatch(/matched policies: test-node-down-reboot/);
    expect(firing.out).toMatch(/ec2\.reboot-instance → ec2:instance\/i-0123456789abcdef0/);
    expect(resolved.out).toMatch(/matched policies: \(none\)/);
  });

  it("replays Alertmanager and Grafana bodies (Grafana's `message` is not a log record)", async () => {
    // Prepare
    const policies = policiesWith(NODE_DOWN_REBOOT);
    const file = join(policies, 'alerts.jsonl');
    const lines = ['alertmanager/webhook-v4-firing.json', 'grafana/webhook-v1-firing-10.json'].map((path) =>
      JSON.stringify(loadEvent(path)),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const io = bufferIo();
    // Act
    const code = await main(['replay', '--events', file, '--policies', policies, '--plan'], io);
    // Assess
    expect(code).toBe(0);
    expect(io.out).toMatch(/events {4}2 read, 0 rejected/);
    expect(io.out).toMatch(/signals 3\n/);
    expect(io.out).toMatch(/requests that would have been queued: 1\n/);
  });
});
