import { describe, expect, it } from 'vitest';
import { createFakeDesktopApi } from '../test-support/fake-desktop-api';
import { byId, makeAlert, makePatient, makeSnapshot } from '../test-support/fixtures';
import { createRendererStore } from './create-renderer-store';

const copy = <T,>(value: T): T => structuredClone(value);

describe('station slice: a read-only mirror that reuses unchanged objects', () => {
  const base = makeSnapshot({
    alerts: byId(makeAlert({ id: 'a1', seq: 1 }), makeAlert({ id: 'a2', seq: 2, severity: 'high' })),
    patients: byId(makePatient({ id: 'p-1', bed: '12' }), makePatient({ id: 'p-2', name: 'José Pereira', bed: '7' })),
  });

  it('keeps the identity of an unchanged alert and replaces the changed one', () => {
    const store = createRendererStore(createFakeDesktopApi());
    store.getState().receiveSnapshot(copy(base));
    const before = store.getState().station!;

    const next = copy(base);
    next.alerts['a2'] = { ...next.alerts['a2']!, readBy: ['u-bruno'] };
    store.getState().receiveSnapshot(next);
    const after = store.getState().station!;

    expect(after.alerts['a1']).toBe(before.alerts['a1']);
    expect(after.alerts['a2']).not.toBe(before.alerts['a2']);
    expect(after.alerts['a2']?.readBy).toEqual(['u-bruno']);
    expect(after.alerts).not.toBe(before.alerts);
    // Patients did not change: the whole record is the same object.
    expect(after.patients).toBe(before.patients);
  });

  it('keeps the whole snapshot when a push changes nothing', () => {
    const store = createRendererStore(createFakeDesktopApi());
    store.getState().receiveSnapshot(copy(base));
    const before = store.getState().station;
    store.getState().receiveSnapshot(copy(base));
    expect(store.getState().station).toBe(before);
  });

  it('reuses a conversation history that did not grow, and replaces one that did', () => {
    const update = { type: 'new_message' as const, conversationId: 'c1', patientId: 'p-1', timestamp: '2025-03-10T16:00:00Z' };
    const withConversations = makeSnapshot({ conversations: { c1: [update], c2: [{ ...update, conversationId: 'c2' }] } });
    const store = createRendererStore(createFakeDesktopApi());
    store.getState().receiveSnapshot(copy(withConversations));
    const before = store.getState().station!.conversations;

    const next = copy(withConversations);
    next.conversations['c2']!.push({ ...update, conversationId: 'c2', timestamp: '2025-03-10T16:05:00Z' });
    store.getState().receiveSnapshot(next);
    const after = store.getState().station!.conversations;
    expect(after['c1']).toBe(before['c1']);
    expect(after['c2']).toHaveLength(2);
  });

  it('shows a removed alert as removed (the core decides, the mirror follows)', () => {
    const store = createRendererStore(createFakeDesktopApi());
    store.getState().receiveSnapshot(copy(base));
    const next = copy(base);
    delete next.alerts['a2'];
    store.getState().receiveSnapshot(next);
    expect(Object.keys(store.getState().station!.alerts)).toEqual(['a1']);
  });

  it('announces a new unacknowledged critical alert once, and never the ones present at sign-in', () => {
    const store = createRendererStore(createFakeDesktopApi());
    store.getState().receiveSnapshot(copy(base));
    expect(store.getState().criticalAnnouncement).toBeUndefined();

    const next = copy(base);
    next.alerts['a3'] = makeAlert({ id: 'a3', seq: 3, patientId: 'p-2' });
    next.alerts['a4'] = makeAlert({ id: 'a4', seq: 4, severity: 'high' });
    next.alerts['a5'] = makeAlert({ id: 'a5', seq: 5, historical: true });
    store.getState().receiveSnapshot(next);
    const announcement = store.getState().criticalAnnouncement;
    expect(announcement?.alerts.map(({ alert }) => alert.id)).toEqual(['a3']);
    expect(announcement?.alerts[0]?.bed).toBe('7');

    const later = copy(next);
    later.alerts['a3'] = { ...later.alerts['a3']!, readBy: ['u-ana'] };
    store.getState().receiveSnapshot(later);
    expect(store.getState().criticalAnnouncement).toBe(announcement);
  });

  it('starts a new baseline when another nurse signs in', () => {
    const store = createRendererStore(createFakeDesktopApi());
    store.getState().receiveSnapshot(copy(base));
    store.getState().receiveSnapshot(makeSnapshot({ user: undefined }));
    const bruno = copy(base);
    bruno.user = { id: 'u-bruno', name: 'Bruno Lima', tenantId: 'hosp-1', role: 'nurse' };
    bruno.alerts['a9'] = makeAlert({ id: 'a9', seq: 9 });
    store.getState().receiveSnapshot(bruno);
    expect(store.getState().criticalAnnouncement).toBeUndefined();
  });
});
