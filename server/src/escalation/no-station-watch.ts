import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { PresenceService } from '../presence/presence.service';
import { hasExternalChannel, parseEscalationPolicy, withinHours } from '../tenants/escalation-settings';
import { TenantSettingsService } from '../tenants/tenant-settings.service';
import { noStationText, stationsBackText } from './escalation-messages';
import { EscalationOutbox } from './escalation-outbox';

/**
 * "Nenhuma estação online" (issue #9): a tenant with external channels that
 * has had no station online for `noStationSeconds`, inside its configured
 * hours, gets one notice; when a station returns, one "estações de volta".
 * The per-tenant state row is claimed with conditional UPDATEs, so several
 * instances running this send each notice once.
 */
@Injectable()
export class NoStationWatch {
  private readonly logger = new Logger(NoStationWatch.name);

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly presence: PresenceService,
    private readonly settings: TenantSettingsService,
    private readonly outbox: EscalationOutbox,
    private readonly clock: Clock,
  ) {}

  /** Returns the number of notices queued (tests drive it with a controlled clock). */
  async check(): Promise<number> {
    const tenants = await this.handle.db
      .selectFrom('tenant_settings')
      .select(['tenant_id', 'escalation', 'time_zone'])
      .where('escalation', 'is not', null)
      .execute();
    const watched = tenants.filter((t) => hasExternalChannel(parseEscalationPolicy(t.escalation)));
    if (watched.length === 0) return 0;
    const online = await this.presence.countsByTenant(watched.map((t) => t.tenant_id));
    let queued = 0;
    for (const tenant of watched) {
      try {
        queued += await this.checkTenant(tenant.tenant_id, (online.get(tenant.tenant_id) ?? 0) > 0);
      } catch (error) {
        this.logger.error({ tenantId: tenant.tenant_id, err: error }, 'no-station check failed');
      }
    }
    if (queued > 0) void this.outbox.kick();
    return queued;
  }

  private async checkTenant(tenantId: string, someoneOnline: boolean): Promise<number> {
    const db = this.handle.db;
    const now = this.clock.isoNow();
    const state = await db.selectFrom('tenant_presence_state').selectAll().where('tenant_id', '=', tenantId).executeTakeFirst();
    if (someoneOnline) {
      if (!state?.offline_since) return 0;
      // Read before the transaction: on SQLite the transaction holds the one connection.
      const policy = await this.settings.escalationPolicy(tenantId);
      const timeZone = (await this.settings.stationConfig(tenantId)).timeZone;
      return db.transaction().execute(async (trx) => {
        const back = await trx
          .updateTable('tenant_presence_state')
          .set({ offline_since: null, notice_sent_at: null })
          .where('tenant_id', '=', tenantId)
          .where('offline_since', '=', state.offline_since)
          .returning('tenant_id')
          .executeTakeFirst();
        // Only a notice that went out is answered by "de volta"; a short gap that never paged anyone stays quiet.
        if (!back || !state.notice_sent_at || !state.offline_since) return 0;
        const offlineSince = state.offline_since;
        return this.outbox.enqueue(trx, policy, {
          tenantId,
          webhookBody: (id) => ({ id, event: 'stations_back', tenantId, at: now, offlineSince }),
          whatsappText: stationsBackText(now, timeZone),
        });
      });
    }
    if (!state) {
      await db
        .insertInto('tenant_presence_state')
        .values({ tenant_id: tenantId, offline_since: now, notice_sent_at: null })
        .onConflict((oc) => oc.column('tenant_id').doNothing())
        .execute();
      return 0;
    }
    if (!state.offline_since) {
      await db
        .updateTable('tenant_presence_state')
        .set({ offline_since: now })
        .where('tenant_id', '=', tenantId)
        .where('offline_since', 'is', null)
        .execute();
      return 0;
    }
    if (state.notice_sent_at) return 0;
    const policy = await this.settings.escalationPolicy(tenantId);
    const offlineSince = state.offline_since;
    if (this.clock.now() - Date.parse(offlineSince) < policy.noStationSeconds * 1000) return 0;
    const timeZone = (await this.settings.stationConfig(tenantId)).timeZone;
    if (!withinHours(policy.noStationHours, this.clock.now(), timeZone)) return 0;
    return db.transaction().execute(async (trx) => {
      const claimed = await trx
        .updateTable('tenant_presence_state')
        .set({ notice_sent_at: now })
        .where('tenant_id', '=', tenantId)
        .where('offline_since', '=', offlineSince)
        .where('notice_sent_at', 'is', null)
        .returning('tenant_id')
        .executeTakeFirst();
      if (!claimed) return 0;
      this.logger.warn({ tenantId, offlineSince }, 'no station online; notifying the external channels');
      return this.outbox.enqueue(trx, policy, {
        tenantId,
        webhookBody: (id) => ({ id, event: 'no_station_online', tenantId, at: now, offlineSince }),
        whatsappText: noStationText(offlineSince, timeZone),
      });
    });
  }
}
