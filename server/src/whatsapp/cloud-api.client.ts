import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export class CloudApiError extends Error {
  constructor(
    message: string,
    /** False when retrying cannot help (bad number, missing configuration, 4xx other than 429). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** WhatsApp's limit for audio is 16 MB: anything larger is not a voice note. */
const MAX_MEDIA_BYTES = 16 * 1024 * 1024;

/**
 * Sends a text through the WhatsApp Cloud API (`POST /{phone_number_id}/messages`)
 * and fetches the media of incoming messages.
 * The base URL is configurable so tests and staging talk to a local stand-in.
 */
@Injectable()
export class CloudApiClient {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async sendText(phoneNumberId: string, accessToken: string, to: string, body: string): Promise<string> {
    return this.send(phoneNumberId, accessToken, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'text',
      text: { preview_url: false, body },
    });
  }

  /**
   * A pre-approved template with one body parameter: the only message WhatsApp
   * delivers outside a 24 h customer-service window, so the way to reach an
   * on-call clinician who has not written first (issue #9).
   */
  async sendTemplate(
    phoneNumberId: string,
    accessToken: string,
    to: string,
    template: { name: string; language: string },
    text: string,
  ): Promise<string> {
    return this.send(phoneNumberId, accessToken, {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to,
      type: 'template',
      template: {
        name: template.name,
        language: { code: template.language },
        components: [{ type: 'body', parameters: [{ type: 'text', text }] }],
      },
    });
  }

  /**
   * A message's media (a voice note): `GET /{media-id}` gives a short-lived
   * URL, which is then fetched with the same token (Meta's documented two
   * steps). Bounded by WhatsApp's own size limit for audio.
   */
  async downloadMedia(mediaId: string, accessToken: string, signal: AbortSignal): Promise<{ bytes: Buffer; mimeType?: string }> {
    const headers = { authorization: `Bearer ${accessToken}` };
    const described = await fetch(`${this.config.whatsappApiBaseUrl}/${encodeURIComponent(mediaId)}`, { headers, signal });
    if (!described.ok) {
      await described.body?.cancel().catch(() => undefined);
      throw new CloudApiError(`WhatsApp media lookup answered ${described.status}`, described.status >= 500);
    }
    const media = (await described.json()) as { url?: unknown; mime_type?: unknown };
    if (typeof media.url !== 'string' || !/^https?:\/\//.test(media.url))
      throw new CloudApiError('WhatsApp media lookup gave no URL', false);
    const download = await fetch(media.url, { headers, signal });
    if (!download.ok || Number(download.headers.get('content-length') ?? 0) > MAX_MEDIA_BYTES) {
      await download.body?.cancel().catch(() => undefined);
      throw new CloudApiError(
        download.ok ? 'WhatsApp media too large' : `WhatsApp media download answered ${download.status}`,
        download.status >= 500,
      );
    }
    const bytes = Buffer.from(await download.arrayBuffer());
    if (bytes.byteLength > MAX_MEDIA_BYTES) throw new CloudApiError('WhatsApp media too large', false);
    const mimeType = typeof media.mime_type === 'string' ? media.mime_type : (download.headers.get('content-type') ?? undefined);
    return { bytes, ...(mimeType ? { mimeType } : {}) };
  }

  private async send(phoneNumberId: string, accessToken: string, payload: Record<string, unknown>): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${this.config.whatsappApiBaseUrl}/${encodeURIComponent(phoneNumberId)}/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(10_000),
      });
    } catch (error) {
      throw new CloudApiError(`WhatsApp API unreachable: ${error instanceof Error ? error.message : String(error)}`, true);
    }
    const text = await response.text();
    if (!response.ok) {
      const retryable = response.status >= 500 || response.status === 429;
      throw new CloudApiError(`WhatsApp API answered ${response.status}: ${text.slice(0, 300)}`, retryable);
    }
    const parsed = JSON.parse(text) as { messages?: { id?: string }[] };
    return parsed.messages?.[0]?.id ?? '';
  }
}
