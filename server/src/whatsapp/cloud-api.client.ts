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

/**
 * Sends a text through the WhatsApp Cloud API (`POST /{phone_number_id}/messages`).
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
