import { z } from 'zod';
import { EscalationSettingsRequestSchema } from './escalation';
import { ALARM_WINDOW_HOURS, TimeZoneSchema } from './station';
import { IdSchema, TimestampSchema } from '../events/common';
import { ConversationMessageSchema, IncomingSenderSchema } from '../events/conversation';

/** `POST /api/conversations/messages`: a message from an agent that is not WhatsApp. */
export const IngestMessageRequestSchema = z.object({
  messageId: IdSchema,
  conversationId: IdSchema,
  patientId: IdSchema,
  content: z.string().max(20_000),
  sender: IncomingSenderSchema,
  /** ISO-8601, or epoch seconds / milliseconds as many agents send it. */
  timestamp: z
    .union([TimestampSchema, z.number().int().positive()])
    .transform((t) => (typeof t === 'number' ? new Date(t < 1e12 ? t * 1000 : t).toISOString() : new Date(t).toISOString()))
    .optional(),
  isAudio: z.boolean().optional(),
});
export type IngestMessageRequest = z.infer<typeof IngestMessageRequestSchema>;

export const ReplyRequestSchema = z.object({ content: z.string().trim().min(1).max(4096) });
export type ReplyRequest = z.infer<typeof ReplyRequestSchema>;

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

/** What triage concluded about one message, and who decided (an external agent or the rules). */
export const TriageOutcomeSchema = z.object({
  severity: TriageSeveritySchema,
  symptom: z.string(),
  evidence: z.string(),
  decidedBy: z.enum(['agent', 'rules']),
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

export const TenantSettingsRequestSchema = z.object({
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
  /** Escalation policy for critical alerts nobody acknowledges (issue #9): see EscalationSettingsRequestSchema. */
  escalation: EscalationSettingsRequestSchema.optional(),
});
export type TenantSettingsRequest = z.infer<typeof TenantSettingsRequestSchema>;
