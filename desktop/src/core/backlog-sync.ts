import { type AlertPayload, SYNC_PAGE_SIZE } from '@plantao/shared';
import type { StoreApi } from 'zustand/vanilla';
import type { AlertIntake } from './alert-intake';
import type { CatchUpGate } from './catch-up';
import type { Connection } from './connection';
import { type CoreLogger, errorContext } from './logger';
import { type Scheduler, Timer } from './scheduler';
import type { StationState } from './station-core';
import type { Session, StationSessions } from './station-session';
import type { SeqTracker } from './store';

/**
 * Reading what the server stored (`sync`), for three reasons: the catch-up
 * after every (re)connect, filling a seq gap that persists, and a quick
 * round trip after the OS resumes from sleep. Nothing the server stored is
 * lost, and a seq it cannot deliver does not pin `lastSeq` for the shift.
 */
export interface BacklogSync {
  /**
   * After every (re)connect: read the backlog from the oldest unacknowledged
   * alert we hold (their read/ack state may have changed while we were away:
   * an alert acknowledged elsewhere must stop alarming here) or from
   * `lastSeq`. Its end tells the catch-up gate which alerts were replayed.
   */
  catchUp(session: Session, epoch: number): Promise<void>;
  /** A seq gap that persists `GAP_FILL_DELAY_MS` triggers one `sync`. */
  scheduleGapFill(): void;
  cancelGapFill(): void;
  /** One `sync` after `lastSeq` with a short timeout; rejects when the link does not answer. */
  probe(session: Session): Promise<void>;
}

export interface BacklogSyncOptions {
  store: StoreApi<StationState>;
  tracker: SeqTracker;
  intake: AlertIntake;
  gate: CatchUpGate;
  /** The signed-in session (and connect) this work belongs to; work for an older one is dropped. */
  sessions: Pick<StationSessions, 'current' | 'isCurrent'>;
  /** Something worth keeping across a restart changed. */
  changed: () => void;
  tenantId: () => string | undefined;
  scheduler: Scheduler;
  logger: CoreLogger;
}

/** How many `sync` pages (1,000 alerts each) one catch-up may read. */
const MAX_SYNC_PAGES = 100;
const SYNC_TIMEOUT_MS = 10_000;
const GAP_FILL_DELAY_MS = 2_000;
const RESUME_PROBE_TIMEOUT_MS = 3_000;

export function createBacklogSync(options: BacklogSyncOptions): BacklogSync {
  const { store, tracker, intake, gate } = options;
  const isCurrent = (session: Session, epoch?: number) => options.sessions.isCurrent(session, epoch);
  const log = options.logger;
  const gapTimer = new Timer(options.scheduler);

  /**
   * Reads what the server stored after `afterSeq` (paged), tenant-checked.
   * `end`: the highest seq the server reported, valid or not known.
   */
  const readBacklog = async (connection: Connection, afterSeq: number) => {
    const alerts: AlertPayload[] = [];
    let cursor = afterSeq;
    let complete = false;
    for (let page = 0; page < MAX_SYNC_PAGES; page++) {
      const answer = await connection.sync(cursor, SYNC_TIMEOUT_MS);
      if (answer.invalid > 0)
        log.error('sync: invalid alerts dropped', { tenantId: options.tenantId(), invalid: answer.invalid, afterSeq: cursor });
      alerts.push(...answer.alerts.filter((alert) => intake.belongsHere(alert)));
      const last = answer.alerts.at(-1)?.seq;
      if (answer.received < SYNC_PAGE_SIZE) {
        complete = true;
        break;
      }
      if (last === undefined || last <= cursor) break;
      cursor = last;
    }
    const end = alerts.reduce((max, alert) => Math.max(max, alert.seq), afterSeq);
    return { alerts, end, complete };
  };

  /** Seqs the server could not deliver even when asked explicitly: stop waiting for them. */
  const skipUndeliverable = (through: number) => {
    const missing = tracker.skipThrough(through);
    if (missing.length > 0) {
      log.error('alerts missing from the server answer; skipped', {
        tenantId: options.tenantId(),
        seqs: missing.slice(0, 20),
        count: missing.length,
      });
      store.setState({ lastSeq: tracker.lastSeq });
      options.changed();
    }
  };

  return {
    async catchUp(session, epoch) {
      // The alarm window decides which replayed alerts ring: know it first (bounded by the REST timeout).
      await session.directoryReady;
      if (!isCurrent(session, epoch)) return;
      const lastSeq = tracker.lastSeq;
      let from = lastSeq;
      for (const alert of Object.values(store.getState().alerts)) {
        if (alert.acknowledgedBy === undefined && alert.seq <= lastSeq) from = Math.min(from, alert.seq - 1);
      }
      try {
        const backlog = await readBacklog(session.connection, from);
        if (!isCurrent(session, epoch)) return;
        gate.close(backlog.alerts, Math.max(backlog.end, lastSeq));
        if (backlog.complete) skipUndeliverable(backlog.end);
      } catch (error) {
        log.warn('catch-up sync failed; replayed alerts are summarised by time', { tenantId: options.tenantId(), ...errorContext(error) });
        // A late failure of an earlier connection must not close the window of the current one.
        if (isCurrent(session, epoch)) gate.close();
      }
    },

    scheduleGapFill() {
      const session = options.sessions.current();
      if (!tracker.hasGap || gapTimer.pending || gate.isOpen || !session?.connection.connected) return;
      gapTimer.set(() => {
        if (!isCurrent(session) || !tracker.hasGap || !session.connection.connected) return;
        const from = tracker.lastSeq;
        log.warn('seq gap; asking the server for the missing alerts', {
          tenantId: options.tenantId(),
          lastSeq: from,
          highestSeen: tracker.highestSeen,
        });
        readBacklog(session.connection, from).then(
          (backlog) => {
            if (!isCurrent(session)) return;
            intake.ingest(backlog.alerts, 'catch-up');
            if (backlog.complete) skipUndeliverable(backlog.end);
          },
          (error: unknown) =>
            log.warn('gap sync failed; the next reconnect replays it', { tenantId: options.tenantId(), ...errorContext(error) }),
        );
      }, GAP_FILL_DELAY_MS);
    },

    cancelGapFill: () => gapTimer.clear(),

    async probe(session) {
      const answer = await session.connection.sync(tracker.lastSeq, RESUME_PROBE_TIMEOUT_MS);
      if (isCurrent(session))
        intake.ingest(
          answer.alerts.filter((alert) => intake.belongsHere(alert)),
          'catch-up',
        );
    },
  };
}
