import type { StationSnapshot } from '@plantao/shared';
import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../test-support/fake-desktop-api';
import { byId, makeAlert, makePatient, makeSnapshot, minutesAgo } from '../test-support/fixtures';
import { createRendererStore, type RendererState } from './create-renderer-store';
import {
  alertBed,
  selectAlarmActive,
  selectAlertIdsByFilter,
  selectHistoricalToReview,
  selectPatientsByPriority,
  selectUnacknowledgedCritical,
  selectUnreadCount,
} from './selectors';

function stateWith(snapshot: Partial<StationSnapshot>): RendererState {
  const store = createRendererStore(createFakeDesktopApi());
  store.getState().receiveSnapshot(makeSnapshot(snapshot));
  return store.getState();
}

const alerts = byId(
  makeAlert({ id: 'crit-new', seq: 5, timestamp: minutesAgo(1) }),
  makeAlert({ id: 'crit-old', seq: 2, timestamp: minutesAgo(30) }),
  makeAlert({
    id: 'crit-acked',
    seq: 3,
    timestamp: minutesAgo(10),
    acknowledgedBy: 'u-bruno',
    acknowledgedAt: minutesAgo(9),
    readByMe: true,
    readBy: ['u-ana'],
  }),
  makeAlert({ id: 'crit-historical', seq: 1, timestamp: minutesAgo(60 * 20), historical: true }),
  makeAlert({ id: 'high-read', seq: 4, severity: 'high', timestamp: minutesAgo(5), readByMe: true, readBy: ['u-ana'] }),
);

describe('selectors', () => {
  it('pins unacknowledged critical alerts newest first, without acknowledged or historical ones', () => {
    expect(selectUnacknowledgedCritical(stateWith({ alerts })).map((a) => a.id)).toEqual(['crit-new', 'crit-old']);
  });

  it('lists historical unacknowledged alerts for review', () => {
    expect(selectHistoricalToReview(stateWith({ alerts }))).toEqual(['crit-historical']);
  });

  it('filters: all newest first, unread, critical', () => {
    const state = stateWith({ alerts });
    expect(selectAlertIdsByFilter('all')(state)).toEqual(['crit-new', 'high-read', 'crit-acked', 'crit-old', 'crit-historical']);
    expect(selectAlertIdsByFilter('unread')(state)).toEqual(['crit-new', 'crit-old', 'crit-historical']);
    expect(selectAlertIdsByFilter('critical')(state)).toEqual(['crit-new', 'crit-acked', 'crit-old', 'crit-historical']);
  });

  it('returns the same array until the alerts change', () => {
    const state = stateWith({ alerts });
    expect(selectAlertIdsByFilter('unread')(state)).toBe(selectAlertIdsByFilter('unread')(state));
    expect(selectUnacknowledgedCritical(state)).toBe(selectUnacknowledgedCritical(state));
  });

  it('counts the alerts this nurse has not read', () => {
    expect(selectUnreadCount(stateWith({ alerts }))).toBe(3);
    expect(selectUnreadCount(stateWith({}))).toBe(0);
  });

  it('sounds the alarm for a waiting critical alert or a lost connection, not for historical ones', () => {
    expect(selectAlarmActive(stateWith({ alerts }))).toBe(true);
    expect(selectAlarmActive(stateWith({ alerts: byId(alerts['crit-historical']!) }))).toBe(false);
    expect(selectAlarmActive(stateWith({ connection: 'disconnected' }))).toBe(true);
  });

  it('orders patients by priority, highest first, with unscored ones last and the category from the score', () => {
    const state = stateWith({
      patients: byId(
        makePatient({ id: 'low', name: 'Baixa', priority: 10 }),
        makePatient({ id: 'none', name: 'Sem' }),
        makePatient({ id: 'top', name: 'Topo', priority: 90 }),
        makePatient({ id: 'mid', name: 'Meio', priority: 55 }),
      ),
      priorities: {
        // Only a priority_update knows this score: it counts too.
        none: { patientId: 'none', oldPriority: 0, newPriority: 30, category: 'medium', reason: 'Sem resposta', timestamp: minutesAgo(1) },
      },
    });
    const entries = selectPatientsByPriority(state);
    expect(entries.map((e) => e.patient.id)).toEqual(['top', 'mid', 'none', 'low']);
    expect(entries.map((e) => e.category)).toEqual(['critical', 'high', 'medium', 'low']);
    expect(entries[2]?.priority?.reason).toBe('Sem resposta');
  });

  it('finds the bed on the patient, else in the alert metadata', () => {
    const alert = makeAlert({ id: 'x', metadata: { bed: '14B' } });
    expect(alertBed(alert, makePatient({ id: 'p-1', bed: '12' }))).toBe('12');
    expect(alertBed(alert, undefined)).toBe('14B');
    expect(alertBed(makeAlert({ id: 'y', metadata: { bed: 14 } }), undefined)).toBeUndefined();
  });
});
