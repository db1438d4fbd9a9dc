import { SYNC_PAGE_SIZE } from '@plantao/shared';
import { type CoreLogger, errorContext } from './logger';
import { type Scheduler, Timer } from './scheduler';
import type { StationSessions } from './station-session';

/**
 * Delivery receipts (issue #9): the station tells the server, without a
 * nurse, which alerts it holds (`alert_delivered`), whichever way they came
 * (live, handshake replay, `sync` page), so the server knows a critical alert
 * reached a screen and can escalate one that reached none.
 *
 * Ids are collected for a short debounce and sent in batches of at most one
 * sync page. A batch the server did not confirm (no answer, an error, the link
 * dropped) stays pending and goes again after the next connect (and, for an
 * overloaded or slow server, after `retryMs` on the same link). Confirmed ids
 * are not sent again while the app runs; after a restart the catch-up replays
 * the unacknowledged alerts and they are confirmed once more, which the server
 * ignores (receipts are idempotent). Taking alerts in never waits for any of this.
 */
export interface DeliveryReceipts {
  /** Alerts the station just took in. */
  received(alertIds: readonly string[]): void;
  /** The link is (back) up: send what is still unconfirmed. */
  connected(): void;
  /** Logout: nothing pending, nothing remembered. */
  reset(): void;
  /** Ids waiting for the server's confirmation (tests, logs). */
  readonly pending: readonly string[];
}

export interface DeliveryReceiptsOptions {
  sessions: Pick<StationSessions, 'current' | 'isCurrent'>;
  /** Whether the store still holds the alert: after a logout or another hospital's login, old ids are dropped, never sent. */
  holds(alertId: string): boolean;
  scheduler: Scheduler;
  logger: CoreLogger;
  tenantId: () => string | undefined;
  /** Collect ids this long before sending. Default 200 ms. */
  debounceMs?: number;
  /** Wait this long for the server's answer. Default 10 s. */
  timeoutMs?: number;
  /** After an unanswered or refused batch on a link that is still up, try again after this long. Default 15 s. */
  retryMs?: number;
}

/** Confirmed ids remembered (so a replay is not confirmed twice); older ones are forgotten first. */
const MAX_REMEMBERED = 20_000;

export function createDeliveryReceipts(options: DeliveryReceiptsOptions): DeliveryReceipts {
  const log = options.logger;
  const debounceMs = options.debounceMs ?? 200;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retryMs = options.retryMs ?? 15_000;
  const pending = new Set<string>();
  const confirmed = new Set<string>();
  const timer = new Timer(options.scheduler);
  /** The batch awaiting an answer on the current link; a connect abandons one sent on the old link. */
  let flight: object | undefined;

  const remember = (ids: readonly string[]) => {
    for (const id of ids) {
      pending.delete(id);
      confirmed.add(id);
    }
    // A Set iterates in insertion order: the oldest go first.
    for (const id of confirmed) {
      if (confirmed.size <= MAX_REMEMBERED) break;
      confirmed.delete(id);
    }
  };

  /** The next batch: held alerts only (anything else is dropped from `pending`). */
  const nextBatch = (): string[] => {
    const batch: string[] = [];
    for (const id of pending) {
      if (!options.holds(id)) {
        pending.delete(id);
        continue;
      }
      batch.push(id);
      if (batch.length === SYNC_PAGE_SIZE) break;
    }
    return batch;
  };

  const flush = async (): Promise<void> => {
    if (flight) return; // the batch in flight sends the rest when it is answered
    const session = options.sessions.current();
    if (!session?.connection.connected) return; // the next connect sends them
    const batch = nextBatch();
    if (batch.length === 0) return;
    const mine = {};
    flight = mine;
    let outcome: 'ok' | 'retry' | 'next-connect';
    try {
      const answer = await session.connection.alertDelivered(batch, timeoutMs);
      if (answer.ok) outcome = 'ok';
      else {
        log.warn('delivery receipts refused; sent again later', { tenantId: options.tenantId(), code: answer.code, count: batch.length });
        // An overloaded server asks to come back; other refusals wait for a fresh link (and session).
        outcome = answer.code === 'rate_limited' || answer.code === 'internal' ? 'retry' : 'next-connect';
      }
    } catch (error) {
      log.warn('delivery receipts not answered; sent again later', {
        tenantId: options.tenantId(),
        count: batch.length,
        ...errorContext(error),
      });
      outcome = 'retry';
    }
    // Abandoned by a reconnect: a confirmation still counts, a failure is the new link's business.
    const current = flight === mine;
    if (current) flight = undefined;
    if (outcome === 'ok') {
      remember(batch);
      log.debug('delivery receipts confirmed', { tenantId: options.tenantId(), count: batch.length });
      if (current && pending.size > 0) void flush();
    } else if (outcome === 'retry' && current) {
      timer.set(() => void flush(), retryMs);
    }
  };

  return {
    received(alertIds) {
      let added = false;
      for (const id of alertIds) {
        if (confirmed.has(id) || pending.has(id)) continue;
        pending.add(id);
        added = true;
      }
      if (added && !timer.pending) timer.set(() => void flush(), debounceMs);
    },
    connected() {
      timer.clear();
      flight = undefined;
      void flush();
    },
    reset() {
      timer.clear();
      flight = undefined;
      pending.clear();
      confirmed.clear();
    },
    get pending() {
      return [...pending];
    },
  };
}
