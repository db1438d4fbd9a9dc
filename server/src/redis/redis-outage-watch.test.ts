import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RedisOutageWatch } from './redis-outage-watch';

describe('RedisOutageWatch: when stations are told to replay', () => {
  let ready = true;
  let kicks: string[];
  const logger = new Logger('test');
  const watch = (outageResyncMs = 0) => {
    const w = new RedisOutageWatch(() => ready, outageResyncMs, logger);
    w.attach({ local: () => kicks.push('local'), everywhere: () => kicks.push('everywhere') });
    return w;
  };

  beforeEach(() => {
    vi.useFakeTimers();
    vi.spyOn(logger, 'warn').mockImplementation(() => undefined);
    vi.spyOn(logger, 'debug').mockImplementation(() => undefined);
    ready = true;
    kicks = [];
  });
  afterEach(() => vi.useRealTimers());

  it("link back with nothing published meanwhile: only this instance's stations replay", () => {
    const w = watch();
    ready = false;
    w.linkError('sub', new Error('ECONNREFUSED'));
    w.linkError('sub', new Error('ECONNREFUSED'));
    expect(w.down).toBe(true);
    w.linkReady(); // one client back, the other not yet
    expect(kicks).toEqual([]);
    ready = true;
    w.linkReady();
    expect(kicks).toEqual(['local']);
    expect(w.down).toBe(false);
  });

  it("a publish lost during the outage: every instance's stations replay once the link is back", () => {
    const w = watch();
    ready = false;
    w.publishFailed(new Error('offline'));
    expect(w.down).toBe(true);
    ready = true;
    w.linkReady();
    expect(kicks).toEqual(['everywhere']);
  });

  it('a publish refused with the link up (OOM, READONLY): every instance replays a second later', () => {
    const w = watch();
    w.publishFailed(new Error('OOM'));
    expect(kicks).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(kicks).toEqual(['everywhere']);
  });

  it('while down, local stations replay every outageResyncMs; none after close', () => {
    const w = watch(1000);
    ready = false;
    w.linkDown('pub');
    vi.advanceTimersByTime(3500);
    expect(kicks).toEqual(['local', 'local', 'local']);
    w.close();
    vi.advanceTimersByTime(3000);
    ready = true;
    w.linkReady();
    expect(kicks).toHaveLength(3);
  });
});
