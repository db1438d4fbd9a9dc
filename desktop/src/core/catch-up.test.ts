import { describe, expect, it } from 'vitest';
import { type CatchUpBatch, CatchUpGate } from './catch-up';
import { payload } from '../../test/support/alert-fixtures';
import { FakeScheduler } from '../../test/support/station-fakes';

function setup(windowMs = 1_500) {
  const clock = new FakeScheduler();
  const batches: CatchUpBatch[] = [];
  const gate = new CatchUpGate(clock, windowMs, (batch) => batches.push(batch));
  const ids = (alerts: { id: string }[]) => alerts.map((a) => a.id);
  return { clock, gate, batches, ids };
}

describe('catch-up gate', () => {
  it('passes alerts through while closed', () => {
    const { gate } = setup();
    expect(gate.offer(payload(1))).toBe(false);
  });

  it('holds alerts after a connect; on the sync answer, splits replayed (≤ backlog end) from live', () => {
    const { gate, batches, ids } = setup();
    gate.open();
    for (const seq of [4, 5, 6, 7]) expect(gate.offer(payload(seq))).toBe(true);
    gate.close([payload(4), payload(5), payload(6)], 6);
    expect(batches).toHaveLength(1);
    expect(ids(batches[0]!.catchUp)).toEqual(['alert-4', 'alert-5', 'alert-6', 'alert-4', 'alert-5', 'alert-6']);
    expect(ids(batches[0]!.live)).toEqual(['alert-7']);
    expect(gate.isOpen).toBe(false);
    expect(gate.offer(payload(8))).toBe(false);
  });

  it('without an answer, everything held after the window is catch-up', () => {
    const { clock, gate, batches, ids } = setup();
    gate.open();
    gate.offer(payload(1));
    gate.offer(payload(2));
    clock.advance(1_499);
    expect(batches).toEqual([]);
    clock.advance(1);
    expect(ids(batches[0]!.catchUp)).toEqual(['alert-1', 'alert-2']);
    gate.close([payload(3)], 3); // a late sync answer is still delivered (as catch-up)
    expect(ids(batches[1]!.catchUp)).toEqual(['alert-3']);
  });

  it('keeps read/ack news about held alerts', () => {
    const { gate, batches } = setup();
    gate.open();
    gate.offer(payload(1));
    expect(
      gate.updateHeld({ alertId: 'alert-1', seq: 1, readBy: ['n2'], acknowledgedBy: 'n2', acknowledgedAt: '2025-01-01T08:00:00.000Z' }),
    ).toBe(true);
    expect(gate.updateHeld({ alertId: 'other', seq: 9, readBy: [] })).toBe(false);
    gate.close();
    expect(batches[0]!.catchUp[0]).toMatchObject({ acknowledgedBy: 'n2', readBy: ['n2'] });
  });

  it('cancel drops the window without delivering', () => {
    const { clock, gate, batches } = setup();
    gate.open();
    gate.offer(payload(1));
    gate.cancel();
    clock.advance(10_000);
    expect(batches).toEqual([]);
  });
});

describe('catch-up gate: receipts and escalation of held alerts (issue #9)', () => {
  it('an alert still held takes its escalation and delivery count with it', () => {
    const { clock, gate, batches } = setup();
    gate.open();
    gate.offer(payload(1));
    expect(
      gate.escalateHeld({ alertId: 'alert-1', seq: 1, level: 1, reason: 'ack_timeout', escalatedAt: '2025-01-01T10:02:00.000Z' }),
    ).toBe(true);
    expect(gate.escalateHeld({ alertId: 'other', seq: 9, level: 1, reason: 'ack_timeout', escalatedAt: '2025-01-01T10:02:00.000Z' })).toBe(
      false,
    );
    expect(gate.updateHeld({ alertId: 'alert-1', seq: 1, readBy: [], deliveredTo: 2 })).toBe(true);
    clock.advance(1_500);
    expect(batches[0]?.catchUp[0]).toMatchObject({ escalationLevel: 1, escalatedAt: '2025-01-01T10:02:00.000Z', deliveredTo: 2 });
  });

  it('nothing is held while closed', () => {
    const { gate } = setup();
    expect(
      gate.escalateHeld({ alertId: 'alert-1', seq: 1, level: 2, reason: 'not_delivered', escalatedAt: '2025-01-01T10:02:00.000Z' }),
    ).toBe(false);
  });
});
