import { z } from 'zod';
import { IdSchema, SeveritySchema, TimestampSchema } from './common';
import { EscalationLevelSchema } from './escalation';

/**
 * Why an alert was raised. Plantão raises `critical_symptom`, `voice_note_unheard`,
 * `symptom_worsening` and `no_response`; integrations may post their own
 * short labels (e.g. `vital_signs`), so the type is validated for shape only.
 */
export const KNOWN_ALERT_TYPES = [
  'critical_symptom',
  'symptom_worsening',
  'no_response',
  'voice_note_unheard',
  'vital_signs',
  'medication',
  'other',
] as const;
export const AlertTypeSchema = z.string().trim().min(1).max(60);
export type AlertType = z.infer<typeof AlertTypeSchema>;

/** Free-form, JSON-serialisable extra data (e.g. triage evidence). Bounded by the body limit. */
export const AlertMetadataSchema = z.record(z.string(), z.unknown());

/** User id → when that user first read the alert. */
export const ReadAtSchema = z.record(z.string(), TimestampSchema);

/** `critical_alert` payload: a stored alert, with its per-tenant `seq` and read/ack state. */
export const AlertPayloadSchema = z.object({
  id: IdSchema,
  seq: z.number().int().positive(),
  tenantId: IdSchema,
  patientId: IdSchema,
  patientName: z.string(),
  type: AlertTypeSchema,
  severity: SeveritySchema,
  message: z.string(),
  metadata: AlertMetadataSchema.optional(),
  externalId: z.string().optional(),
  timestamp: TimestampSchema,
  readBy: z.array(z.string()),
  /** When each user in `readBy` first read it ("Lida por Ana às 14:05"); absent when nobody has. */
  readAt: ReadAtSchema.optional(),
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: TimestampSchema.optional(),
  /** How many stations confirmed receipt ("entregue a N estações"); absent when none has yet. */
  deliveredTo: z.number().int().min(0).optional(),
  /** Escalation reached so far (critical alerts nobody acknowledged in time); absent when never escalated. */
  escalationLevel: EscalationLevelSchema.optional(),
  escalatedAt: TimestampSchema.optional(),
});
export type AlertPayload = z.infer<typeof AlertPayloadSchema>;

/** `alert_updated`: read/ack state changed (any station of the tenant). */
export const AlertUpdatedPayloadSchema = z.object({
  alertId: IdSchema,
  seq: z.number().int().positive(),
  readBy: z.array(z.string()),
  readAt: ReadAtSchema.optional(),
  acknowledgedBy: z.string().optional(),
  acknowledgedAt: TimestampSchema.optional(),
  /**
   * The same symptom came back at the same severity inside the dedupe window:
   * the open alert counts it instead of raising a new one (alarm fatigue).
   */
  occurrences: z.number().int().positive().optional(),
  lastOccurrenceAt: TimestampSchema.optional(),
  /** Stations that confirmed receipt so far (coalesced: at most about one update per second per alert). */
  deliveredTo: z.number().int().min(0).optional(),
});
export type AlertUpdatedPayload = z.infer<typeof AlertUpdatedPayloadSchema>;
