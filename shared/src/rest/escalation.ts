import { z } from 'zod';
import { AlertPayloadSchema } from '../events/alert';
import { TimestampSchema } from '../events/common';
import { EscalationLevelSchema, EscalationReasonSchema } from '../events/escalation';

/** Defaults of the tenant setting `escalation` (issue #9). */
export const ESCALATION_DEFAULTS = { ackTimeoutSeconds: 120, externalAfterSeconds: 300, noStationSeconds: 60 } as const;

/** A critical alert no station confirmed within this many seconds goes out through the external channels. */
export const NOT_DELIVERED_AFTER_SECONDS = 30;

/** `HH:MM`, 24 h, in the tenant's time zone. */
const ClockTimeSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

/** An on-call number in international form without `+` (as the WhatsApp Cloud API takes it). */
export const OnCallNumberSchema = z.string().regex(/^[1-9]\d{7,14}$/, 'must be digits in international form, e.g. 5511987654321');

/**
 * The tenant setting `escalation` as an admin sends it (`PUT /api/tenant/settings`).
 * Every key is optional: what is absent keeps its current value (defaults above);
 * `null` clears a channel. `webhookSecret` is write-only: the view says only whether it is set.
 */
export const EscalationSettingsRequestSchema = z
  .strictObject({
    ackTimeoutSeconds: z.number().int().min(15).max(86_400).optional(),
    externalAfterSeconds: z.number().int().min(30).max(86_400).optional(),
    noStationSeconds: z.number().int().min(10).max(86_400).optional(),
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .optional(),
    webhookSecret: z.string().min(16, 'must be at least 16 characters').max(512).nullable().optional(),
    onCallNumbers: z.array(OnCallNumberSchema).max(20).optional(),
    /** Approved WhatsApp template for on-call messages (free text needs an open session). Its body takes one parameter: the text. */
    onCallTemplate: z
      .strictObject({ name: z.string().regex(/^[a-z0-9_]{1,512}$/), language: z.string().min(2).max(15) })
      .nullable()
      .optional(),
    /** When "no station online" notices are sent; null or absent = always. Overnight ranges (22:00–06:00) work. */
    noStationHours: z.strictObject({ from: ClockTimeSchema, to: ClockTimeSchema }).nullable().optional(),
  })
  .refine(
    (s) => s.ackTimeoutSeconds === undefined || s.externalAfterSeconds === undefined || s.externalAfterSeconds > s.ackTimeoutSeconds,
    {
      path: ['externalAfterSeconds'],
      message: 'must be greater than ackTimeoutSeconds',
    },
  );
export type EscalationSettingsRequest = z.infer<typeof EscalationSettingsRequestSchema>;

/** The `escalation` setting as the server answers it (never the secret). */
export const EscalationSettingsViewSchema = z.object({
  ackTimeoutSeconds: z.number().int(),
  externalAfterSeconds: z.number().int(),
  noStationSeconds: z.number().int(),
  webhookUrl: z.string().optional(),
  webhookSecretSet: z.boolean(),
  onCallNumbers: z.array(z.string()),
  onCallTemplate: z.object({ name: z.string(), language: z.string() }).optional(),
  noStationHours: z.object({ from: z.string(), to: z.string() }).optional(),
});
export type EscalationSettingsView = z.infer<typeof EscalationSettingsViewSchema>;

/**
 * Body of the outbound webhook to the hospital's paging system, signed with
 * `X-Plantao-Signature: sha256=<hex HMAC-SHA256 of the raw body with webhookSecret>`.
 * `id` is stable across retries: the receiver deduplicates with it.
 */
export const EscalationWebhookBodySchema = z.discriminatedUnion('event', [
  z.object({
    id: z.string(),
    event: z.literal('alert_escalated'),
    tenantId: z.string(),
    at: TimestampSchema,
    level: EscalationLevelSchema,
    reason: EscalationReasonSchema,
    alert: AlertPayloadSchema,
  }),
  z.object({
    id: z.string(),
    event: z.enum(['no_station_online', 'stations_back']),
    tenantId: z.string(),
    at: TimestampSchema,
    /** Since when no station of the tenant was online. */
    offlineSince: TimestampSchema,
  }),
]);
export type EscalationWebhookBody = z.infer<typeof EscalationWebhookBodySchema>;

/** The signature header of the outbound webhook. */
export const ESCALATION_SIGNATURE_HEADER = 'X-Plantao-Signature';
