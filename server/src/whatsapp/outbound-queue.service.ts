import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '../common/clock';
import { OutboxDrain } from '../common/outbox-drain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ConversationsService } from '../conversations/conversations.service';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import type { OutboundMessagesTable } from '../db/schema';
import { Metrics } from '../metrics/metrics.service';
import { CloudApiClient, CloudApiError } from './cloud-api.client';
import { redactSecrets } from './redact-secrets';
import { whatsappCredentials } from './whatsapp-credentials';

/**
 * Outbound WhatsApp replies as a durable queue (an outbox table), not an
 * in-memory retry: a reply accepted from a nurse survives a restart. Failures
 * are retried with exponential backoff; the final failure is shown to the
 * nurse through `conversation_update` (`deliveryStatus: failed`).
 * Instances claim a row by moving its `next_attempt_at` forward (a lease), so
 * two instances do not send the same reply.
 */
@Injectable()
export class OutboundQueueService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboundQueueService.name);
  private timer?: NodeJS.Timeout;
  private readonly outbox = new OutboxDrain(
    () =>
      this.handle.db
        .selectFrom('outbound_messages')
        .selectAll()
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', this.clock.isoNow())
        .orderBy('created_at')
        .limit(20)
        .execute(),
    (row) => this.attempt(row),
    (error) => this.logger.error({ err: error }, 'outbound drain failed'),
  );

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly api: CloudApiClient,
    private readonly conversations: ConversationsService,
    private readonly clock: Clock,
    private readonly metrics: Metrics,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.sweepIntervalMs > 0) this.timer = setInterval(() => this.kick(), Math.min(this.config.sweepIntervalMs, 5000));
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.outbox.close();
  }

  async enqueue(tenantId: string, messageId: string, conversationId: string, toPhone: string, body: string): Promise<void> {
    const now = this.clock.isoNow();
    await this.handle.db
      .insertInto('outbound_messages')
      .values({
        id: randomUUID(),
        tenant_id: tenantId,
        message_id: messageId,
        conversation_id: conversationId,
        to_phone: toPhone,
        body,
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        last_error: null,
        provider_message_id: null,
        created_at: now,
        updated_at: now,
      })
      .execute();
    this.kick();
  }

  /** Sends whatever is due; concurrent kicks share one drain. */
  kick(): Promise<void> {
    return this.outbox.kick();
  }

  private async attempt(row: OutboundMessagesTable): Promise<void> {
    const lease = new Date(this.clock.now() + 60_000).toISOString();
    const claimed = await this.handle.db
      .updateTable('outbound_messages')
      .set({ next_attempt_at: lease })
      .where('id', '=', row.id)
      .where('next_attempt_at', '=', row.next_attempt_at)
      .where('status', '=', 'pending')
      .returning('id')
      .executeTakeFirst();
    if (!claimed) return;
    const attempts = row.attempts + 1;
    let usedToken: string | undefined;
    try {
      const { phoneNumberId, token } = await whatsappCredentials(this.handle.db, row.tenant_id, this.config.whatsappAccessToken);
      usedToken = token;
      const providerId = await this.api.sendText(phoneNumberId, token, row.to_phone, row.body);
      await this.update(row.id, { status: 'sent', attempts, provider_message_id: providerId, last_error: null });
      await this.conversations.setDelivery(row.tenant_id, row.message_id, 'sent');
    } catch (error) {
      // Shown to nurses and stored: never a token, whatever the Cloud API or fetch put in the text.
      const reason = redactSecrets(error instanceof Error ? error.message : String(error), [usedToken, this.config.whatsappAccessToken]);
      const retryable = !(error instanceof CloudApiError) || error.retryable;
      if (retryable && attempts < this.config.outboundMaxAttempts) {
        const delay = this.config.outboundRetryBaseMs * 2 ** (attempts - 1);
        await this.update(row.id, { attempts, last_error: reason, next_attempt_at: new Date(this.clock.now() + delay).toISOString() });
        this.metrics.outboundFailures.inc({ outcome: 'retry' });
        this.logger.warn({ tenantId: row.tenant_id, messageId: row.message_id, attempts }, 'WhatsApp send failed; will retry');
        setTimeout(() => void this.kick(), delay + 10).unref();
      } else {
        await this.update(row.id, { status: 'failed', attempts, last_error: reason });
        this.metrics.outboundFailures.inc({ outcome: 'failed' });
        await this.conversations.setDelivery(row.tenant_id, row.message_id, 'failed', reason);
        this.logger.error({ tenantId: row.tenant_id, messageId: row.message_id, attempts }, 'WhatsApp send failed for good');
      }
    }
  }

  private async update(id: string, values: Partial<OutboundMessagesTable>): Promise<void> {
    await this.handle.db
      .updateTable('outbound_messages')
      .set({ ...values, updated_at: this.clock.isoNow() })
      .where('id', '=', id)
      .execute();
  }
}
