/** Fakes for the station core's ports (ports.ts, scheduler.ts, logger.ts): the host outputs recorded, a manual clock, a logger into an array. */
import type { AlarmOutputs, NotificationRequest, SoundKind } from '../../src/core/ports';
import type { Scheduler, TimerHandle } from '../../src/core/scheduler';
import type { CoreLogger } from '../../src/core/logger';

/** The host outputs, recorded: the only fakes these tests use. */
export interface RecordingOutputs extends AlarmOutputs {
  notifications: NotificationRequest[];
  sounds: SoundKind[];
  soundCount(kind: SoundKind): number;
  clear(): void;
}

export function recordingOutputs(): RecordingOutputs {
  const notifications: NotificationRequest[] = [];
  const sounds: SoundKind[] = [];
  return {
    notifications,
    sounds,
    notify: (request) => void notifications.push(request),
    playSound: (kind) => void sounds.push(kind),
    soundCount: (kind) => sounds.filter((sound) => sound === kind).length,
    clear: () => {
      notifications.length = 0;
      sounds.length = 0;
    },
  };
}

/** A manual clock: timers fire only when the test advances time. */
export class FakeScheduler implements Scheduler {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, { at: number; run: () => void }>();

  constructor(start = Date.UTC(2025, 0, 1, 8, 0, 0)) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(run: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { at: this.current + Math.max(0, delayMs), run });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle as number);
  }

  get pendingTimers(): number {
    return this.timers.size;
  }

  /** Moves time forward, firing due timers in order (including ones they schedule). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let nextId: number | undefined;
      let nextAt = Infinity;
      for (const [id, timer] of this.timers) {
        if (timer.at <= target && timer.at < nextAt) {
          nextAt = timer.at;
          nextId = id;
        }
      }
      if (nextId === undefined) break;
      const timer = this.timers.get(nextId);
      this.timers.delete(nextId);
      this.current = nextAt;
      timer?.run();
    }
    this.current = target;
  }
}

export interface LogLine {
  level: string;
  msg: string;
  context?: Record<string, unknown>;
}

export function memoryLogger(echo = process.env.PLANTAO_TEST_LOG === '1'): CoreLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const write = (level: string) => (msg: string, context?: Record<string, unknown>) => {
    lines.push({ level, msg, ...(context ? { context } : {}) });
    if (echo) process.stderr.write(`${level} ${msg} ${context ? JSON.stringify(context) : ''}\n`);
  };
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
