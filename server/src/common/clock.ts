/**
 * The one place the server reads the time, so tests can move it (issue #3's
 * "controlled clock") without faking timers under Socket.io.
 */
export abstract class Clock {
  abstract now(): number;
  isoNow(): string {
    return new Date(this.now()).toISOString();
  }
}

export class SystemClock extends Clock {
  now(): number {
    return Date.now();
  }
}
