import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AlertsService } from '../alerts/alerts.service';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { DEFAULT_SETTINGS } from '../tenants/tenant-settings.service';

/**
 * `no_response`: the hospital wrote to a patient and got no answer within the
 * tenant's time (default 4 h). Raised once per unanswered stretch, even with
 * several server instances: a conversation is claimed with a conditional
 * UPDATE (only one instance wins it), and the alert's externalId is derived
 * from the stretch, so a crash between claim and alert cannot double it.
 */
@Injectable()
export class NoResponseService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(NoResponseService.name);
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly alerts: AlertsService,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.sweepIntervalMs > 0) {
      this.timer = setInterval(() => {
        this.check().catch((error: unknown) => this.logger.error({ err: error }, 'no-response check failed'));
      }, this.config.sweepIntervalMs);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Raises what is due now; returns the number of alerts raised (tests drive it with a controlled clock). */
  async check(): Promise<number> {
    const db = this.handle.db;
    const now = this.clock.now();
    const waiting = await db
      .selectFrom('conversations')
      .leftJoin('tenant_settings', 'tenant_settings.tenant_id', 'conversations.tenant_id')
      .leftJoin('patients', (join) =>
        join.onRef('patients.tenant_id', '=', 'conversations.tenant_id').onRef('patients.id', '=', 'conversations.patient_id'),
      )
      .select([
        'conversations.tenant_id as tenantId',
        'conversations.id as conversationId',
        'conversations.patient_id as patientId',
        'conversations.awaiting_reply_since as since',
        'conversations.contact_phone as phone',
        'tenant_settings.no_response_hours as hours',
        'patients.name as patientName',
        'patients.bed as bed',
      ])
      .where('conversations.awaiting_reply_since', 'is not', null)
      .where('conversations.no_response_alerted_at', 'is', null)
      .where('conversations.status', '!=', 'resolved')
      .execute();
    let raised = 0;
    for (const row of waiting) {
      const hours = Number(row.hours ?? DEFAULT_SETTINGS.noResponseHours);
      if (!row.since || Date.parse(row.since) + hours * 3_600_000 > now) continue;
      const claimed = await db
        .updateTable('conversations')
        .set({ no_response_alerted_at: new Date(now).toISOString() })
        .where('tenant_id', '=', row.tenantId)
        .where('id', '=', row.conversationId)
        .where('awaiting_reply_since', '=', row.since)
        .where('no_response_alerted_at', 'is', null)
        .returning('id')
        .executeTakeFirst();
      if (!claimed) continue;
      const { created } = await this.alerts.raise(row.tenantId, {
        patientId: row.patientId,
        patientName: row.patientName ?? `Contato não identificado${row.phone ? ` (+${row.phone})` : ''}`,
        type: 'no_response',
        severity: 'high',
        message: `Sem resposta do paciente há mais de ${hours} h`,
        externalId: `no_response:${row.conversationId}:${row.since}`,
        metadata: {
          source: 'no_response',
          conversationId: row.conversationId,
          awaitingSince: row.since,
          hours,
          ...(row.bed ? { bed: row.bed } : {}),
        },
      });
      if (created) raised++;
    }
    return raised;
  }
}
