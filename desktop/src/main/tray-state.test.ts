import { describe, expect, it } from 'vitest';
import { trayStateOf } from './tray-state';
import { alert, emptyState } from '../../test/support/main-fakes';

describe('trayStateOf', () => {
  it('counts alerts unread by me and critical ones nobody acknowledged', () => {
    const result = trayStateOf(
      emptyState({
        connection: 'disconnected',
        silencedUntil: 99,
        alerts: {
          a: alert('a'),
          b: alert('b', { readByMe: true }),
          c: alert('c', { severity: 'high' }),
          d: alert('d', { readByMe: true, acknowledgedBy: 'u2', acknowledgedAt: '2025-01-01T10:01:00.000Z' }),
        },
      }),
    );
    expect(result).toEqual({ connection: 'disconnected', unread: 2, unacknowledgedCritical: 2, silencedUntil: 99 });
  });
});
