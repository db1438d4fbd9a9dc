import { Inject, Injectable, Logger } from '@nestjs/common';
import { sql } from 'kysely';
import { Gauge } from 'prom-client';
import { Clock } from '../common/clock';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { Metrics } from '../metrics/metrics.service';
import { within } from './bounded';

/** Series this gauge may export: one per hospital, and hospitals are few; a runaway tenant table must not become a runaway scrape. */
export const MAX_TENANT_SERIES = 1000;

/**
 * `plantao_oldest_unacknowledged_critical_alert_age_seconds{tenant}`: how long
 * the oldest critical alert nobody acknowledged has waited, per hospital (0:
 * none waiting). The number an on-call engineer pages on, so it is read from
 * the database at scrape time (right on every instance, after any restart),
 * with one query bounded in time (PROBE_TIMEOUT_MS) and in series
 * (MAX_TENANT_SERIES, oldest first). Every tenant has a series, so an alert
 * rule sees 0 rather than nothing. When the database does not answer, the
 * gauge is empty for that scrape (`/health` reports the database down).
 */
@Injectable()
export class CriticalAlertAgeGauge {
  private readonly logger = new Logger('Metrics');
  readonly gauge: Gauge<'tenant'>;

  constructor(
    metrics: Metrics,
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly clock: Clock,
  ) {
    const read = () => this.read();
    this.gauge = new Gauge({
      name: 'plantao_oldest_unacknowledged_critical_alert_age_seconds',
      help: 'Age of the oldest critical alert not yet acknowledged, per tenant (0: none waiting); read from the database at scrape time',
      labelNames: ['tenant'] as const,
      registers: [metrics.registry],
      collect: read,
    });
  }

  private async read(): Promise<void> {
    const rows = await within(this.oldestPerTenant(), undefined);
    this.gauge.reset();
    if (!rows) {
      this.logger.warn('could not read unacknowledged critical alerts for /metrics (database down or slow)');
      return;
    }
    const now = this.clock.now();
    for (const { tenant, oldest } of rows) {
      this.gauge.set({ tenant }, oldest ? Math.max(0, Math.floor((now - Date.parse(oldest)) / 1000)) : 0);
    }
  }

  /**
   * Every tenant, with the `created_at` of its oldest unacknowledged critical
   * alert (null: none). The aggregate runs once over the alerts, then meets
   * the tenants (a join probing each tenant's alerts measured 20 times
   * slower). Still linear in the alerts table: README "Operations" has the
   * figures, and the index that would make it constant.
   */
  private oldestPerTenant(): Promise<{ tenant: string; oldest: string | null }[]> {
    const waiting = this.handle.db
      .selectFrom('alerts')
      .select((eb) => ['tenant_id', eb.fn.min<string>('created_at').as('oldest')])
      .where('severity', '=', 'critical')
      .where('acknowledged_at', 'is', null)
      .groupBy('tenant_id')
      .as('w');
    return (
      this.handle.db
        .selectFrom('tenants as t')
        .leftJoin(waiting, 'w.tenant_id', 't.id')
        .select(['t.id as tenant', 'w.oldest'])
        // Tenants with something waiting first, the longest wait first: those are kept when the cap cuts.
        .orderBy(sql`case when w.oldest is null then 1 else 0 end`)
        .orderBy('w.oldest')
        .limit(MAX_TENANT_SERIES)
        .execute()
    );
  }
}
