import { z } from 'zod';
import { AlertPayloadSchema } from '../events/alert';
import { IdSchema, PatientStatusSchema } from '../events/common';
import { ConversationUpdatePayloadSchema } from '../events/conversation';
import { PriorityUpdatePayloadSchema } from '../events/priority';

/**
 * The station state as the renderer receives it over IPC: plain JSON that
 * mirrors the core's `StationState` (desktop/src/core/station-core.ts).
 */
export const ConnectionStatusSchema = z.enum(['connecting', 'connected', 'disconnected']);

export const StationAlertSchema = AlertPayloadSchema.extend({
  readByMe: z.boolean(),
  receivedAt: z.number(),
});
export type StationAlertView = z.infer<typeof StationAlertSchema>;

export const StationPatientSchema = z.object({
  id: IdSchema,
  name: z.string(),
  bed: z.string().optional(),
  status: PatientStatusSchema,
  priority: z.number().optional(),
});

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
  silencedUntil: z.number().optional(),
  lastError: z.string().optional(),
});
export type StationSnapshot = z.infer<typeof StationSnapshotSchema>;
