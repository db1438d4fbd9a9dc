import { Clock } from '../../src/common/clock';

/** Real time plus an offset the test moves forward ("4 hours later"). */
export class ManualClock extends Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}
