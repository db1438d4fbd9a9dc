import type { AlertEscalatedPayload, AlertPayload, AlertUpdatedPayload } from '@plantao/shared';
import { type Scheduler, Timer } from './scheduler';
import { higherEscalation } from './store';

/**
 * Tells replayed alerts from live ones after a (re)connect, so a station back
 * from an outage shows ONE "N alerts received while disconnected" instead of
 * N popups.
 *
 * Right after `connect` the server replays what came after our `lastSeq`; we
 * also ask `sync` for the same range (which tells us where the backlog ends
 * and refreshes the read/ack state of alerts we hold). Alerts arriving until
 * that answer (or `windowMs`, whichever comes first) are held here; on close,
 * the ones up to the backlog's end are "catch-up", later ones are live. Held
 * alerts wait at most `windowMs` (1.5 s by default) before they alarm.
 */
export interface CatchUpBatch {
  catchUp: AlertPayload[];
  live: AlertPayload[];
}

export class CatchUpGate {
  private held: AlertPayload[] | undefined;
  private readonly timer: Timer;

  constructor(
    scheduler: Scheduler,
    private readonly windowMs: number,
    private readonly onClose: (batch: CatchUpBatch) => void,
  ) {
    this.timer = new Timer(scheduler);
  }

  get isOpen(): boolean {
    return this.held !== undefined;
  }

  open(): void {
    this.held ??= [];
    this.timer.set(() => this.close(), this.windowMs);
  }

  /** True when the alert is held until the window closes. */
  offer(alert: AlertPayload): boolean {
    if (!this.held) return false;
    this.held.push(alert);
    return true;
  }

  /** Read/ack news about an alert still held (otherwise it would be lost: the store does not know it yet). */
  updateHeld(update: AlertUpdatedPayload): boolean {
    if (!this.held) return false;
    let found = false;
    this.held = this.held.map((alert) => {
      if (alert.id !== update.alertId) return alert;
      found = true;
      const readBy = [...new Set([...alert.readBy, ...update.readBy])];
      const acknowledgedBy = alert.acknowledgedBy ?? update.acknowledgedBy;
      const acknowledgedAt = alert.acknowledgedAt ?? update.acknowledgedAt;
      const deliveredTo = Math.max(alert.deliveredTo ?? 0, update.deliveredTo ?? 0);
      return {
        ...alert,
        readBy,
        ...(acknowledgedBy !== undefined ? { acknowledgedBy } : {}),
        ...(acknowledgedAt !== undefined ? { acknowledgedAt } : {}),
        ...(deliveredTo > 0 ? { deliveredTo } : {}),
      };
    });
    return found;
  }

  /** An escalation of an alert still held: it is taken in already escalated (and rings as such). */
  escalateHeld(escalation: AlertEscalatedPayload): boolean {
    if (!this.held) return false;
    let found = false;
    this.held = this.held.map((alert) => {
      if (alert.id !== escalation.alertId) return alert;
      found = true;
      return { ...alert, ...higherEscalation(alert, { escalationLevel: escalation.level, escalatedAt: escalation.escalatedAt }) };
    });
    return found;
  }

  /**
   * Ends the window. `backlog`: alerts of the sync answer (always catch-up);
   * `backlogEnd`: the last seq of the backlog, or `undefined` when unknown
   * (sync failed or timed out: everything held counts as catch-up).
   */
  close(backlog: readonly AlertPayload[] = [], backlogEnd?: number): void {
    const held = this.held;
    this.timer.clear();
    this.held = undefined;
    if (!held) {
      if (backlog.length > 0) this.onClose({ catchUp: [...backlog], live: [] });
      return;
    }
    const catchUp = [...backlog];
    const live: AlertPayload[] = [];
    for (const alert of held) {
      if (backlogEnd === undefined || alert.seq <= backlogEnd) catchUp.push(alert);
      else live.push(alert);
    }
    if (catchUp.length > 0 || live.length > 0) this.onClose({ catchUp, live });
  }

  /** Drops the window without delivering (stop, logout). */
  cancel(): void {
    this.timer.clear();
    this.held = undefined;
  }
}
