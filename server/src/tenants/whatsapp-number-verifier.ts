import { BadRequestException, Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export const PHONE_NUMBER_ID_UNVERIFIED =
  "whatsappPhoneNumberId: not verified: the WhatsApp Cloud API did not confirm this number for this hospital's access token";

/**
 * Proves a hospital owns a WhatsApp number before it routes messages:
 * `GET {base}/{phone_number_id}` with the hospital's own token must answer
 * 200 with the same `id`. The Cloud API's answer is never echoed (it may
 * carry tokens or another business's details).
 */
@Injectable()
export class WhatsAppNumberVerifier {
  private readonly logger = new Logger(WhatsAppNumberVerifier.name);

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async verify(phoneNumberId: string, accessToken: string | undefined): Promise<void> {
    if (!accessToken) throw new BadRequestException('whatsappPhoneNumberId: cannot be verified without a WhatsApp access token');
    let response: Response;
    try {
      response = await fetch(`${this.config.whatsappApiBaseUrl}/${encodeURIComponent(phoneNumberId)}`, {
        headers: { authorization: `Bearer ${accessToken}` },
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new ServiceUnavailableException('whatsappPhoneNumberId: the WhatsApp Cloud API could not be reached to verify it; try again');
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel();
      throw new ServiceUnavailableException('whatsappPhoneNumberId: the WhatsApp Cloud API could not verify it now; try again');
    }
    let id: unknown;
    try {
      id = response.ok ? ((await response.json()) as { id?: unknown }).id : undefined;
    } catch {
      id = undefined;
    }
    if (!response.ok) await response.body?.cancel().catch(() => undefined);
    if (id !== phoneNumberId) {
      this.logger.warn({ status: response.status }, 'WhatsApp phone number id not verified by the Cloud API');
      throw new BadRequestException(PHONE_NUMBER_ID_UNVERIFIED);
    }
  }
}
