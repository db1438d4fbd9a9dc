import { z } from 'zod';

/**
 * A part of a message that is only read, never required: when Meta sends it
 * in a shape we do not expect, the message is still stored (as a marker of its
 * type) instead of being dropped: nothing a patient sends is lost.
 */
const lenient = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const shortText = z.string().max(2_000);
/** Patient-written text: a text body, a caption. */
const longText = z.string().max(100_000);

/** image, video, document, audio and sticker objects: a media id to fetch from the Cloud API, and the caption the patient wrote. */
export const WhatsAppMediaSchema = z.object({
  id: shortText.optional(),
  mime_type: shortText.optional(),
  sha256: shortText.optional(),
  caption: longText.optional(),
  filename: shortText.optional(),
  /** audio: true for a voice note recorded in WhatsApp. */
  voice: z.boolean().optional(),
  /** sticker: animated or not. */
  animated: z.boolean().optional(),
});

/**
 * WhatsApp Cloud API webhook body (`object: whatsapp_business_account`).
 * The envelope is strict (a malformed body is refused whole with 400); each
 * message is parsed on its own so one bad message does not drop the others.
 */
export const WhatsAppMessageSchema = z.object({
  from: z.string().regex(/^\d{5,20}$/),
  id: z.string().min(1).max(200),
  timestamp: z.string().regex(/^\d{1,12}$/),
  /** Absent on some deliveries (Meta's own location example has none): the type is then the object the message carries. */
  type: z.string().min(1).max(40).optional(),
  /** A reply (`id` of the message answered) or a forward. */
  context: lenient(
    z.object({
      from: shortText.optional(),
      id: shortText.optional(),
      forwarded: z.boolean().optional(),
      frequently_forwarded: z.boolean().optional(),
    }),
  ),
  text: lenient(z.object({ body: longText })),
  image: lenient(WhatsAppMediaSchema),
  video: lenient(WhatsAppMediaSchema),
  document: lenient(WhatsAppMediaSchema),
  audio: lenient(WhatsAppMediaSchema),
  sticker: lenient(WhatsAppMediaSchema),
  reaction: lenient(z.object({ message_id: shortText.optional(), emoji: shortText.optional() })),
  location: lenient(
    z.object({
      latitude: z.number().optional(),
      longitude: z.number().optional(),
      name: shortText.optional(),
      address: shortText.optional(),
      url: shortText.optional(),
    }),
  ),
  contacts: lenient(
    z
      .array(
        z.object({
          name: z
            .object({ formatted_name: shortText.optional(), first_name: shortText.optional(), last_name: shortText.optional() })
            .optional(),
          phones: z
            .array(z.object({ phone: shortText.optional(), wa_id: shortText.optional(), type: shortText.optional() }))
            .max(50)
            .optional(),
        }),
      )
      .max(50),
  ),
  /** A quick-reply button of a template the hospital sent. */
  button: lenient(z.object({ text: longText.optional(), payload: longText.optional() })),
  /** A reply to an interactive message: a reply button, a list row, or a WhatsApp Flow's answers. */
  interactive: lenient(
    z.object({
      type: shortText.optional(),
      button_reply: z.object({ id: shortText.optional(), title: longText.optional() }).optional(),
      list_reply: z.object({ id: shortText.optional(), title: longText.optional(), description: longText.optional() }).optional(),
      nfm_reply: z.object({ name: shortText.optional(), body: longText.optional(), response_json: longText.optional() }).optional(),
    }),
  ),
  /** The patient came from a click-to-WhatsApp ad or post: the ad's own texts, not the patient's. */
  referral: lenient(
    z.object({
      source_url: shortText.optional(),
      source_type: shortText.optional(),
      source_id: shortText.optional(),
      headline: shortText.optional(),
      body: longText.optional(),
      media_type: shortText.optional(),
    }),
  ),
  order: lenient(z.object({ catalog_id: shortText.optional(), text: longText.optional() })),
  /** e.g. the customer changed their number: written by WhatsApp, not by the patient. */
  system: lenient(z.object({ body: longText.optional(), type: shortText.optional() })),
  /** `unsupported` / `unknown` messages say why. */
  errors: lenient(z.array(z.object({ code: z.number().optional(), title: shortText.optional() })).max(20)),
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

/**
 * What a speech-to-text service (SPEECH_TO_TEXT_URL) answers to a voice note
 * POSTed to it as raw audio bytes: the transcript.
 */
export const SpeechToTextResponseSchema = z.object({ text: z.string().max(100_000) });
export type SpeechToTextResponse = z.infer<typeof SpeechToTextResponseSchema>;

/** `POST /api/webhooks/whatsapp` answers 200 with this once the delivery is stored; processing follows. */
export const WebhookAcceptedSchema = z.object({ status: z.literal('accepted') });
export type WebhookAccepted = z.infer<typeof WebhookAcceptedSchema>;
