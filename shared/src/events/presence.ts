import { z } from 'zod';
import { IdSchema } from './common';

/**
 * What a station says about itself in the handshake (`auth.station`, issue #9):
 * a stable id per installation (kept across restarts and reconnects, so one
 * PC counts once for receipts and presence), a name IT recognises, the host
 * and the app version. Optional: integrations that are not stations omit it
 * and are then neither counted as online stations nor as receipts.
 */
export const StationIdentitySchema = z.object({
  id: IdSchema,
  name: z.string().trim().min(1).max(120).optional(),
  host: z.string().trim().min(1).max(255).optional(),
  appVersion: z.string().trim().min(1).max(60).optional(),
});
export type StationIdentity = z.infer<typeof StationIdentitySchema>;

/** `presence_update`: how many stations of the tenant are online now (sent on connect and whenever the count changes). */
export const PresenceUpdatePayloadSchema = z.object({
  stationsOnline: z.number().int().min(0),
});
export type PresenceUpdatePayload = z.infer<typeof PresenceUpdatePayloadSchema>;
