import { z } from 'zod';
import { AlertPayloadSchema } from '../events/alert';
import { IdSchema, PatientStatusSchema, TimestampSchema } from '../events/common';
import { ConversationUpdatePayloadSchema } from '../events/conversation';
import { PriorityUpdatePayloadSchema } from '../events/priority';
import { StationConfigSchema } from '../rest/station';

/**
 * The station state as the renderer receives it over IPC: plain JSON that
 * mirrors the core's `StationState` (desktop/src/core/station-core.ts).
 */
export const ConnectionStatusSchema = z.enum(['connecting', 'connected', 'disconnected']);
export type ConnectionStatus = z.infer<typeof ConnectionStatusSchema>;

export const StationAlertSchema = AlertPayloadSchema.extend({
  readByMe: z.boolean(),
  receivedAt: z.number(),
  /** How often the same symptom recurred on this open alert (absent or 1 = once). */
  occurrences: z.number().int().positive().optional(),
  lastOccurrenceAt: TimestampSchema.optional(),
  /**
   * Older than the hospital's alarm window when this station first saw it
   * (first sign-in, long time away): listed for review, never rung.
   */
  historical: z.boolean().optional(),
});
export type StationAlertView = z.infer<typeof StationAlertSchema>;

export const StationPatientSchema = z.object({
  id: IdSchema,
  name: z.string(),
  bed: z.string().optional(),
  status: PatientStatusSchema,
  priority: z.number().optional(),
  /** Epoch ms when a `new_patient` event announced this patient to this station. */
  newAt: z.number().optional(),
});
export type StationPatient = z.infer<typeof StationPatientSchema>;

export const StationUserSchema = z.object({
  id: z.string(),
  name: z.string(),
  tenantId: z.string(),
  role: z.string(),
});

export const StationSnapshotSchema = z.object({
  connection: ConnectionStatusSchema,
  lastConnectedAt: z.number().optional(),
  disconnectedSince: z.number().optional(),
  user: StationUserSchema.optional(),
  lastSeq: z.number().int().nonnegative(),
  alerts: z.record(z.string(), StationAlertSchema),
  conversations: z.record(z.string(), z.array(ConversationUpdatePayloadSchema)),
  priorities: z.record(z.string(), PriorityUpdatePayloadSchema),
  patients: z.record(z.string(), StationPatientSchema),
  /** Colleagues' names by user id ("Lida por Ana"); an id not here is shown as is. */
  staff: z.record(z.string(), z.string()),
  /** The hospital's station settings (defaults until the server answered). */
  config: StationConfigSchema,
  silencedUntil: z.number().optional(),
  lastError: z.string().optional(),
  /**
   * Stations of this hospital online now, this one included (`presence_update`,
   * issue #9); absent until the server said so on this connection.
   */
  stationsOnline: z.number().int().min(0).optional(),
});
export type StationSnapshot = z.infer<typeof StationSnapshotSchema>;
