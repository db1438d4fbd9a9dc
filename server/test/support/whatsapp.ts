import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const APP_SECRET = 'test-whatsapp-app-secret';
export const VERIFY_TOKEN = 'test-verify-token';
export const PHONE_NUMBER_ID = '106540352242922';

/** `server/test/fixtures/whatsapp/<name>`: webhook bodies in the shape Meta posts them. */
export function fixture(name: string): string {
  return readFileSync(resolve(__dirname, '../fixtures/whatsapp', name), 'utf8');
}

export const sign = (body: string, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

export async function postWebhook(baseUrl: string, body: string, signature: string | undefined = sign(body)) {
  const response = await fetch(`${baseUrl}/api/webhooks/whatsapp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'x-hub-signature-256': signature } : {}) },
    body,
  });
  return { status: response.status, body: await response.text() };
}

/** A webhook body with text messages, in the shape Meta sends. */
export function textDelivery(
  messages: { from: string; id: string; body: string; timestamp?: number; type?: string }[],
  phoneNumberId = PHONE_NUMBER_ID,
): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '551140028922', phone_number_id: phoneNumberId },
              contacts: messages.map((m) => ({ profile: { name: 'Paciente' }, wa_id: m.from })),
              messages: messages.map((m) => ({
                from: m.from,
                id: m.id,
                timestamp: String(m.timestamp ?? Math.floor(Date.now() / 1000)),
                type: m.type ?? 'text',
                text: { body: m.body },
              })),
            },
          },
        ],
      },
    ],
  });
}
