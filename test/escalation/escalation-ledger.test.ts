import { describe, expect, it } from 'vitest';
import { EscalationLedger } from '../../shared/escalation/escalation-ledger.ts';
import { MemoryStateCells } from '../support/fake-ports.ts';

const KEY = 'reboot-ladder#ec2:instance/i-1';
const HOUR = 3_600_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 11, 1, 10, minutes));

describe('the escalation ledger', () => {
  it('starts at rung 0 and climbs one rung above the highest that ran within the window', async () => {
    // Prepare
    const ledger = new EscalationLedger(new MemoryStateCells());
    const ladder = { withinMs: HOUR, rungs: 3 };
    // Act
    const first = await ledger.rungFor(KEY, 's1', at(0), ladder);
    await ledger.record(KEY, 0, at(0), HOUR);
    const second = await ledger.rungFor(KEY, 's2', at(5), ladder);
    await ledger.record(KEY, 1, at(5), HOUR);
    await ledger.record(KEY, 2, at(6), HOUR);
    const last = await ledger.rungFor(KEY, 's3', at(10), ladder);
    // Assess
    expect([first, second, last]).toEqual([{ rung: 0 }, { rung: 1 }, { rung: 2 }]);
  });

  it('forgets rungs older than the window', async () => {
    // Prepare
    const ledger = new EscalationLedger(new MemoryStateCells());
    await ledger.record(KEY, 0, at(0), 10 * 60_000);
    // Act
    const decision = await ledger.rungFor(KEY, 's1', at(11), { withinMs: 10 * 60_000, rungs: 2 });
    // Assess
    expect(decision).toEqual({ rung: 0 });
  });

  it('holds under a threshold: first the time the rung gets to work, then until enough signals arrived', async () => {
    // Prepare
    const ledger = new EscalationLedger(new MemoryStateCells());
    const ladder = {
      withinMs: HOUR,
      rungs: 2,
      threshold: { count: 2, withinMs: 30 * 60_000, afterMs: 5 * 60_000 },
    };
    await ledger.record(KEY, 0, at(0), HOUR);
    // Act
    const tooEarly = await ledger.rungFor(KEY, 's1', at(2), ladder);
    const firstCounted = await ledger.rungFor(KEY, 's2', at(6), ladder);
    const redelivered = await ledger.rungFor(KEY, 's2', at(7), ladder);
    const enough = await ledger.rungFor(KEY, 's3', at(8), ladder);
    // Assess
    expect(tooEarly).toMatchObject({ rung: 1, hold: { ranRung: 0, counted: 0, countingFrom: at(5) } });
    expect(firstCounted).toMatchObject({ rung: 1, hold: { counted: 1 } });
    expect(redelivered).toMatchObject({ rung: 1, hold: { counted: 1 } });
    expect(enough).toEqual({ rung: 1 });
  });

  it('answers a dry question as if the signal counted, and writes nothing', async () => {
    // Prepare
    const cells = new MemoryStateCells();
    const ledger = new EscalationLedger(cells);
    const ladder = {
      withinMs: HOUR,
      rungs: 2,
      threshold: { count: 1, withinMs: 30 * 60_000, afterMs: 60_000 },
    };
    await ledger.record(KEY, 0, at(0), HOUR);
    const before = structuredClone([...cells.items]);
    // Act
    const dry = await ledger.rungFor(KEY, 's1', at(5), ladder, { note: false });
    // Assess
    expect(dry).toEqual({ rung: 1 });
    expect([...cells.items]).toEqual(before);
  });
});
