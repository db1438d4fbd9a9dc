import { z } from 'zod';

/**
 * WhatsApp Cloud API webhook body (`object: whatsapp_business_account`).
 * The envelope is strict (a malformed body is refused whole with 400); each
 * message is parsed on its own so one bad message does not drop the others.
 */
export const WhatsAppMessageSchema = z.object({
  from: z.string().regex(/^\d{5,20}$/),
  id: z.string().min(1).max(200),
  timestamp: z.string().regex(/^\d{1,12}$/),
  type: z.string().min(1).max(40),
  text: z.object({ body: z.string().max(100_000) }).optional(),
  audio: z.object({ id: z.string().optional(), mime_type: z.string().optional(), voice: z.boolean().optional() }).optional(),
});
export type WhatsAppMessage = z.infer<typeof WhatsAppMessageSchema>;

export const WhatsAppContactSchema = z.object({
  wa_id: z.string(),
  profile: z.object({ name: z.string().max(500).optional() }).optional(),
});

export const WhatsAppChangeValueSchema = z.object({
  messaging_product: z.literal('whatsapp'),
  metadata: z.object({ phone_number_id: z.string().min(1).max(64), display_phone_number: z.string().optional() }),
  contacts: z.array(z.unknown()).max(1000).optional(),
  messages: z.array(z.unknown()).max(1000).optional(),
  statuses: z.array(z.unknown()).max(1000).optional(),
});

export const WhatsAppWebhookSchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: z.string(),
        changes: z.array(z.object({ field: z.string(), value: z.unknown() })).max(1000),
      }),
    )
    .min(1)
    .max(1000),
});
export type WhatsAppWebhook = z.infer<typeof WhatsAppWebhookSchema>;

/**
 * The webhook body with each change's `value` and each message spelled out,
 * for the API docs. The server parses the envelope, then each value and each
 * message on its own (the schemas above), so one bad message never drops the rest.
 */
export const WhatsAppWebhookBodySchema = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z
    .array(
      z.object({
        id: z.string().describe('The WhatsApp Business Account id'),
        changes: z
          .array(
            z.object({
              field: z.string().describe('`messages` is the one Plantão reads'),
              value: WhatsAppChangeValueSchema.extend({
                contacts: z.array(WhatsAppContactSchema).max(1000).optional(),
                messages: z.array(WhatsAppMessageSchema).max(1000).optional(),
              }),
            }),
          )
          .max(1000),
      }),
    )
    .min(1)
    .max(1000),
});

/** `POST /api/webhooks/whatsapp` answers 200 with this once the delivery is stored; processing follows. */
export const WebhookAcceptedSchema = z.object({ status: z.literal('accepted') });
export type WebhookAccepted = z.infer<typeof WebhookAcceptedSchema>;
