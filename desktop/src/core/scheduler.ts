/**
 * Time as the station core sees it. Injected so the alarm policy and the
 * token schedule can be unit-tested with a fake clock, and so the same core
 * runs in Node and in a browser page (both have `setTimeout`).
 */
export type TimerHandle = unknown;

export interface Scheduler {
  /** Epoch milliseconds. */
  now(): number;
  setTimeout(run: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const realScheduler: Scheduler = {
  now: () => Date.now(),
  setTimeout: (run, delayMs) => globalThis.setTimeout(run, Math.max(0, delayMs)),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

/** One restartable timer: `set` replaces whatever was pending. */
export class Timer {
  private handle: TimerHandle | undefined;

  constructor(private readonly scheduler: Scheduler) {}

  set(run: () => void, delayMs: number): void {
    this.clear();
    this.handle = this.scheduler.setTimeout(() => {
      this.handle = undefined;
      run();
    }, delayMs);
  }

  clear(): void {
    if (this.handle !== undefined) this.scheduler.clearTimeout(this.handle);
    this.handle = undefined;
  }

  get pending(): boolean {
    return this.handle !== undefined;
  }
}
