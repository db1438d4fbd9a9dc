import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LatestValueThrottle } from './latest-value-throttle';

describe('LatestValueThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('emits the first change at once, then at most once per interval with the latest value', () => {
    const sent: [string, number, number][] = [];
    const throttle = new LatestValueThrottle<number>(
      1000,
      (k, o, n) => sent.push([k, o, n]),
      () => Date.now(),
    );
    throttle.push('p1', 10, 0);
    throttle.push('p1', 20, 0);
    throttle.push('p1', 35, 0);
    expect(sent).toEqual([['p1', 0, 10]]);
    vi.advanceTimersByTime(999);
    expect(sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    // oldPriority is what stations last saw (10), not the intermediate 20.
    expect(sent).toEqual([
      ['p1', 0, 10],
      ['p1', 10, 35],
    ]);
  });

  it('keeps keys independent and skips values equal to what was last sent', () => {
    const sent: [string, number, number][] = [];
    const throttle = new LatestValueThrottle<number>(
      1000,
      (k, o, n) => sent.push([k, o, n]),
      () => Date.now(),
    );
    throttle.push('a', 5, 5);
    throttle.push('b', 7, 0);
    throttle.push('b', 9, 0);
    throttle.push('b', 7, 0);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([['b', 0, 7]]);
    throttle.close();
  });
});
