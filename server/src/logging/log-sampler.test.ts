import { describe, expect, it } from 'vitest';
import { LogSampler } from './log-sampler';

describe('LogSampler', () => {
  it('lets the first line of a key through, holds back the rest of its window, and reports them with the next one', () => {
    const sampler = new LogSampler(1000);
    expect(sampler.admit('10.0.0.1|unauthorized', 0)).toEqual({ heldBack: 0 });
    expect(sampler.admit('10.0.0.1|unauthorized', 10)).toBeUndefined();
    expect(sampler.admit('10.0.0.1|unauthorized', 999)).toBeUndefined();
    expect(sampler.admit('10.0.0.1|unauthorized', 1000)).toEqual({ heldBack: 2 });
    expect(sampler.admit('10.0.0.1|unauthorized', 1001)).toBeUndefined();
  });

  it('keeps keys apart: another address or reason is not held back', () => {
    const sampler = new LogSampler(1000);
    expect(sampler.admit('a|unauthorized', 0)).toEqual({ heldBack: 0 });
    expect(sampler.admit('b|unauthorized', 1)).toEqual({ heldBack: 0 });
    expect(sampler.admit('a|token_expired', 2)).toEqual({ heldBack: 0 });
  });

  it('tracks at most maxKeys keys: new ones are held back until old windows expire', () => {
    const sampler = new LogSampler(1000, 2);
    expect(sampler.admit('a', 0)).toBeDefined();
    expect(sampler.admit('b', 0)).toBeDefined();
    expect(sampler.admit('c', 500)).toBeUndefined();
    expect(sampler.admit('c', 1000)).toEqual({ heldBack: 0 });
    expect(sampler.admit('a', 1000)).toEqual({ heldBack: 0 });
  });
});
