import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { type DatabaseHandle } from '../db/create-database';
import { DATABASE } from '../db/database.module';
import { CloudApiClient } from './cloud-api.client';
import { redactSecrets } from './redact-secrets';
import { speechToText } from './speech-to-text.client';
import { whatsappCredentials } from './whatsapp-credentials';

export type Transcription = { ok: true; text: string } | { ok: false; reason: 'not_configured' | 'failed' };

/**
 * Voice notes (issue #10): when the hospital has a speech-to-text service,
 * the note is fetched from the Cloud API with the hospital's token and
 * transcribed, all within SPEECH_TO_TEXT_TIMEOUT_MS. Never throws: without a
 * service, or when anything fails, the answer says so and the note raises
 * "mensagem de voz não ouvida" instead, so a nurse listens to it.
 */
@Injectable()
export class VoiceTranscriber {
  private readonly logger = new Logger(VoiceTranscriber.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(DATABASE) private readonly handle: DatabaseHandle,
    private readonly api: CloudApiClient,
  ) {}

  async transcribe(tenantId: string, audio: { mediaId?: string; mimeType?: string }): Promise<Transcription> {
    const url = this.config.speechToTextUrl;
    if (!url) return { ok: false, reason: 'not_configured' };
    const signal = AbortSignal.timeout(this.config.speechToTextTimeoutMs);
    let token: string | undefined;
    try {
      if (!audio.mediaId) throw new Error('voice note without a media id');
      token = (await whatsappCredentials(this.handle.db, tenantId, this.config.whatsappAccessToken)).token;
      const media = await this.api.downloadMedia(audio.mediaId, token, signal);
      const text = (await speechToText(url, { bytes: media.bytes, mimeType: media.mimeType ?? audio.mimeType }, tenantId, signal)).trim();
      // Silence, or nothing the service could make out: a nurse has to listen.
      if (!text) throw new Error('speech-to-text heard no words');
      return { ok: true, text };
    } catch (error) {
      const reason =
        error instanceof Error && error.name === 'TimeoutError' ? 'timed out' : error instanceof Error ? error.message : String(error);
      this.logger.warn(
        { tenantId, reason: redactSecrets(reason, [token, this.config.whatsappAccessToken]) },
        'voice note not transcribed; a nurse will be asked to listen',
      );
      return { ok: false, reason: 'failed' };
    }
  }
}
