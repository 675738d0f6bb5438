import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { chaosCommand } from '../../cli/commands/chaos.ts';
import { launchChromium } from '../support/browser.ts';
import { startCaptureServer } from '../support/capture-server.ts';
import { bufferIo } from '../support/cli-io.ts';
import { auditUntil, type DevProcess, startDevProcess } from '../support/dev-process.ts';
import { postJson } from '../support/dev-requests.ts';
import { policiesVariant } from '../support/reflex-stack.ts';

let dev: DevProcess;
let browser: Browser | undefined;

beforeAll(async () => {
  // The shipped policies, with the status-check reboot waiting for a human instead of planning only.
  const policies = policiesVariant({ 'ec2-status-check.yml': ['mode: dry-run', 'mode: approve'] });
  dev = await startDevProcess(['--port', '0', '--policies', policies, '--alarm-poll', '300ms']);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await dev?.stop();
});

async function chaos(kind: string, options: Record<string, string> = {}) {
  const response = await postJson(dev, `/chaos/${kind}`, options);
  return { status: response.status, body: (await response.json()) as { message?: string; error?: string } };
}

describe('reflex dev as a child process, with its own moto and demo fleet', () => {
  it('remediates a chaos-stopped instance, seen in the audit API within 20 s', async () => {
    // Act
    const stopped = await chaos('stop-instance', { instance: 'web-2' });
    const records = await auditUntil(dev.url, (all) =>
      all.some((record) => record.action === 'ec2.start-instance' && record.outcome === 'succeeded'),
    );
    const refused = await chaos('stop-instance', { instance: 'no-such-box' });
    // Assess
    expect(stopped.body.message).toMatch(/^chaos: stopped web-2 \(i-[0-9a-f]+\)$/);
    const started = records.find((record) => record.action === 'ec2.start-instance');
    expect(started).toMatchObject({ outcome: 'succeeded', origin: { name: 'ec2-keep-running' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatch(/no demo instance "no-such-box"; valid: web-1/);
  });

  it('the dashboard shows the timeline update after chaos, and Approve executes a pending request', async () => {
    // Prepare
    browser = await launchChromium();
    const page = await browser.newPage();
    await page.goto(`${dev.url}/`);
    await page.getByText(/mode enforce/).waitFor({ timeout: 15_000 });
    // Act: chaos from the dashboard's own button, then a status-check alarm that needs approval
    await page.getByRole('button', { name: 'CPU alarm' }).click();
    const planned = page.locator('#timeline tr', { hasText: 'autoscaling.adjust-capacity' }).first();
    await planned.waitFor({ timeout: 15_000 });
    await chaos('alarm', { name: 'web-1-status-check-failed', value: '1' });
    const approve = page
      .locator('#approvals .approval', { hasText: 'Reboot EC2 instance' })
      .getByRole('button', { name: 'Approve' });
    await approve.waitFor({ timeout: 15_000 });
    await approve.click();
    const rebooted = page.locator('#timeline tr[data-outcome="succeeded"]', {
      hasText: 'ec2.reboot-instance',
    });
    await rebooted.first().waitFor({ timeout: 20_000 });
    // Assess
    expect(await planned.getAttribute('data-outcome')).toBe('planned');
    expect(await rebooted.count()).toBe(1);
    // The policy's second action (notify) still waits; the approved reboot no longer does.
    await page.locator('#approvals', { hasNotText: 'Reboot EC2 instance' }).waitFor({ timeout: 5_000 });
    const records = await auditUntil(dev.url, () => true);
    expect(
      records.find((record) => record.action === 'ec2.reboot-instance' && record.outcome === 'succeeded'),
    ).toMatchObject({
      details: {
        guardrails: expect.arrayContaining([
          expect.objectContaining({
            guardrail: 'approval',
            reason: expect.stringMatching(/^approved by dashboard/),
          }),
        ]),
      },
    });
  });

  it('a hostile page open in the browser cannot drive it; reflex chaos with the token can', async () => {
    // Prepare: a page of another origin (another local server) that fires "simple" cross-site POSTs
    const hostile = await startCaptureServer(200, (request) =>
      request.path === '/hostile.html'
        ? {
            status: 200,
            contentType: 'text/html',
            body: `<script>
              const post = (path, body) => fetch(${JSON.stringify(dev.url)} + path, { method: 'POST', mode: 'no-cors',
                headers: { 'content-type': 'text/plain' }, body: JSON.stringify(body) });
              Promise.allSettled([post('/chaos/stop-instance', { instance: 'web-1' }), post('/events', [])])
                .then(() => { document.title = 'sent'; });
            </script>`,
          }
        : undefined,
    );
    browser ??= await launchChromium();
    const page = await browser.newPage();
    try {
      // Act
      await page.goto(`${hostile.origin}/hostile.html`);
      await page.waitForFunction('document.title === "sent"', undefined, { timeout: 10_000 });
      vi.stubEnv('REFLEX_DEV_TOKEN', '');
      const withoutToken = bufferIo();
      const refusedCode = await chaosCommand.run(['stop-instance', '--url', dev.url], withoutToken);
      vi.stubEnv('REFLEX_DEV_TOKEN', dev.token);
      const withToken = bufferIo();
      const code = await chaosCommand.run(
        ['stop-instance', '--instance', 'web-1', '--url', dev.url],
        withToken,
      );
      const instanceId = /stopped web-1 \((i-[0-9a-f]+)\)/.exec(withToken.out)?.[1] ?? 'none';
      const restarts = (records: { action: string; outcome: string; target: unknown }[]) =>
        records.filter(
          (record) =>
            record.action === 'ec2.start-instance' && JSON.stringify(record.target).includes(instanceId),
        );
      const records = await auditUntil(dev.url, (all) =>
        restarts(all).some((r) => r.outcome === 'succeeded'),
      );
      // Assess
      expect(refusedCode).toBe(1);
      expect(withoutToken.err).toMatch(/^reflex chaos: refused: no x-reflex-token header/);
      expect(withoutToken.err).toContain('pass --token or set REFLEX_DEV_TOKEN');
      expect(code).toBe(0);
      expect(withToken.out).toMatch(/^chaos: stopped web-1 \(i-[0-9a-f]+\)$/m);
      // One stop, one restart: the page's stop never ran (it would have been remediated, or skipped by the cooldown).
      expect(restarts(records).map((record) => record.outcome)).toEqual(['succeeded']);
    } finally {
      vi.unstubAllEnvs();
      await page.close();
      await hostile.close();
    }
  });
});
