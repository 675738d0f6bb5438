import { describe, expect, it } from 'vitest';
import { claimExecution, recordFinished } from '../../shared/runbooks/execution-claim.ts';
import { MemoryStateCells } from '../support/fake-ports.ts';

const cell = (startedAt: Date) => ({
  runbook: 'weekly',
  actor: 'cli:me',
  mode: 'enforce' as const,
  startedAt,
});

describe('the claim of a runbook execution', () => {
  it('lets one start run and tells a second one what the first did', async () => {
    // Prepare
    const cells = new MemoryStateCells();
    const startedAt = new Date('2026-12-01T10:00:00Z');
    // Act
    const first = await claimExecution(cells, 'weekly@1', cell(startedAt));
    await recordFinished(cells, 'weekly@1', cell(startedAt), {
      status: 'succeeded',
      finishedAt: new Date('2026-12-01T10:02:00Z'),
      summary: 'done',
    });
    const second = await claimExecution(cells, 'weekly@1', cell(new Date('2026-12-01T10:05:00Z')));
    // Assess
    expect(first).toEqual({ claimed: true });
    expect(second).toEqual({
      claimed: false,
      reason:
        'execution weekly@1 already ran (succeeded, started 2026-12-01T10:00:00.000Z by cli:me): nothing done',
    });
  });

  it('says a run still "running" past the function timeout never finished', async () => {
    // Prepare
    const cells = new MemoryStateCells();
    await claimExecution(cells, 'weekly@1', cell(new Date('2026-12-01T10:00:00Z')));
    // Act
    const soon = await claimExecution(cells, 'weekly@1', cell(new Date('2026-12-01T10:10:00Z')));
    const later = await claimExecution(cells, 'weekly@1', cell(new Date('2026-12-01T10:16:00Z')));
    // Assess
    expect(soon).toMatchObject({
      claimed: false,
      reason: expect.stringMatching(/\(running, .*nothing done$/),
    });
    expect(later).toMatchObject({
      claimed: false,
      reason: expect.stringMatching(/nothing done; it never finished \(crashed or timed out\)/),
    });
  });
});
