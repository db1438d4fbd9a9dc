import { describe, expect, it } from 'vitest';
import { HALF_LIFE_HOURS, priorityScore } from './priority-score';

const now = Date.parse('2026-11-25T12:00:00Z');
const hours = (h: number) => now - h * 3_600_000;

describe('priorityScore', () => {
  it('is 0 without open alerts and capped at 100', () => {
    expect(priorityScore([], now)).toBe(0);
    expect(priorityScore(Array.from({ length: 10 }, () => ({ severity: 'critical' as const, raisedAt: now })), now)).toBe(100);
  });

  it('ranks a fresh critical above any single lower severity', () => {
    const critical = priorityScore([{ severity: 'critical', raisedAt: now }], now);
    const high = priorityScore([{ severity: 'high', raisedAt: now }], now);
    expect(critical).toBeGreaterThan(high);
    expect(high).toBeGreaterThan(priorityScore([{ severity: 'medium', raisedAt: now }], now));
  });

  it('halves an alert contribution every half-life', () => {
    const fresh = priorityScore([{ severity: 'critical', raisedAt: now }], now);
    expect(priorityScore([{ severity: 'critical', raisedAt: hours(HALF_LIFE_HOURS) }], now)).toBe(Math.round(fresh / 2));
  });

  it('adds part of the other open alerts', () => {
    const one = priorityScore([{ severity: 'high', raisedAt: now }], now);
    const two = priorityScore([{ severity: 'high', raisedAt: now }, { severity: 'medium', raisedAt: now }], now);
    expect(two).toBeGreaterThan(one);
  });
});
