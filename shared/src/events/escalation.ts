import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

/**
 * Why a critical alert was escalated (issue #9):
 * - `ack_timeout`: nobody acknowledged it within the tenant's `ackTimeoutSeconds` (level 1, stations ring louder);
 * - `external_timeout`: still unacknowledged at `externalAfterSeconds` (level 2, external channels);
 * - `not_delivered`: no station confirmed receipt within 30 s (level 2);
 * - `no_station_online`: it arrived while no station of the tenant was online (level 2, at once).
 */
export const EscalationReasonSchema = z.enum(['ack_timeout', 'external_timeout', 'not_delivered', 'no_station_online']);
export type EscalationReason = z.infer<typeof EscalationReasonSchema>;

/** 1: every station of the tenant rings louder and pins the alert "escalado"; 2: the tenant's external channels were called too. */
export const EscalationLevelSchema = z.union([z.literal(1), z.literal(2)]);
export type EscalationLevel = z.infer<typeof EscalationLevelSchema>;

/** `alert_escalated`: a critical alert nobody acknowledged in time (or nobody received) went up a level. */
export const AlertEscalatedPayloadSchema = z.object({
  alertId: IdSchema,
  seq: z.number().int().positive(),
  level: EscalationLevelSchema,
  reason: EscalationReasonSchema,
  escalatedAt: TimestampSchema,
});
export type AlertEscalatedPayload = z.infer<typeof AlertEscalatedPayloadSchema>;
