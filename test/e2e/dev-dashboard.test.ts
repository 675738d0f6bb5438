import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.ts';
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
});
