import { z } from 'zod';
import { TimestampSchema } from '../events/common';

/** One online station in `GET /api/presence` (nurses and admins of the tenant). */
export const OnlineStationSchema = z.object({
  stationId: z.string(),
  name: z.string().optional(),
  host: z.string().optional(),
  appVersion: z.string().optional(),
  userId: z.string(),
  /** Who is signed in there; absent when the user was deleted since. */
  userName: z.string().optional(),
  /** Online without a break since. */
  since: TimestampSchema,
});
export type OnlineStation = z.infer<typeof OnlineStationSchema>;

export const PresenceResponseSchema = z.object({
  stationsOnline: z.number().int().min(0),
  stations: z.array(OnlineStationSchema),
});
export type PresenceResponse = z.infer<typeof PresenceResponseSchema>;
