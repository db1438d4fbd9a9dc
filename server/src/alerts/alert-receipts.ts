import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { StationIdentity } from '@plantao/shared';
import { type Kysely, sql } from 'kysely';
import { Clock } from '../common/clock';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { GroupCommit } from '../db/group-commit';
import type { Database } from '../db/schema';
import { AlertsService } from './alerts.service';

/** Most receipt batches one SQLite transaction carries; the rest wait for the next. */
const MAX_GROUP = 256;

type ReceiptBatch = { tenantId: string; userId: string; station: StationIdentity; ids: string[] };

/** How often a changed receipt count is told to the stations: one `alert_updated` per alert per interval, not one per station. */
export const RECEIPT_BROADCAST_INTERVAL_MS = 1000;

/**
 * Delivery receipts (issue #9): stations confirm, without a nurse, every alert
 * they hold. Each (alert, station) is recorded once, as an audit row
 * `delivered` (a partial unique index makes a repeat a no-op), and the
 * alert's `delivered_count` moves in the same transaction, so the count on
 * every payload and the audit never disagree. Stations learn the new count
 * through `alert_updated`, coalesced per alert: with 40 stations confirming
 * one alert, 40 × 40 updates would be alarm-fatigue for the network. On
 * SQLite the batches of many stations arriving together share one commit
 * (`GroupCommit`): after a restart every station sends its receipts at once,
 * and one fsync per batch on the event loop's thread held up the reconnect
 * storm (issue #13, P4).
 */
@Injectable()
export class AlertReceipts implements OnApplicationShutdown {
  private readonly logger = new Logger(AlertReceipts.name);
  /** tenant → alerts whose count changed since the last broadcast. */
  private readonly changed = new Map<string, Set<string>>();
  private timer?: NodeJS.Timeout;
  /** SQLite: the stations' receipt batches that arrive together share one commit (a reconnect storm sends thousands). */
  private readonly groups: GroupCommit<ReceiptBatch, string[], string[], null>;

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {
    this.groups = new GroupCommit(
      handle,
      {
        write: (trx, batch) => this.recordIn(trx, batch),
        settle: async (_batch, recorded) => recorded,
        alone: (batch) => this.recordAlone(batch),
        newGroup: () => null,
      },
      MAX_GROUP,
    );
  }

  /** Records the receipts; returns the ids newly recorded (unknown ids and another tenant's are ignored, never an error). */
  async record(tenantId: string, userId: string, station: StationIdentity, alertIds: readonly string[]): Promise<string[]> {
    // Sorted: PostgreSQL takes the row locks in this order in every transaction, so two stations' batches cannot deadlock.
    const batch: ReceiptBatch = { tenantId, userId, station, ids: [...new Set(alertIds)].sort() };
    const recorded = await this.groups.submit(batch);
    if (recorded.length > 0) this.announceLater(tenantId, recorded);
    return recorded;
  }

  private recordAlone(batch: ReceiptBatch): Promise<string[]> {
    return this.handle.db.transaction().execute((trx) => this.recordIn(trx, batch));
  }

  private async recordIn(trx: Kysely<Database>, { tenantId, userId, station, ids }: ReceiptBatch): Promise<string[]> {
    const now = this.clock.isoNow();
    const known = trx.selectFrom('alerts').select('id').where('tenant_id', '=', tenantId).where('id', 'in', ids).orderBy('id');
    const rows = await (this.handle.kind === 'postgres' ? known.forUpdate() : known).execute();
    if (rows.length === 0) return [];
    const inserted = await trx
      .insertInto('alert_audit')
      .values(
        rows.map((row) => ({
          id: randomUUID(),
          tenant_id: tenantId,
          alert_id: row.id,
          user_id: userId,
          action: 'delivered' as const,
          at: now,
          station_id: station.id,
          station_name: station.name ?? station.host ?? null,
        })),
      )
      // The partial index's predicate, spelled out so PostgreSQL can infer it (a bound parameter would not match).
      .onConflict((oc) =>
        oc.columns(['tenant_id', 'alert_id', 'station_id']).where(sql.ref('action'), '=', sql.lit('delivered')).doNothing(),
      )
      .returning('alert_id')
      .execute();
    const newIds = inserted.map((row) => row.alert_id);
    if (newIds.length > 0) {
      await trx
        .updateTable('alerts')
        .set((eb) => ({ delivered_count: eb('delivered_count', '+', 1) }))
        .where('tenant_id', '=', tenantId)
        .where('id', 'in', newIds)
        .execute();
    }
    return newIds;
  }

  onApplicationShutdown(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private announceLater(tenantId: string, alertIds: string[]): void {
    let pending = this.changed.get(tenantId);
    if (!pending) this.changed.set(tenantId, (pending = new Set()));
    for (const id of alertIds) pending.add(id);
    this.timer ??= setTimeout(() => void this.announce(), RECEIPT_BROADCAST_INTERVAL_MS);
  }

  /** Sends one `alert_updated` per changed alert, with its count as stored now. */
  async announce(): Promise<void> {
    this.timer = undefined;
    const batch = [...this.changed];
    this.changed.clear();
    for (const [tenantId, alertIds] of batch) {
      for (const alertId of alertIds) {
        try {
          await this.alerts.announceState(tenantId, alertId);
        } catch (error) {
          // The count is stored; the next change (or a sync) carries it. Never a crash for a display update.
          this.logger.warn({ tenantId, alertId, err: error }, 'receipt count broadcast failed');
        }
      }
    }
  }
}
