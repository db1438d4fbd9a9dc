import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { Metrics } from '../metrics/metrics.service';
import { effectiveRetentionDays } from '../tenants/tenant-settings.service';
import { retentionCutoff, WEBHOOK_INBOX_KEEP_DAYS } from './retention-window';

export interface TenantPurge {
  tenantId: string;
  retentionDays: number;
  /** Rows created before this instant were purged. */
  cutoff: string;
  messages: number;
  outboundMessages: number;
  alerts: number;
  alertReads: number;
  alertAudit: number;
}

export interface PurgeRun {
  /** One entry per tenant with a retention window (tenants that keep everything are skipped). */
  tenants: TenantPurge[];
  webhookInbox: number;
}

type PurgedKind = 'messages' | 'outbound_messages' | 'alerts' | 'alert_reads' | 'alert_audit' | 'escalation_outbox' | 'webhook_inbox';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The retention purge (issue #11, LGPD): per tenant, deletes patient messages
 * (and their outbound WhatsApp copies) and alerts (with their reads and audit
 * trail) created before the tenant's window, in batches of
 * RETENTION_BATCH_SIZE rows per transaction with a turn of the event loop
 * between them: on SQLite a delete runs on the server's only thread, so one
 * giant transaction would stall every socket's heartbeat.
 *
 * Never purged: an unacknowledged critical alert. It is still pinned on every
 * station until a nurse acknowledges it; deleting it would make it vanish
 * from stations that sign in afresh while nobody has acted on it. It goes at
 * the first run after its acknowledgement.
 *
 * Several instances may purge at once: the deletes are idempotent.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(RetentionService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<PurgeRun>;
  private stopping = false;
  private readonly purged: Counter<'kind'>;
  private readonly lastRun: Gauge;

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    metrics: Metrics,
  ) {
    this.purged = new Counter({
      name: 'plantao_retention_purged_rows_total',
      help: 'Rows deleted by the retention purge, by table',
      labelNames: ['kind'] as const,
      registers: [metrics.registry],
    });
    this.lastRun = new Gauge({
      name: 'plantao_retention_last_purge_timestamp_seconds',
      help: 'When the retention purge last completed (0: not since start); alert if it falls far behind RETENTION_PURGE_INTERVAL_MS',
      registers: [metrics.registry],
    });
    this.lastRun.set(0);
  }

  onApplicationBootstrap(): void {
    if (this.config.retentionPurgeIntervalMs > 0) {
      this.timer = setInterval(() => {
        this.purgeAll().catch((error: unknown) => this.logger.error({ err: error }, 'retention purge failed; retried next interval'));
      }, this.config.retentionPurgeIntervalMs);
    }
  }

  /** Stops between batches, and waits for the batch in flight so the database closes after it. */
  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Purges every tenant once, now (by the injected clock). A call while a run is going joins that run. */
  purgeAll(): Promise<PurgeRun> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  private async run(): Promise<PurgeRun> {
    const started = performance.now();
    const now = this.clock.now();
    const tenants = await this.handle.db
      .selectFrom('tenants')
      .leftJoin('tenant_settings', 'tenant_settings.tenant_id', 'tenants.id')
      .select(['tenants.id as tenantId', 'tenant_settings.retention_days as days'])
      .orderBy('tenants.id')
      .execute();
    const result: PurgeRun = { tenants: [], webhookInbox: 0 };
    for (const { tenantId, days } of tenants) {
      if (this.stopping) break;
      const retentionDays = effectiveRetentionDays(days === null ? null : Number(days), this.config.retentionDays);
      const cutoff = retentionCutoff(now, retentionDays);
      if (!cutoff) continue;
      const purge = await this.purgeTenant(tenantId, retentionDays, cutoff);
      result.tenants.push(purge);
      if (purge.messages + purge.alerts > 0) {
        // Counts and the window only: never a patient, a message or an alert text.
        this.logger.log({ ...purge }, 'retention purge: deleted what was past the tenant window');
      }
    }
    if (!this.stopping) result.webhookInbox = await this.purgeWebhookInbox(retentionCutoff(now, WEBHOOK_INBOX_KEEP_DAYS)!);
    const totals = result.tenants.reduce((sum, t) => ({ messages: sum.messages + t.messages, alerts: sum.alerts + t.alerts }), {
      messages: 0,
      alerts: 0,
    });
    this.logger.log(
      { tenants: result.tenants.length, ...totals, webhookInbox: result.webhookInbox, durationMs: Math.round(performance.now() - started) },
      'retention purge run finished',
    );
    this.lastRun.set(Math.floor(this.clock.now() / 1000));
    return result;
  }

  private count(kind: PurgedKind, rows: number): number {
    if (rows > 0) this.purged.inc({ kind }, rows);
    return rows;
  }

  private async purgeTenant(tenantId: string, retentionDays: number, cutoff: string): Promise<TenantPurge> {
    const purge: TenantPurge = {
      tenantId,
      retentionDays,
      cutoff,
      messages: 0,
      outboundMessages: 0,
      alerts: 0,
      alertReads: 0,
      alertAudit: 0,
    };
    const batch = this.config.retentionBatchSize;

    // One transaction per batch: choose up to `batch` rows past the cutoff in this tenant, delete them
    // and what hangs on them. Deletes go by key: repeating the cutoff (or, on `alerts`, the tenant)
    // in a DELETE made SQLite's planner walk a tenant-wide index instead, 0.1–1 s per batch.
    const batchOfMessages = () =>
      this.handle.db.transaction().execute(async (trx) => {
        const ids = (
          await trx
            .selectFrom('messages')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('created_at', '<', cutoff)
            .orderBy('created_at')
            .limit(batch)
            .execute()
        ).map((r) => r.id);
        if (ids.length === 0) return 0;
        const outbound = await trx
          .deleteFrom('outbound_messages')
          .where('tenant_id', '=', tenantId)
          .where('message_id', 'in', ids)
          .executeTakeFirst();
        const messages = await trx.deleteFrom('messages').where('tenant_id', '=', tenantId).where('id', 'in', ids).executeTakeFirst();
        purge.outboundMessages += this.count('outbound_messages', Number(outbound.numDeletedRows));
        purge.messages += this.count('messages', Number(messages.numDeletedRows));
        return ids.length;
      });

    const batchOfAlerts = () =>
      this.handle.db.transaction().execute(async (trx) => {
        const ids = (
          await trx
            .selectFrom('alerts')
            .select('id')
            .where('tenant_id', '=', tenantId)
            .where('created_at', '<', cutoff)
            .where((eb) => eb.or([eb('severity', '!=', 'critical'), eb('acknowledged_at', 'is not', null)]))
            .orderBy('created_at')
            .limit(batch)
            .execute()
        ).map((r) => r.id);
        if (ids.length === 0) return 0;
        const reads = await trx.deleteFrom('alert_reads').where('tenant_id', '=', tenantId).where('alert_id', 'in', ids).executeTakeFirst();
        const audit = await trx.deleteFrom('alert_audit').where('tenant_id', '=', tenantId).where('alert_id', 'in', ids).executeTakeFirst();
        // Escalation pages copy the alert (patient name, message): they go with it, and nothing still queued pages for a purged alert.
        const pages = await trx
          .deleteFrom('escalation_outbox')
          .where('tenant_id', '=', tenantId)
          .where('alert_id', 'in', ids)
          .executeTakeFirst();
        this.count('escalation_outbox', Number(pages.numDeletedRows));
        // `id` is the table's primary key, and these ids were just chosen in this tenant, in this transaction.
        const alerts = await trx.deleteFrom('alerts').where('id', 'in', ids).executeTakeFirst();
        purge.alertReads += this.count('alert_reads', Number(reads.numDeletedRows));
        purge.alertAudit += this.count('alert_audit', Number(audit.numDeletedRows));
        purge.alerts += this.count('alerts', Number(alerts.numDeletedRows));
        return ids.length;
      });

    for (const step of [batchOfMessages, batchOfAlerts]) {
      // A short batch was the last one. Between batches, other requests run (and stop lets shutdown in).
      while ((await step()) === batch && !this.stopping) await nextTurn();
    }
    return purge;
  }

  /** Processed deliveries older than WEBHOOK_INBOX_KEEP_DAYS; unprocessed ones stay for an operator to see. */
  private async purgeWebhookInbox(cutoff: string): Promise<number> {
    const db = this.handle.db;
    let total = 0;
    for (;;) {
      const ids = await db
        .selectFrom('webhook_inbox')
        .select('id')
        .where('processed_at', 'is not', null)
        .where('processed_at', '<', cutoff)
        .limit(this.config.retentionBatchSize)
        .execute();
      if (ids.length === 0) break;
      const result = await db
        .deleteFrom('webhook_inbox')
        .where(
          'id',
          'in',
          ids.map((r) => r.id),
        )
        .executeTakeFirst();
      const deleted = this.count('webhook_inbox', Number(result.numDeletedRows));
      total += deleted;
      if (ids.length < this.config.retentionBatchSize || deleted === 0 || this.stopping) break;
      await nextTurn();
    }
    return total;
  }
}
