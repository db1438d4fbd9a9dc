import { z } from 'zod';
import { EscalationSettingsRequestSchema } from './escalation';
import { RetentionDaysSchema } from './retention';
import { ALARM_WINDOW_HOURS, TimeZoneSchema } from './station';
import { IdSchema, TimestampSchema } from '../events/common';
import { ConversationMessageSchema, IncomingSenderSchema, MessageSenderSchema, SENDER_ALIASES } from '../events/conversation';

/** The `sender` rule in words, from the alias table itself so the docs cannot drift from `canonicalSender`. */
function senderRule(): string {
  const groups = MessageSenderSchema.options.map((sender) => {
    const labels = Object.keys(SENDER_ALIASES).filter((label) => SENDER_ALIASES[label] === sender);
    return `${labels.map((label) => `\`${label}\``).join(', ')} → ${sender}`;
  });
  return (
    `Who wrote it, any short label, case-insensitive: ${groups.join('; ')}. ` +
    'Any other label counts as the patient, so its message is triaged (a missed symptom is worse than a false alarm). ' +
    'Only patient messages are triaged.'
  );
}

/**
 * `POST /api/conversations/messages`: a message from an agent that is not
 * WhatsApp. Strict: an unknown key is refused with 400 naming it.
 */
export const IngestMessageRequestSchema = z.strictObject({
  messageId: IdSchema.describe(
    'Your id for the message, unique in the hospital: the same messageId again is processed once (200, `duplicate: true`).',
  ),
  conversationId: IdSchema.describe(
    "Your id for the thread, unique in the hospital (e.g. your chat id). The first message creates the conversation for its `patientId`; send every later message of that thread with the same conversationId and the same patientId (one conversation per patient thread). A patientId this hospital has not registered makes it an unidentified contact's conversation.",
  ),
  patientId: IdSchema.describe(
    "The patient's id as registered with POST /api/patients (unregistered: the conversation shows as an unidentified contact; its alarming messages still alarm).",
  ),
  content: z.string().max(20_000),
  sender: IncomingSenderSchema.describe(senderRule()),
  /** ISO-8601, or epoch seconds / milliseconds as many agents send it. */
  timestamp: z
    .union([TimestampSchema, z.number().int().positive()])
    .transform((t) => (typeof t === 'number' ? new Date(t < 1e12 ? t * 1000 : t).toISOString() : new Date(t).toISOString()))
    .optional()
    .describe('When it was written: ISO-8601 with offset, or epoch seconds or milliseconds. Default: when received.'),
  isAudio: z
    .boolean()
    .optional()
    .describe(
      'A voice note. Voice notes are never silent: send its words in `transcript` (triaged like text); without a transcript a nurse is asked to listen (one medium "mensagem de voz não ouvida" alert per unanswered stretch).',
    ),
  transcript: z
    .string()
    .max(20_000)
    .optional()
    .describe('Only with isAudio: the voice note transcribed by your agent. Stored with the message and triaged.'),
});
export type IngestMessageRequest = z.infer<typeof IngestMessageRequestSchema>;

/** `POST /api/conversations/:id/reply`. Strict: an unknown key is refused with 400 naming it. */
export const ReplyRequestSchema = z.strictObject({ content: z.string().trim().min(1).max(4096) });
export type ReplyRequest = z.infer<typeof ReplyRequestSchema>;

/** The answer to a reply: stored at once with `deliveryStatus: pending`; `message_sent` updates say `sent` or `failed` later. */
export const ReplyResponseSchema = z.object({
  conversationId: z.string(),
  message: ConversationMessageSchema,
  at: TimestampSchema,
});
export type ReplyResponse = z.infer<typeof ReplyResponseSchema>;

export const ConversationStatusSchema = z.enum(['open', 'assumed', 'resolved']);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

export const ConversationViewSchema = z.object({
  id: z.string(),
  patientId: z.string(),
  patientName: z.string().optional(),
  unidentified: z.boolean(),
  contactPhone: z.string().optional(),
  contactName: z.string().optional(),
  status: ConversationStatusSchema,
  assumedBy: z.string().optional(),
  lastMessageAt: TimestampSchema.optional(),
  awaitingReplySince: TimestampSchema.optional(),
  unansweredSince: TimestampSchema.optional(),
});
export type ConversationView = z.infer<typeof ConversationViewSchema>;

export const TriageSeveritySchema = z.enum(['critical', 'high', 'medium', 'none']);
export type TriageSeverity = z.infer<typeof TriageSeveritySchema>;

/**
 * What triage concluded about one message, and who decided: an external agent,
 * the rules (spelling, vital signs, who and when), the learned second opinion
 * raising the rules' reading (`model`), or the never-silent self-harm net (`safety`).
 */
export const TriageOutcomeSchema = z.object({
  severity: TriageSeveritySchema,
  symptom: z.string(),
  evidence: z.string(),
  decidedBy: z.enum(['agent', 'rules', 'model', 'safety']),
  /** Why, in words (the rule, the model's confidence), when the pipeline decided. */
  reason: z.string().optional(),
  rulesVersion: z.string().optional(),
});
export type TriageOutcome = z.infer<typeof TriageOutcomeSchema>;

/** The answer an external triage agent (TRIAGE_AGENT_URL) must give. */
export const TriageAgentResponseSchema = z.object({
  severity: TriageSeveritySchema,
  symptom: z.string().max(100).default(''),
  evidence: z.string().max(2000).default(''),
});
export type TriageAgentResponse = z.infer<typeof TriageAgentResponseSchema>;

export const IngestResultSchema = z.object({
  duplicate: z.boolean(),
  conversationId: z.string(),
  message: ConversationMessageSchema,
  triage: TriageOutcomeSchema.optional(),
  alertId: z.string().optional(),
});
export type IngestResult = z.infer<typeof IngestResultSchema>;

/** `PUT /api/tenant/settings` (admin). Strict: an unknown key (a misspelled setting) is refused with 400 naming it. */
export const TenantSettingsRequestSchema = z.strictObject({
  whatsappPhoneNumberId: z
    .string()
    .regex(/^\d{5,30}$/)
    .nullable()
    .optional(),
  whatsappAccessToken: z.string().min(10).max(2000).nullable().optional(),
  noResponseHours: z.number().min(0.25).max(168).optional(),
  alertDedupeMinutes: z
    .number()
    .int()
    .min(0)
    .max(24 * 60)
    .optional(),
  /** Stations alarm only for alerts newer than this many hours (default 12); older ones are listed for review. */
  alarmWindowHours: z.number().min(ALARM_WINDOW_HOURS.min).max(ALARM_WINDOW_HOURS.max).optional(),
  /** The hospital's IANA time zone, for times on station screens (default America/Sao_Paulo). */
  timeZone: TimeZoneSchema.optional(),
  /** A triage rules extension (see README "Extending the triage rules"), validated by the server. */
  triageRulesExtension: z.unknown().optional(),
  /** Days patient messages and alerts are kept (0 = forever); null = the server's RETENTION_DAYS. */
  retentionDays: RetentionDaysSchema.nullable().optional(),
  /** Escalation policy for critical alerts nobody acknowledges (issue #9): see EscalationSettingsRequestSchema. */
  escalation: EscalationSettingsRequestSchema.optional(),
});
export type TenantSettingsRequest = z.infer<typeof TenantSettingsRequestSchema>;
