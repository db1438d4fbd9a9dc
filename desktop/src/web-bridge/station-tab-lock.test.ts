import { describe, expect, it } from 'vitest';
import { holdStationLock, type LockManagerLike } from './station-tab-lock';

/** `navigator.locks` for one lock name, shared by several "tabs". */
function fakeLocks(): LockManagerLike {
  let queue = Promise.resolve();
  return {
    request: ((_name: string, callback: () => Promise<unknown> | unknown) => {
      const run = queue.then(() => callback());
      queue = run.then(
        () => undefined,
        () => undefined,
      );
      return run;
    }) as LockManagerLike['request'],
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('station tab lock', () => {
  it('runs the station in one tab at a time; the next takes over when the first goes', async () => {
    const locks = fakeLocks();
    const started: string[] = [];
    const releaseFirst = holdStationLock(locks, 'plantao-station:x', () => started.push('first'));
    holdStationLock(locks, 'plantao-station:x', () => started.push('second'));
    await tick();
    expect(started).toEqual(['first']);
    releaseFirst();
    await tick();
    expect(started).toEqual(['first', 'second']);
  });

  it('a tab released while waiting never starts', async () => {
    const locks = fakeLocks();
    const started: string[] = [];
    const releaseFirst = holdStationLock(locks, 'n', () => started.push('first'));
    const releaseSecond = holdStationLock(locks, 'n', () => started.push('second'));
    await tick();
    releaseSecond();
    releaseFirst();
    await tick();
    expect(started).toEqual(['first']);
    // The lock is free again for a third tab.
    holdStationLock(locks, 'n', () => started.push('third'));
    await tick();
    expect(started).toEqual(['first', 'third']);
  });

  it('runs at once where the browser has no Web Locks', () => {
    const started: string[] = [];
    holdStationLock(undefined, 'n', () => started.push('tab'));
    expect(started).toEqual(['tab']);
  });
});
