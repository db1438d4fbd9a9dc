import { describe, expect, it } from 'vitest';
import { ASSUMED_FACTOR, HALF_LIFE_HOURS, priorityScore, UNANSWERED_MAX, WORSENING_BONUS } from './priority-score';

const now = Date.parse('2026-11-25T12:00:00Z');
const hours = (h: number) => now - h * 3_600_000;
const score = (openAlerts: Parameters<typeof priorityScore>[0]['openAlerts'], extra = {}) => priorityScore({ openAlerts, ...extra }, now);

describe('priorityScore', () => {
  it('is 0 without open alerts and capped at 100', () => {
    expect(score([])).toBe(0);
    expect(score(Array.from({ length: 10 }, () => ({ severity: 'critical' as const, raisedAt: now })))).toBe(100);
  });

  it('ranks a fresh critical above any single lower severity', () => {
    const critical = score([{ severity: 'critical', raisedAt: now }]);
    const high = score([{ severity: 'high', raisedAt: now }]);
    expect(critical).toBeGreaterThan(high);
    expect(high).toBeGreaterThan(score([{ severity: 'medium', raisedAt: now }]));
  });

  it('halves an alert contribution every half-life', () => {
    const fresh = score([{ severity: 'critical', raisedAt: now }]);
    expect(score([{ severity: 'critical', raisedAt: hours(HALF_LIFE_HOURS) }])).toBe(Math.round(fresh / 2));
  });

  it('adds part of the other open alerts, and more for worsening', () => {
    const one = score([{ severity: 'high', raisedAt: now }]);
    expect(
      score([
        { severity: 'high', raisedAt: now },
        { severity: 'medium', raisedAt: now },
      ]),
    ).toBeGreaterThan(one);
    expect(score([{ severity: 'high', raisedAt: now, worsening: true }])).toBe(one + WORSENING_BONUS);
  });

  it('grows while a patient waits for an answer, up to a cap, and drops when a nurse assumes', () => {
    const base = score([{ severity: 'medium', raisedAt: now }]);
    expect(score([{ severity: 'medium', raisedAt: now }], { unansweredSince: hours(1) })).toBe(base + 5);
    expect(score([{ severity: 'medium', raisedAt: now }], { unansweredSince: hours(10) })).toBe(base + UNANSWERED_MAX);
    expect(score([{ severity: 'medium', raisedAt: now }], { assumed: true })).toBe(Math.round(base * ASSUMED_FACTOR));
  });
});
