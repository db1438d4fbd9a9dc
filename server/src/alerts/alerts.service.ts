import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { type AlertPayload, type AlertUpdatedPayload, type CreateAlertRequest, ServerEvent } from '@plantao/shared';
import { Broadcaster } from '../broadcast/broadcaster';
import { Clock } from '../common/clock';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { Metrics } from '../metrics/metrics.service';
import { PriorityService } from '../priority/priority.service';
import { AlertStore, type StoreResult } from './alert-store';

/**
 * Alert lifecycle: stored first, then emitted (invariant 1); read and
 * acknowledgement per user with an audit row each, broadcast as `alert_updated`.
 * Repeating a read or an ack (same user) changes nothing: no audit row, no
 * broadcast (issue #8: 20,000 acks had written 9,527 audit rows).
 */
@Injectable()
export class AlertsService {
  private readonly logger = new Logger(AlertsService.name);
  /** Told after a new alert is stored and emitted (escalation, issue #9). They sit above this module, so they register. */
  private readonly raisedListeners: ((alert: AlertPayload) => void)[] = [];

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly store: AlertStore,
    private readonly broadcaster: Broadcaster,
    private readonly metrics: Metrics,
    private readonly priority: PriorityService,
    private readonly clock: Clock,
  ) {}

  /** @param acceptedAt when the request arrived (ms), for the emit-latency histogram. */
  async raise(tenantId: string, input: CreateAlertRequest, acceptedAt = this.clock.now()): Promise<StoreResult> {
    const result = await this.store.append(tenantId, input);
    if (!result.created) return result;
    this.metrics.alertsStored.inc({ tenant: tenantId });
    this.broadcaster.toTenant(tenantId, ServerEvent.CriticalAlert, result.alert);
    this.metrics.alertsEmitted.inc({ tenant: tenantId });
    this.metrics.emitLatency.observe((Date.now() - acceptedAt) / 1000);
    this.logger.log(
      { tenantId, alertId: result.alert.id, seq: result.alert.seq, severity: result.alert.severity },
      'alert stored and emitted',
    );
    this.priority.recompute(tenantId, input.patientId, `alert:${input.type}`);
    for (const listener of this.raisedListeners) listener(result.alert);
    return result;
  }

  onRaised(listener: (alert: AlertPayload) => void): void {
    this.raisedListeners.push(listener);
  }

  list(tenantId: string, afterSeq: number, limit: number): Promise<AlertPayload[]> {
    return this.store.listAfter(tenantId, afterSeq, limit);
  }

  async markRead(tenantId: string, alertId: string, userId: string): Promise<AlertUpdatedPayload> {
    const row = await this.requireAlert(tenantId, alertId);
    const now = this.clock.isoNow();
    const changed = await this.handle.db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('alert_reads')
        .values({ tenant_id: tenantId, alert_id: alertId, user_id: userId, read_at: now })
        .onConflict((oc) => oc.columns(['alert_id', 'user_id']).doNothing())
        .returning('alert_id')
        .executeTakeFirst();
      // Only the first read by a user is audited; repeats change nothing.
      if (inserted) {
        await trx
          .insertInto('alert_audit')
          .values({ id: randomUUID(), tenant_id: tenantId, alert_id: alertId, user_id: userId, action: 'read', at: now })
          .execute();
      }
      return inserted !== undefined;
    });
    return changed ? this.broadcastState(tenantId, row.id) : this.stateOf(tenantId, row.id);
  }

  async acknowledge(tenantId: string, alertId: string, userId: string): Promise<AlertUpdatedPayload> {
    const row = await this.requireAlert(tenantId, alertId);
    const now = this.clock.isoNow();
    const changed = await this.handle.db.transaction().execute(async (trx) => {
      // Two acks of one alert must not both find "not acknowledged by this user yet": in PostgreSQL
      // the row lock orders them (SQLite serialises writers already, and has no FOR UPDATE).
      const alert = trx.selectFrom('alerts').select('id').where('tenant_id', '=', tenantId).where('id', '=', alertId);
      await (this.handle.kind === 'postgres' ? alert.forUpdate() : alert).execute();
      const already = await trx
        .selectFrom('alert_audit')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('alert_id', '=', alertId)
        .where('user_id', '=', userId)
        .where('action', '=', 'ack')
        .executeTakeFirst();
      if (already) return false;
      // The first acknowledgement is the clinical one; another user's later one is audited but does not overwrite it.
      await trx
        .updateTable('alerts')
        .set({ acknowledged_by: userId, acknowledged_at: now })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', alertId)
        .where('acknowledged_by', 'is', null)
        .execute();
      await trx
        .insertInto('alert_reads')
        .values({ tenant_id: tenantId, alert_id: alertId, user_id: userId, read_at: now })
        .onConflict((oc) => oc.columns(['alert_id', 'user_id']).doNothing())
        .execute();
      await trx
        .insertInto('alert_audit')
        .values({ id: randomUUID(), tenant_id: tenantId, alert_id: alertId, user_id: userId, action: 'ack', at: now })
        .execute();
      return true;
    });
    if (!changed) return this.stateOf(tenantId, row.id);
    const update = await this.broadcastState(tenantId, row.id);
    this.priority.recompute(tenantId, row.patient_id, 'alert:acknowledged');
    return update;
  }

  /**
   * The same symptom again at the same severity: count it on the open alert
   * (no new alarm) and tell the stations, so nurses see it is recurring.
   */
  async recordOccurrence(tenantId: string, alertId: string, at: string, extra: Record<string, unknown> = {}): Promise<AlertUpdatedPayload> {
    const row = await this.requireAlert(tenantId, alertId);
    const metadata = row.metadata ? (JSON.parse(row.metadata) as Record<string, unknown>) : {};
    const occurrences = (typeof metadata.occurrences === 'number' ? metadata.occurrences : 1) + 1;
    const next = { ...metadata, ...extra, occurrences, lastOccurrenceAt: at };
    await this.handle.db
      .updateTable('alerts')
      .set({ metadata: JSON.stringify(next) })
      .where('tenant_id', '=', tenantId)
      .where('id', '=', alertId)
      .execute();
    const update = { ...(await this.broadcastState(tenantId, alertId, { occurrences, lastOccurrenceAt: at })) };
    this.priority.recompute(tenantId, row.patient_id, 'alert:recurring');
    return update;
  }

  /** Open (unacknowledged) alerts of a patient raised since `since`, newest first. */
  async openForPatient(tenantId: string, patientId: string, since: string) {
    return this.handle.db
      .selectFrom('alerts')
      .selectAll()
      .where('tenant_id', '=', tenantId)
      .where('patient_id', '=', patientId)
      .where('acknowledged_by', 'is', null)
      .where('created_at', '>=', since)
      .orderBy('seq', 'desc')
      .execute();
  }

  /** Who read, acknowledged or received an alert, and its escalation steps, oldest first. */
  async audit(tenantId: string, alertId: string) {
    await this.requireAlert(tenantId, alertId);
    const rows = await this.handle.db
      .selectFrom('alert_audit')
      .leftJoin('users', (join) =>
        join.onRef('users.id', '=', 'alert_audit.user_id').onRef('users.tenant_id', '=', 'alert_audit.tenant_id'),
      )
      .select([
        'alert_audit.user_id as userId',
        'users.name as userName',
        'alert_audit.action as action',
        'alert_audit.at as at',
        'alert_audit.station_id as stationId',
        'alert_audit.station_name as stationName',
        'alert_audit.detail as detail',
      ])
      .where('alert_audit.tenant_id', '=', tenantId)
      .where('alert_audit.alert_id', '=', alertId)
      .orderBy('alert_audit.at')
      .execute();
    // A deleted user keeps their id in the audit; the name is simply absent. So are empty station/detail columns.
    return rows.map(({ userName, stationId, stationName, detail, ...row }) => ({
      ...row,
      ...(userName ? { userName } : {}),
      ...(stationId ? { stationId } : {}),
      ...(stationName ? { stationName } : {}),
      ...(detail ? { detail } : {}),
    }));
  }

  /** Tells every station of the tenant the alert's current state (receipts, escalation, read/ack). */
  announceState(tenantId: string, alertId: string): Promise<AlertUpdatedPayload> {
    return this.broadcastState(tenantId, alertId);
  }

  private async requireAlert(tenantId: string, alertId: string) {
    const row = await this.store.findById(tenantId, alertId);
    // Another tenant's alert is indistinguishable from a missing one.
    if (!row) throw new NotFoundException(`Alert ${alertId} not found`);
    return row;
  }

  private async broadcastState(tenantId: string, alertId: string, extra: Partial<AlertUpdatedPayload> = {}): Promise<AlertUpdatedPayload> {
    const update = await this.stateOf(tenantId, alertId, extra);
    this.broadcaster.toTenant(tenantId, ServerEvent.AlertUpdated, update);
    return update;
  }

  private async stateOf(tenantId: string, alertId: string, extra: Partial<AlertUpdatedPayload> = {}): Promise<AlertUpdatedPayload> {
    const row = await this.requireAlert(tenantId, alertId);
    const [alert] = await this.store.withReaders(tenantId, [row]);
    const update: AlertUpdatedPayload = {
      alertId,
      seq: Number(row.seq),
      readBy: alert?.readBy ?? [],
      ...(alert?.readAt ? { readAt: alert.readAt } : {}),
      ...(row.acknowledged_by ? { acknowledgedBy: row.acknowledged_by } : {}),
      ...(row.acknowledged_at ? { acknowledgedAt: row.acknowledged_at } : {}),
      ...(Number(row.delivered_count) > 0 ? { deliveredTo: Number(row.delivered_count) } : {}),
      ...extra,
    };
    return update;
  }
}
