import { describe, expect, it } from 'vitest';
import { retentionCutoff } from './retention-window';

describe('retentionCutoff', () => {
  const now = Date.parse('2026-03-31T12:00:00.000Z');

  it('is exactly `days` of 24 h before now, in the stored ISO form', () => {
    expect(retentionCutoff(now, 30)).toBe('2026-03-01T12:00:00.000Z');
    expect(retentionCutoff(now, 7)).toBe('2026-03-24T12:00:00.000Z');
  });

  it('keeps everything for 0 days', () => {
    expect(retentionCutoff(now, 0)).toBeUndefined();
  });

  it('orders as a string the way the instants order (the purge compares strings in SQL)', () => {
    const cutoff = retentionCutoff(now, 30)!;
    const justBefore = new Date(Date.parse(cutoff) - 1).toISOString();
    const justAfter = new Date(Date.parse(cutoff) + 1).toISOString();
    expect(justBefore < cutoff).toBe(true);
    expect(cutoff < justAfter).toBe(true);
  });
});
