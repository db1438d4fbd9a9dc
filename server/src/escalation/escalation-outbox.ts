import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ESCALATION_SIGNATURE_HEADER, type EscalationWebhookBody } from '@plantao/shared';
import type { Kysely } from 'kysely';
import { Clock } from '../common/clock';
import { OutboxDrain } from '../common/outbox-drain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import type { Database, EscalationOutboxTable } from '../db/schema';
import type { EscalationPolicy } from '../tenants/escalation-settings';
import { TenantSettingsService } from '../tenants/tenant-settings.service';
import { CloudApiClient, CloudApiError } from '../whatsapp/cloud-api.client';
import { redactSecrets } from '../whatsapp/redact-secrets';
import { whatsappCredentials } from '../whatsapp/whatsapp-credentials';
import { signWebhookBody } from './webhook-signature';

/** The system's own user id in the audit: escalation steps and notifications are nobody's click. */
export const SYSTEM_USER_ID = 'plantao';

const MAX_BACKOFF_MS = 10 * 60_000;
const LEASE_MS = 60_000;

class DeliveryError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** What goes out for one escalation step or notice: the webhook body, and the text for on-call WhatsApp. */
export interface OutboundNotice {
  tenantId: string;
  alertId?: string;
  webhookBody: (id: string) => EscalationWebhookBody;
  whatsappText: string;
}

/**
 * The tenant's external channels as a durable outbox (issue #9): rows are
 * written in the same transaction as the escalation claim, so a crash can
 * neither lose a page nor send it twice; an instance claims a row by moving
 * its `next_attempt_at` (a lease) before sending. Failures are retried with
 * exponential backoff; an alert acknowledged meanwhile cancels what has not
 * gone out yet (nobody is paged for an alert a nurse has taken).
 */
@Injectable()
export class EscalationOutbox implements OnApplicationShutdown {
  private readonly logger = new Logger(EscalationOutbox.name);
  private readonly outbox = new OutboxDrain(
    () =>
      this.handle.db
        .selectFrom('escalation_outbox')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', this.clock.isoNow())
        .orderBy('created_at')
        .limit(20)
        .execute(),
    (row) => this.attempt(row),
    (error) => this.logger.error({ err: error }, 'escalation outbox drain failed'),
  );

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly settings: TenantSettingsService,
    private readonly whatsapp: CloudApiClient,
    private readonly clock: Clock,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.outbox.close();
  }

  /** Queues the notice on every channel the policy has, inside the caller's transaction; returns how many rows. */
  async enqueue(trx: Kysely<Database>, policy: EscalationPolicy, notice: OutboundNotice): Promise<number> {
    const now = this.clock.isoNow();
    const rows: EscalationOutboxTable[] = [];
    const row = (channel: EscalationOutboxTable['channel'], target: string, body: (id: string) => string) => {
      const id = randomUUID();
      rows.push({
        id,
        tenant_id: notice.tenantId,
        alert_id: notice.alertId ?? null,
        channel,
        target,
        body: body(id),
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        last_error: null,
        created_at: now,
        updated_at: now,
      });
    };
    if (policy.webhookUrl) row('webhook', policy.webhookUrl, (id) => JSON.stringify(notice.webhookBody(id)));
    if (policy.onCallTemplate) for (const number of policy.onCallNumbers) row('whatsapp', number, () => notice.whatsappText);
    if (rows.length > 0) await trx.insertInto('escalation_outbox').values(rows).execute();
    return rows.length;
  }

  /** Sends whatever is due; concurrent kicks share one drain. */
  kick(): Promise<void> {
    return this.outbox.kick();
  }

  private async attempt(row: EscalationOutboxTable): Promise<void> {
    const claimed = await this.handle.db
      .updateTable('escalation_outbox')
      .set({ next_attempt_at: new Date(this.clock.now() + LEASE_MS).toISOString() })
      .where('id', '=', row.id)
      .where('next_attempt_at', '=', row.next_attempt_at)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return;
    if (row.alert_id && (await this.acknowledged(row.tenant_id, row.alert_id))) {
      await this.update(row.id, { status: 'cancelled', last_error: 'acknowledged before it went out' });
      return;
    }
    const attempts = row.attempts + 1;
    const policy = await this.settings.escalationPolicy(row.tenant_id);
    try {
      if (row.channel === 'webhook') await this.postWebhook(row, policy);
      else await this.sendWhatsApp(row, policy);
      await this.handle.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('escalation_outbox')
          .set({ status: 'sent', attempts, last_error: null, updated_at: this.clock.isoNow() })
          .where('id', '=', row.id)
          .execute();
        if (row.alert_id) {
          await trx
            .insertInto('alert_audit')
            .values({
              id: randomUUID(),
              tenant_id: row.tenant_id,
              alert_id: row.alert_id,
              user_id: SYSTEM_USER_ID,
              action: 'notified',
              at: this.clock.isoNow(),
              detail: describeTarget(row),
            })
            .execute();
        }
      });
      this.logger.log({ tenantId: row.tenant_id, alertId: row.alert_id, channel: row.channel, attempts }, 'escalation notice sent');
    } catch (error) {
      const reason = redactSecrets(error instanceof Error ? error.message : String(error), [
        policy.webhookSecret,
        this.config.whatsappAccessToken,
      ]);
      const retryable = !(error instanceof DeliveryError || error instanceof CloudApiError) || error.retryable;
      if (retryable && attempts < this.config.escalation.maxAttempts) {
        const delay = Math.min(this.config.escalation.retryBaseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
        await this.update(row.id, { attempts, last_error: reason, next_attempt_at: new Date(this.clock.now() + delay).toISOString() });
        this.logger.warn({ tenantId: row.tenant_id, channel: row.channel, attempts, reason }, 'escalation notice failed; will retry');
      } else {
        await this.update(row.id, { status: 'failed', attempts, last_error: reason });
        this.logger.error({ tenantId: row.tenant_id, channel: row.channel, attempts, reason }, 'escalation notice failed for good');
      }
    }
  }

  private async postWebhook(row: EscalationOutboxTable, policy: EscalationPolicy): Promise<void> {
    // Signed at send time with the current secret: a secret rotated while a page waits is the one the receiver knows.
    if (!policy.webhookSecret) throw new DeliveryError('escalation webhookSecret is not configured', false);
    let response: Response;
    try {
      response = await fetch(row.target, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [ESCALATION_SIGNATURE_HEADER]: signWebhookBody(row.body, policy.webhookSecret),
          'user-agent': 'Plantao-Escalation/1',
        },
        body: row.body,
        redirect: 'error',
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new DeliveryError(`webhook unreachable: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    await response.arrayBuffer().catch(() => undefined);
    if (response.ok) return;
    // A 4xx other than timeout/rate limit will not heal by retrying (wrong URL or secret): fail it, loudly.
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new DeliveryError(`webhook answered ${response.status}`, retryable);
  }

  private async sendWhatsApp(row: EscalationOutboxTable, policy: EscalationPolicy): Promise<void> {
    if (!policy.onCallTemplate) throw new DeliveryError('escalation onCallTemplate is not configured', false);
    const { phoneNumberId, token } = await whatsappCredentials(this.handle.db, row.tenant_id, this.config.whatsappAccessToken);
    await this.whatsapp.sendTemplate(phoneNumberId, token, row.target, policy.onCallTemplate, row.body);
  }

  private async acknowledged(tenantId: string, alertId: string): Promise<boolean> {
    const alert = await this.handle.db
      .selectFrom('alerts')
      .select('acknowledged_at')
      .where('tenant_id', '=', tenantId)
      .where('id', '=', alertId)
      .executeTakeFirst();
    return Boolean(alert?.acknowledged_at);
  }

  private async update(id: string, values: Partial<EscalationOutboxTable>): Promise<void> {
    await this.handle.db
      .updateTable('escalation_outbox')
      .set({ ...values, updated_at: this.clock.isoNow() })
      .where('id', '=', id)
      .execute();
  }
}

function describeTarget(row: EscalationOutboxTable): string {
  if (row.channel === 'whatsapp') return `whatsapp +${row.target}`;
  try {
    return `webhook ${new URL(row.target).host}`;
  } catch {
    return 'webhook';
  }
}
