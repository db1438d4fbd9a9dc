import { type CoreLogger, errorContext } from './logger';
import type { Scheduler, TimerHandle } from './scheduler';
import type { PersistedStation, StationStorage } from './storage';

/**
 * Writes the persisted state without writing on every event: changes are
 * coalesced for `delayMs`, while `saveNow` (a rotated refresh token, which
 * must reach the disk before it is used) writes at once. Only the latest
 * snapshot is ever written, and writes never overlap.
 *
 * Each write is the whole state (bounded by the store's limits), so writes
 * must not pile up behind a slow disk during a flood: at most one write
 * waits behind the one in progress, and every save asked for meanwhile joins
 * it (its snapshot is taken when it starts, so it carries all of them).
 */
export class Persister {
  private timer: TimerHandle | undefined;
  private writing: Promise<void> = Promise.resolve();
  /** The write waiting for the one in progress; it has not taken its snapshot yet. */
  private queued: Promise<void> | undefined;

  constructor(
    private readonly storage: StationStorage,
    private readonly snapshot: () => PersistedStation,
    private readonly scheduler: Scheduler,
    private readonly log: CoreLogger,
    private readonly delayMs = 300,
  ) {}

  schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      void this.saveNow();
    }, this.delayMs);
  }

  /** Writes the current snapshot (after any write in progress). Never rejects: failures are logged. */
  saveNow(): Promise<void> {
    this.cancel();
    if (this.queued !== undefined) return this.queued;
    const write = this.writing.then(async () => {
      this.queued = undefined;
      try {
        await this.storage.save(this.snapshot());
      } catch (error) {
        this.log.error('could not save the station state', errorContext(error));
      }
    });
    this.queued = write;
    this.writing = write;
    return write;
  }

  /** Writes pending changes now, if any. */
  async flush(): Promise<void> {
    if (this.timer !== undefined) await this.saveNow();
    else await this.writing;
  }

  cancel(): void {
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }

  async clear(): Promise<void> {
    this.cancel();
    await this.writing;
    try {
      await this.storage.clear();
    } catch (error) {
      this.log.error('could not clear the station state', errorContext(error));
    }
  }
}
