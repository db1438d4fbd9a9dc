import { act } from '@testing-library/react';
import type { Clock } from '../ui/clock';

/** A clock the test moves by hand (`advance`), re-rendering what shows time. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  set(epochMs: number): void;
}

export function createManualClock(start: number): ManualClock {
  let now = start;
  const listeners = new Set<() => void>();
  const tick = (): void => act(() => listeners.forEach((listener) => listener()));
  return {
    now: () => now,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    advance: (ms) => {
      now += ms;
      tick();
    },
    set: (epochMs) => {
      now = epochMs;
      tick();
    },
  };
}
