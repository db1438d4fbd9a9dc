import { z } from 'zod';
import { IdSchema, TimestampSchema } from './common';

/** Worklist category of a 0–100 priority score. */
export const PriorityCategorySchema = z.enum(['critical', 'high', 'medium', 'low']);
export type PriorityCategory = z.infer<typeof PriorityCategorySchema>;

export const PriorityScoreSchema = z.number().min(0).max(100);

/** Score thresholds of each category (inclusive lower bounds). */
export function priorityCategory(score: number): PriorityCategory {
  if (score >= 75) return 'critical';
  if (score >= 50) return 'high';
  if (score >= 25) return 'medium';
  return 'low';
}

/**
 * `priority_update` payload. Throttled per patient (at most one a second,
 * latest value wins); `oldPriority` is the last value stations were sent.
 */
export const PriorityUpdatePayloadSchema = z.object({
  patientId: IdSchema,
  patientName: z.string().optional(),
  oldPriority: PriorityScoreSchema,
  newPriority: PriorityScoreSchema,
  category: PriorityCategorySchema,
  reason: z.string().optional(),
  timestamp: TimestampSchema,
});
export type PriorityUpdatePayload = z.infer<typeof PriorityUpdatePayloadSchema>;
