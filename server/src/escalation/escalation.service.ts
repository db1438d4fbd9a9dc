import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { type AlertPayload, type EscalationLevel, type EscalationReason, NOT_DELIVERED_AFTER_SECONDS, ServerEvent } from '@plantao/shared';
import { toAlertPayload } from '../alerts/alert-mapper';
import { AlertsService } from '../alerts/alerts.service';
import { Broadcaster } from '../broadcast/broadcaster';
import { Clock } from '../common/clock';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import type { AlertsTable } from '../db/schema';
import { PresenceService } from '../presence/presence.service';
import { type EscalationPolicy, hasExternalChannel } from '../tenants/escalation-settings';
import { TenantSettingsService } from '../tenants/tenant-settings.service';
import { escalatedAlertText } from './escalation-messages';
import { EscalationOutbox, SYSTEM_USER_ID } from './escalation-outbox';

/** Unacknowledged critical alerts older than this are history, not escalations (a first deployment must not page for last week). */
export const ESCALATION_HORIZON_MS = 24 * 3_600_000;

/**
 * Escalation of critical alerts nobody acknowledges (issue #9):
 * level 1 at `ackTimeoutSeconds` (every station rings louder and pins it),
 * level 2 at `externalAfterSeconds`, or when no station confirmed receipt
 * within 30 s, or at once when no station is online: the tenant's external
 * channels (signed webhook, WhatsApp to on-call numbers) through the outbox.
 * Each step is claimed with a conditional UPDATE on the alert (like
 * `no_response`), so with several instances and across restarts it fires
 * once; acknowledging stops the chain because every claim requires an
 * unacknowledged alert. A sweep finds what is due (scheduler: every second),
 * so a step missed while an instance was down fires as soon as one runs.
 */
@Injectable()
export class EscalationService implements OnModuleInit {
  private readonly logger = new Logger(EscalationService.name);

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly alerts: AlertsService,
    private readonly settings: TenantSettingsService,
    private readonly presence: PresenceService,
    private readonly outbox: EscalationOutbox,
    private readonly broadcaster: Broadcaster,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.alerts.onRaised((alert) => {
      if (alert.severity !== 'critical') return;
      this.escalateIfNobodyOnline(alert).catch((error: unknown) =>
        this.logger.error({ tenantId: alert.tenantId, alertId: alert.id, err: error }, 'escalation on arrival failed; the sweep retries'),
      );
    });
  }

  /** A critical alert that arrives while no station of the tenant is online goes out at once. */
  async escalateIfNobodyOnline(alert: AlertPayload): Promise<boolean> {
    const policy = await this.settings.escalationPolicy(alert.tenantId);
    if (!hasExternalChannel(policy)) return false;
    if ((await this.presence.count(alert.tenantId)) > 0) return false;
    return this.escalate(alert.tenantId, alert.id, 2, 'no_station_online', policy);
  }

  /** Claims every step that is due now; returns how many steps fired (tests drive it with a controlled clock). */
  async check(): Promise<number> {
    const now = this.clock.now();
    const due = await this.handle.db
      .selectFrom('alerts')
      .select(['tenant_id', 'id', 'created_at', 'escalation_level', 'delivered_count'])
      .where('severity', '=', 'critical')
      .where('escalation_level', '<', 2)
      .where('acknowledged_at', 'is', null)
      .where('created_at', '>=', new Date(now - ESCALATION_HORIZON_MS).toISOString())
      .orderBy('created_at')
      .limit(1000)
      .execute();
    const policies = new Map<string, EscalationPolicy>();
    let fired = 0;
    for (const alert of due) {
      let policy = policies.get(alert.tenant_id);
      if (!policy) policies.set(alert.tenant_id, (policy = await this.settings.escalationPolicy(alert.tenant_id)));
      const age = now - Date.parse(alert.created_at);
      const level = Number(alert.escalation_level);
      if (level < 1 && age >= policy.ackTimeoutSeconds * 1000) {
        if (await this.escalate(alert.tenant_id, alert.id, 1, 'ack_timeout', policy)) fired++;
      }
      if (!hasExternalChannel(policy)) continue;
      if (age >= policy.externalAfterSeconds * 1000) {
        if (await this.escalate(alert.tenant_id, alert.id, 2, 'external_timeout', policy)) fired++;
      } else if (Number(alert.delivered_count) === 0 && age >= NOT_DELIVERED_AFTER_SECONDS * 1000) {
        if (await this.escalate(alert.tenant_id, alert.id, 2, 'not_delivered', policy)) fired++;
      }
    }
    return fired;
  }

  /** One step, once: claimed, audited and (level 2) queued in one transaction; stations told after it commits. */
  private async escalate(tenantId: string, alertId: string, level: EscalationLevel, reason: EscalationReason, policy: EscalationPolicy) {
    const at = this.clock.isoNow();
    const timeZone = (await this.settings.stationConfig(tenantId)).timeZone;
    const escalated = await this.handle.db.transaction().execute(async (trx) => {
      const row = await trx
        .updateTable('alerts')
        .set({ escalation_level: level, escalated_at: at, escalation_reason: reason })
        .where('tenant_id', '=', tenantId)
        .where('id', '=', alertId)
        .where('escalation_level', '<', level)
        .where('acknowledged_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (!row) return undefined;
      await trx
        .insertInto('alert_audit')
        .values({
          id: randomUUID(),
          tenant_id: tenantId,
          alert_id: alertId,
          user_id: SYSTEM_USER_ID,
          action: 'escalated',
          at,
          detail: `level ${level}: ${reason}`,
        })
        .execute();
      if (level === 2) {
        const alert = toAlertPayload(row as AlertsTable, []);
        await this.outbox.enqueue(trx, policy, {
          tenantId,
          alertId,
          webhookBody: (id) => ({ id, event: 'alert_escalated', tenantId, at, level, reason, alert }),
          whatsappText: escalatedAlertText(alert, reason, timeZone),
        });
      }
      return row;
    });
    if (!escalated) return false;
    this.broadcaster.toTenant(tenantId, ServerEvent.AlertEscalated, {
      alertId,
      seq: Number(escalated.seq),
      level,
      reason,
      escalatedAt: at,
    });
    this.logger.warn({ tenantId, alertId, level, reason }, 'critical alert escalated');
    if (level === 2) void this.outbox.kick();
    return true;
  }
}
