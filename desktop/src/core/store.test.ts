import { describe, expect, it } from 'vitest';
import {
  applyAlertUpdate,
  applyConversationUpdate,
  applyEscalation,
  applyNewPatient,
  applyPatientStatusChange,
  applyPriorityUpdate,
  boundAlerts,
  createStationStore,
  ingestAlerts,
  initialStationState,
  recomputeReadByMe,
  SeqTracker,
} from './store';
import { byId, payload, stationAlert } from '../../test/support/alert-fixtures';

const ctx = (tracker: SeqTracker, maxAlerts = 2_000) => ({
  userId: 'me',
  now: 1,
  isUnseen: (seq: number) => tracker.isUnseen(seq),
  maxAlerts,
});

describe('SeqTracker: lastSeq is the highest contiguous seq seen', () => {
  it('advances over contiguous seqs and waits at a gap', () => {
    const tracker = new SeqTracker();
    for (const seq of [1, 2, 4, 5]) tracker.observe(seq);
    expect(tracker.lastSeq).toBe(2);
    expect(tracker.hasGap).toBe(true);
    expect(tracker.highestSeen).toBe(5);
    tracker.observe(3);
    expect(tracker.lastSeq).toBe(5);
    expect(tracker.hasGap).toBe(false);
  });

  it('out-of-order and repeated seqs', () => {
    const tracker = new SeqTracker(10);
    for (const seq of [13, 12, 12, 9, 11]) tracker.observe(seq);
    expect(tracker.lastSeq).toBe(13);
  });

  it('isUnseen: above lastSeq and not seen; skipped seqs count as unseen', () => {
    const tracker = new SeqTracker(5);
    tracker.observe(7);
    expect(tracker.isUnseen(5)).toBe(false);
    expect(tracker.isUnseen(6)).toBe(true);
    expect(tracker.isUnseen(7)).toBe(false);
    expect(tracker.skipThrough(7)).toEqual([6]);
    expect(tracker.lastSeq).toBe(7);
    expect(tracker.isUnseen(6)).toBe(true); // may still arrive later and must then alarm
    tracker.observe(6);
    expect(tracker.isUnseen(6)).toBe(false);
  });
});

describe('ingestAlerts', () => {
  it('de-duplicates by id: a replayed alert is not "added" again', () => {
    const tracker = new SeqTracker();
    const first = ingestAlerts({}, [payload(1), payload(2)], ctx(tracker));
    [1, 2].forEach((s) => tracker.observe(s));
    expect(first.added.map((a) => a.id)).toEqual(['alert-1', 'alert-2']);
    const replay = ingestAlerts(first.alerts, [payload(1), payload(2), payload(3)], ctx(tracker));
    expect(replay.added.map((a) => a.id)).toEqual(['alert-3']);
    expect(replay.duplicates).toBe(2);
  });

  it('a duplicate within one batch is added once', () => {
    const result = ingestAlerts({}, [payload(1), payload(1)], ctx(new SeqTracker()));
    expect(result.added).toHaveLength(1);
  });

  it('merges read/ack state monotonically: a stale replay never un-acknowledges', () => {
    const tracker = new SeqTracker();
    const acked = stationAlert(1, { acknowledgedBy: 'nurse2', acknowledgedAt: '2025-01-01T08:01:00.000Z', readBy: ['nurse2'] });
    const result = ingestAlerts(byId([acked]), [payload(1, { readBy: ['me'] })], ctx(tracker));
    expect(result.alerts['alert-1']).toMatchObject({ acknowledgedBy: 'nurse2', readBy: ['nurse2', 'me'], readByMe: true });
    expect(result.acknowledged).toEqual([]);
  });

  it('reports alerts that a replay shows as acknowledged elsewhere', () => {
    const tracker = new SeqTracker();
    const result = ingestAlerts(
      byId([stationAlert(1)]),
      [payload(1, { acknowledgedBy: 'nurse2', acknowledgedAt: '2025-01-01T08:01:00.000Z' })],
      ctx(tracker),
    );
    expect(result.acknowledged).toEqual(['alert-1']);
  });

  it('readByMe comes from readBy including the user id', () => {
    const result = ingestAlerts({}, [payload(1, { readBy: ['someone'] }), payload(2, { readBy: ['me'] })], ctx(new SeqTracker()));
    expect(result.alerts['alert-1']?.readByMe).toBe(false);
    expect(result.alerts['alert-2']?.readByMe).toBe(true);
  });

  it('an alert seen before but dropped by the bound is ignored, not re-alarmed', () => {
    const tracker = new SeqTracker(10);
    const result = ingestAlerts({}, [payload(3)], ctx(tracker));
    expect(result.added).toEqual([]);
    expect(result.ignored).toBe(1);
  });
});

describe('boundAlerts: bounded memory over a shift', () => {
  const HOUR = 3_600_000;
  /** Fixture alerts are raised about an hour ago: a window that began 12 hours ago holds them all. */
  const windowStart = Date.now() - 12 * HOUR;
  const old = (seq: number, fields: Parameters<typeof stationAlert>[1] = {}) =>
    stationAlert(seq, { timestamp: new Date(windowStart - (100 - seq) * 60_000).toISOString(), ...fields });

  it('drops acknowledged first, then read non-critical, then unread ones older than the window; oldest first in each', () => {
    const alerts = byId([
      stationAlert(1, { severity: 'critical' }),
      old(2, { severity: 'high' }),
      stationAlert(3, { severity: 'low', readByMe: true }),
      stationAlert(4, { severity: 'critical', acknowledgedBy: 'x' }),
      stationAlert(5, { severity: 'medium', acknowledgedBy: 'x' }),
      stationAlert(6, { severity: 'critical' }),
      stationAlert(7, { severity: 'high', historical: true }),
    ]);
    // Over the bound it trims to 95 % of it (floor), so trimming is rare.
    expect(boundAlerts(alerts, 7, windowStart)).toBe(alerts);
    expect(Object.keys(boundAlerts(alerts, 6, windowStart)).sort()).toEqual(['alert-1', 'alert-2', 'alert-3', 'alert-6', 'alert-7']);
    expect(Object.keys(boundAlerts(alerts, 5, windowStart)).sort()).toEqual(['alert-1', 'alert-2', 'alert-6', 'alert-7']);
    expect(Object.keys(boundAlerts(alerts, 4, windowStart)).sort()).toEqual(['alert-1', 'alert-6', 'alert-7']);
    expect(Object.keys(boundAlerts(alerts, 3, windowStart)).sort()).toEqual(['alert-1', 'alert-6']);
    expect(Object.keys(boundAlerts(alerts, 0, windowStart)).sort()).toEqual(['alert-1', 'alert-6']);
  });

  it('never drops an unread alert inside the alarm window, nor an unacknowledged critical one, whatever the bound', () => {
    const alerts = byId([
      stationAlert(1, { severity: 'low' }),
      stationAlert(2, { severity: 'high', readBy: ['colleague'] }), // read by someone else: still unread here
      old(3, { severity: 'critical' }),
      stationAlert(4, { severity: 'medium', acknowledgedBy: 'x' }),
    ]);
    expect(Object.keys(boundAlerts(alerts, 0, windowStart)).sort()).toEqual(['alert-1', 'alert-2', 'alert-3']);
    // No window known yet: every unread alert is kept (the safe side).
    expect(Object.keys(boundAlerts(byId([old(1, { severity: 'low' })]), 0))).toEqual(['alert-1']);
  });

  it('past the bound with nothing to drop, it returns the same record (no copy per alert during a flood)', () => {
    const alerts = byId([stationAlert(1, { severity: 'low' }), stationAlert(2, { severity: 'critical' })]);
    expect(boundAlerts(alerts, 1, windowStart)).toBe(alerts);
  });

  it('a long shift (5× the bound, one alert at a time) stays at the bound, keeping every unacknowledged critical', () => {
    const tracker = new SeqTracker();
    let alerts = {};
    for (let seq = 1; seq <= 2_500; seq++) {
      const acknowledged = seq % 50 !== 0;
      const result = ingestAlerts(
        alerts,
        [payload(seq, { severity: seq % 2 === 0 ? 'critical' : 'low', ...(acknowledged ? { acknowledgedBy: 'x' } : {}) })],
        ctx(tracker, 500),
      );
      tracker.observe(seq);
      alerts = result.alerts;
    }
    const kept = Object.values(alerts) as ReturnType<typeof stationAlert>[];
    expect(kept.length).toBeLessThanOrEqual(500);
    const unackedCritical = kept.filter((a) => a.severity === 'critical' && !a.acknowledgedBy);
    expect(unackedCritical).toHaveLength(50); // every 50th alert, all critical
    expect(tracker.lastSeq).toBe(2_500);
  });
});

describe('alert_updated', () => {
  it('syncs read/ack state from any station', () => {
    const alerts = byId([stationAlert(1)]);
    const result = applyAlertUpdate(
      alerts,
      { alertId: 'alert-1', seq: 1, readBy: ['nurse2', 'me'], acknowledgedBy: 'nurse2', acknowledgedAt: '2025-01-01T08:01:00.000Z' },
      'me',
    );
    expect(result?.acknowledged).toBe(true);
    expect(result?.alerts['alert-1']).toMatchObject({ readByMe: true, acknowledgedBy: 'nurse2' });
  });

  it('ignores unknown alerts and updates that change nothing', () => {
    expect(applyAlertUpdate({}, { alertId: 'x', seq: 1, readBy: [] }, 'me')).toBeUndefined();
    const alerts = byId([stationAlert(1, { readBy: ['me'], readByMe: true })]);
    expect(applyAlertUpdate(alerts, { alertId: 'alert-1', seq: 1, readBy: ['me'] }, 'me')).toBeUndefined();
  });

  it('a later update never overwrites the first (clinical) acknowledgement', () => {
    const alerts = byId([stationAlert(1, { acknowledgedBy: 'first', acknowledgedAt: '2025-01-01T08:01:00.000Z' })]);
    const result = applyAlertUpdate(
      alerts,
      { alertId: 'alert-1', seq: 1, readBy: ['second'], acknowledgedBy: 'second', acknowledgedAt: '2025-01-01T08:02:00.000Z' },
      'me',
    );
    expect(result?.alerts['alert-1']?.acknowledgedBy).toBe('first');
    expect(result?.acknowledged).toBe(false);
  });

  it('readByMe is recomputed for another user of the same hospital', () => {
    const alerts = recomputeReadByMe(byId([stationAlert(1, { readBy: ['a'], readByMe: true })]), 'b');
    expect(alerts['alert-1']?.readByMe).toBe(false);
  });
});

describe('conversations, priorities, patients', () => {
  const update = (i: number, conversationId = 'c1') => ({
    type: 'new_message' as const,
    conversationId,
    patientId: 'p1',
    message: {
      id: `m${i}`,
      content: `msg ${i}`,
      sender: 'patient' as const,
      timestamp: new Date(Date.UTC(2025, 0, 1, 8, 0, i)).toISOString(),
    },
    timestamp: new Date(Date.UTC(2025, 0, 1, 8, 0, i)).toISOString(),
  });

  it('keeps a bounded history per conversation and drops duplicates', () => {
    let conversations = {};
    for (let i = 0; i < 30; i++)
      conversations = applyConversationUpdate(conversations, update(i), { maxConversationEntries: 10, maxConversations: 5 });
    conversations = applyConversationUpdate(conversations, update(29), { maxConversationEntries: 10, maxConversations: 5 });
    const history = (conversations as Record<string, ReturnType<typeof update>[]>)['c1']!;
    expect(history).toHaveLength(10);
    expect(history.map((h) => h.message.id)).toEqual(['m20', 'm21', 'm22', 'm23', 'm24', 'm25', 'm26', 'm27', 'm28', 'm29']);
  });

  it('bounds the number of conversations, dropping the quietest', () => {
    let conversations = {};
    for (let i = 0; i < 4; i++)
      conversations = applyConversationUpdate(conversations, update(i, `c${i}`), { maxConversationEntries: 10, maxConversations: 3 });
    expect(Object.keys(conversations).sort()).toEqual(['c1', 'c2', 'c3']);
  });

  it('patients from new_patient and patient_status_change; priority joins the patient', () => {
    const store = createStationStore();
    const ts = '2025-01-01T08:00:00.000Z';
    store.setState(
      applyNewPatient(store.getState(), { patientId: 'p1', patientName: 'Maria', bed: '12A', status: 'active', timestamp: ts }, 1_000),
    );
    store.setState(
      applyPriorityUpdate(store.getState(), { patientId: 'p1', oldPriority: 0, newPriority: 80, category: 'critical', timestamp: ts }),
    );
    store.setState(
      applyPatientStatusChange(store.getState(), {
        patientId: 'p1',
        patientName: 'Maria',
        oldStatus: 'active',
        newStatus: 'hospitalized',
        timestamp: ts,
      }),
    );
    store.setState(
      applyPatientStatusChange(store.getState(), {
        patientId: 'p2',
        patientName: 'José',
        oldStatus: 'active',
        newStatus: 'in_treatment',
        timestamp: ts,
      }),
    );
    expect(store.getState().patients).toEqual({
      p1: { id: 'p1', name: 'Maria', bed: '12A', status: 'hospitalized', priority: 80, newAt: 1_000 },
      p2: { id: 'p2', name: 'José', status: 'in_treatment' },
    });
    expect(store.getState().priorities['p1']?.category).toBe('critical');
  });

  it('the initial state matches StationState', () => {
    expect(initialStationState()).toEqual({
      connection: 'disconnected',
      lastSeq: 0,
      alerts: {},
      conversations: {},
      priorities: {},
      patients: {},
      staff: {},
      config: { alarmWindowHours: 12, timeZone: 'America/Sao_Paulo' },
    });
  });
});

describe('what the screens show: repeats and old alerts', () => {
  it('counts repeats of a symptom from the stored metadata and from alert_updated, never down', () => {
    const tracker = new SeqTracker();
    const replayed = payload(1, { metadata: { occurrences: 3, lastOccurrenceAt: '2026-01-01T10:00:00.000Z' } });
    const { alerts } = ingestAlerts({}, [replayed], ctx(tracker));
    expect(alerts['alert-1']).toMatchObject({ occurrences: 3, lastOccurrenceAt: '2026-01-01T10:00:00.000Z' });

    const more = applyAlertUpdate(
      alerts,
      { alertId: 'alert-1', seq: 1, readBy: [], occurrences: 4, lastOccurrenceAt: '2026-01-01T10:05:00.000Z' },
      'me',
    );
    expect(more?.alerts['alert-1']).toMatchObject({ occurrences: 4, lastOccurrenceAt: '2026-01-01T10:05:00.000Z' });
    // A stale update (a replay overtaken by a newer count) changes nothing.
    expect(applyAlertUpdate(more!.alerts, { alertId: 'alert-1', seq: 1, readBy: [], occurrences: 2 }, 'me')).toBeUndefined();
    // A single occurrence carries no count at all.
    expect(ingestAlerts({}, [payload(2)], ctx(tracker)).alerts['alert-2']?.occurrences).toBeUndefined();
  });

  it('flags alerts raised before the alarm window as historical when first seen, and only those', () => {
    const now = Date.parse('2026-06-01T20:00:00.000Z');
    const windowStart = now - 12 * 3_600_000;
    const old = payload(1, { timestamp: new Date(windowStart - 60_000).toISOString() });
    const recent = payload(2, { timestamp: new Date(windowStart + 60_000).toISOString() });
    const result = ingestAlerts({}, [old, recent], { ...ctx(new SeqTracker()), now, historicalBefore: windowStart });
    expect(result.alerts['alert-1']?.historical).toBe(true);
    expect(result.alerts['alert-2']?.historical).toBeUndefined();
    expect(result.added.map((a) => a.id)).toEqual(['alert-1', 'alert-2']);
  });
});

describe('read times', () => {
  it("keeps each reader's first read time, adds new readers' times, and reports the change", () => {
    const alerts = byId([stationAlert(1, { readBy: ['ana'], readAt: { ana: '2026-01-01T10:00:00.000Z' } })]);
    const update = {
      alertId: 'alert-1',
      seq: 1,
      readBy: ['ana', 'bruno'],
      readAt: { ana: '2026-01-01T11:00:00.000Z', bruno: '2026-01-01T10:30:00.000Z' },
    };
    const result = applyAlertUpdate(alerts, update, 'me');
    expect(result?.alerts['alert-1']?.readAt).toEqual({ ana: '2026-01-01T10:00:00.000Z', bruno: '2026-01-01T10:30:00.000Z' });
    expect(applyAlertUpdate(result!.alerts, update, 'me')).toBeUndefined();
  });
});

describe('receipts and escalation (issue #9): they only ever go up', () => {
  const at = (minute: number) => `2025-01-01T10:${String(minute).padStart(2, '0')}:00.000Z`;

  it('alert_updated raises deliveredTo; a stale, lower count never lowers it', () => {
    const alerts = byId([stationAlert(1)]);
    const two = applyAlertUpdate(alerts, { alertId: 'alert-1', seq: 1, readBy: [], deliveredTo: 2 }, 'me');
    expect(two?.alerts['alert-1']?.deliveredTo).toBe(2);
    expect(applyAlertUpdate(two!.alerts, { alertId: 'alert-1', seq: 1, readBy: [], deliveredTo: 1 }, 'me')).toBeUndefined();
    expect(applyAlertUpdate(two!.alerts, { alertId: 'alert-1', seq: 1, readBy: [] }, 'me')).toBeUndefined();
  });

  it('alert_escalated raises the level once; a repeat or a lower level changes nothing', () => {
    const alerts = byId([stationAlert(1)]);
    const one = applyEscalation(alerts, { alertId: 'alert-1', seq: 1, level: 1, reason: 'ack_timeout', escalatedAt: at(2) });
    expect(one?.alert).toMatchObject({ escalationLevel: 1, escalatedAt: at(2) });
    expect(
      applyEscalation(one!.alerts, { alertId: 'alert-1', seq: 1, level: 1, reason: 'ack_timeout', escalatedAt: at(3) }),
    ).toBeUndefined();
    const two = applyEscalation(one!.alerts, { alertId: 'alert-1', seq: 1, level: 2, reason: 'external_timeout', escalatedAt: at(5) });
    expect(two?.alert).toMatchObject({ escalationLevel: 2, escalatedAt: at(5) });
    expect(
      applyEscalation(two!.alerts, { alertId: 'alert-1', seq: 1, level: 1, reason: 'ack_timeout', escalatedAt: at(2) }),
    ).toBeUndefined();
    expect(applyEscalation(alerts, { alertId: 'unknown', seq: 9, level: 1, reason: 'ack_timeout', escalatedAt: at(2) })).toBeUndefined();
  });

  it('a replay carrying a higher level and count merges them and reports the escalation; a stale replay lowers nothing', () => {
    const tracker = new SeqTracker(1);
    const held = byId([stationAlert(1, { deliveredTo: 3, escalationLevel: 1, escalatedAt: at(2) })]);
    const stale = ingestAlerts(held, [payload(1, { deliveredTo: 1 })], ctx(tracker));
    expect(stale.alerts['alert-1']).toMatchObject({ deliveredTo: 3, escalationLevel: 1, escalatedAt: at(2) });
    expect(stale.escalated).toEqual([]);
    const higher = ingestAlerts(held, [payload(1, { deliveredTo: 4, escalationLevel: 2, escalatedAt: at(5) })], ctx(tracker));
    expect(higher.alerts['alert-1']).toMatchObject({ deliveredTo: 4, escalationLevel: 2, escalatedAt: at(5) });
    expect(higher.escalated.map((alert) => alert.id)).toEqual(['alert-1']);
    // Acknowledged meanwhile: no escalation to ring.
    const acknowledged = ingestAlerts(held, [payload(1, { escalationLevel: 2, escalatedAt: at(5), acknowledgedBy: 'u2' })], ctx(tracker));
    expect(acknowledged.escalated).toEqual([]);
    expect(acknowledged.acknowledged).toEqual(['alert-1']);
  });

  it('a new alert keeps the receipts and escalation it was replayed with', () => {
    const result = ingestAlerts({}, [payload(1, { deliveredTo: 2, escalationLevel: 1, escalatedAt: at(2) })], ctx(new SeqTracker()));
    expect(result.added[0]).toMatchObject({ deliveredTo: 2, escalationLevel: 1, escalatedAt: at(2) });
  });
});
