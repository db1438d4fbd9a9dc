import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket';

const clock = () => {
  let t = 1_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('TokenBucket', () => {
  it('lets a burst of `capacity` through, then refuses', () => {
    const c = clock();
    const bucket = new TokenBucket(3, 1, c.now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    expect(bucket.msUntilToken()).toBe(1000);
  });

  it('refills continuously at the rate, never above capacity', () => {
    const c = clock();
    const bucket = new TokenBucket(2, 4, c.now);
    bucket.take();
    bucket.take();
    c.advance(249);
    expect(bucket.take()).toBe(false);
    c.advance(1);
    expect(bucket.take()).toBe(true);
    c.advance(60_000);
    expect([bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, false]);
  });

  it('a refused take costs nothing: waiting the advertised time is enough', () => {
    const c = clock();
    const bucket = new TokenBucket(1, 0.5, c.now);
    expect(bucket.take()).toBe(true);
    for (let i = 0; i < 100; i++) expect(bucket.take()).toBe(false);
    c.advance(bucket.msUntilToken());
    expect(bucket.take()).toBe(true);
  });

  it('ignores a clock that goes backwards, and a rate of 0 never refills', () => {
    const c = clock();
    const bucket = new TokenBucket(1, 0, c.now);
    expect(bucket.take()).toBe(true);
    c.advance(-500);
    c.advance(10_000);
    expect(bucket.take()).toBe(false);
    expect(bucket.msUntilToken()).toBe(Infinity);
  });

  it('rejects a capacity below one', () => {
    expect(() => new TokenBucket(0, 1)).toThrow(RangeError);
  });
});
