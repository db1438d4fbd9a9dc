import { createHash } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { IngestService, type WhatsAppInbound } from '../clinical/ingest.service';
import { Clock } from '../common/clock';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { TenantSettingsService } from '../tenants/tenant-settings.service';
import { withTranscript } from './inbound-reading';
import { redactSecrets } from './redact-secrets';
import { VoiceTranscriber } from './voice-transcriber.service';
import { type ParsedInbound, parseWebhook } from './webhook-parser';

/** After this many attempts a delivery is left alone (`/health` counts it as failed). */
export const MAX_ATTEMPTS = 10;

/**
 * The durable inbox behind the webhook: a verified delivery is written here
 * before Meta gets its 200, then processed. Deliveries not processed (the
 * process died, the database hiccupped) are picked up at start-up and by a
 * periodic sweep; processing is idempotent per message id.
 */
@Injectable()
export class WebhookInboxService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookInboxService.name);
  private timer?: NodeJS.Timeout;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ingest: IngestService,
    private readonly settings: TenantSettingsService,
    private readonly clock: Clock,
    private readonly transcriber: VoiceTranscriber,
  ) {}

  onApplicationBootstrap(): void {
    void this.sweep(0);
    if (this.config.sweepIntervalMs > 0) this.timer = setInterval(() => void this.sweep(30_000), this.config.sweepIntervalMs);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * Stores the raw delivery; returns once it is durable. The id is the hash of
   * the body, so Meta's redelivery of the same bytes is one inbox row (kept,
   * not stored again); messages are also idempotent per wamid downstream.
   */
  async accept(rawBody: string): Promise<string> {
    const id = `sha256:${createHash('sha256').update(rawBody, 'utf8').digest('hex')}`;
    await this.handle.db
      .insertInto('webhook_inbox')
      .values({ id, body: rawBody, received_at: this.clock.isoNow(), processed_at: null, attempts: 0, last_error: null })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    return id;
  }

  /** Processes in the background; the returned promise is for tests and shutdown. */
  processSoon(id: string): Promise<void> {
    const work = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.process(id));
    this.inFlight.add(work);
    void work.finally(() => this.inFlight.delete(work));
    return work;
  }

  /** Waits for background processing (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  async sweep(olderThanMs: number): Promise<void> {
    const cutoff = new Date(this.clock.now() - olderThanMs).toISOString();
    const pending = await this.handle.db
      .selectFrom('webhook_inbox')
      .select('id')
      .where('processed_at', 'is', null)
      .where('attempts', '<', MAX_ATTEMPTS)
      .where('received_at', '<=', cutoff)
      .orderBy('received_at')
      .limit(100)
      .execute()
      .catch((error: unknown) => {
        this.logger.error({ err: error }, 'webhook inbox sweep failed');
        return [];
      });
    for (const row of pending) await this.processSoon(row.id);
  }

  /**
   * A voice note is transcribed before it is stored, so it is stored, shown
   * and triaged once with its transcript (stations see it at most
   * SPEECH_TO_TEXT_TIMEOUT_MS later). One already stored and dealt with is
   * not sent to the service again.
   */
  private async heard(tenantId: string, message: ParsedInbound): Promise<WhatsAppInbound> {
    if (!message.isAudio || (await this.ingest.alreadyRead(tenantId, message.wamid))) return message;
    const transcription = await this.transcriber.transcribe(tenantId, message.audio ?? {});
    return transcription.ok ? withTranscript(message, transcription.text) : { ...message, unheard: transcription.reason };
  }

  private async process(id: string): Promise<void> {
    const row = await this.handle.db.selectFrom('webhook_inbox').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.processed_at) return;
    try {
      const parsed = parseWebhook(JSON.parse(row.body));
      if (!parsed.ok) throw new Error(`stored delivery no longer parses: ${parsed.error}`);
      for (const bad of parsed.rejected) {
        this.logger.warn(
          { inboxId: id, phoneNumberId: bad.phoneNumberId, index: bad.index, reason: bad.reason },
          'webhook message rejected',
        );
      }
      for (const message of parsed.messages) {
        const tenantId = await this.settings.tenantForPhoneNumberId(message.phoneNumberId);
        if (!tenantId) {
          this.logger.warn(
            { inboxId: id, phoneNumberId: message.phoneNumberId },
            'message for a WhatsApp number no hospital has configured',
          );
          continue;
        }
        await this.ingest.ingestWhatsApp(tenantId, await this.heard(tenantId, message));
      }
      await this.handle.db
        .updateTable('webhook_inbox')
        .set({ processed_at: this.clock.isoNow(), attempts: row.attempts + 1 })
        .where('id', '=', id)
        .execute();
    } catch (error) {
      const reason = redactSecrets(error instanceof Error ? error.message : String(error));
      this.logger.error({ inboxId: id, attempts: row.attempts + 1, reason }, 'webhook delivery processing failed; will retry');
      await this.handle.db
        .updateTable('webhook_inbox')
        .set({ attempts: row.attempts + 1, last_error: reason.slice(0, 500) })
        .where('id', '=', id)
        .execute();
    }
  }
}
