/**
 * The screen's notion of "now": one ticking source for every relative time
 * and countdown (one timer, not one per row), and replaceable in tests.
 */
export interface Clock {
  now(): number;
  /** Called about every second while subscribed. */
  subscribe(listener: () => void): () => void;
}

export function createSystemClock(tickMs = 1_000): Clock {
  const listeners = new Set<() => void>();
  let timer: ReturnType<typeof setInterval> | undefined;
  return {
    now: () => Date.now(),
    subscribe: (listener) => {
      listeners.add(listener);
      timer ??= setInterval(() => listeners.forEach((l) => l()), tickMs);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== undefined) {
          clearInterval(timer);
          timer = undefined;
        }
      };
    },
  };
}
