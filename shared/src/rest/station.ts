import { z } from 'zod';
import { RoleSchema } from '../auth/claims';
import { TimestampSchema } from '../events/common';

/**
 * What a station needs from its hospital besides alerts (any role):
 * `GET /api/station/config` and `GET /api/staff`.
 */

/** An IANA time zone name this runtime knows, e.g. `America/Sao_Paulo`. */
export const TimeZoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      // RangeError: not a zone this runtime knows.
      return false;
    }
  }, 'must be an IANA time zone such as America/Sao_Paulo');

export const DEFAULT_TIME_ZONE = 'America/Sao_Paulo';

/** Bounds of the tenant setting `alarmWindowHours`. */
export const ALARM_WINDOW_HOURS = { min: 1, max: 72, default: 12 } as const;

export const StationConfigSchema = z.object({
  /**
   * A station alarms only for alerts newer than this: on a first sign-in (or
   * after a long time away) older unacknowledged alerts are listed for review
   * instead of ringing all at once.
   */
  alarmWindowHours: z.number().min(ALARM_WINDOW_HOURS.min).max(ALARM_WINDOW_HOURS.max),
  /** The hospital's time zone (IANA name): times on screen are shown in it, whatever the PC's zone. */
  timeZone: TimeZoneSchema,
});
export type StationConfig = z.infer<typeof StationConfigSchema>;

/** A colleague's display name, so a station can say "Lida por Ana" instead of a user id. */
export const StaffMemberSchema = z.object({ id: z.string(), name: z.string(), role: RoleSchema });
export type StaffMember = z.infer<typeof StaffMemberSchema>;

/** One row of `GET /api/alerts/:id/audit`: who did what to an alert, and when. */
export const AlertAuditEntrySchema = z.object({
  userId: z.string(),
  /** Absent when the user was deleted since. */
  userName: z.string().optional(),
  /** read, ack, delivered (one per station), escalated, notified. */
  action: z.string(),
  at: TimestampSchema,
  /** `delivered`: the station that confirmed receipt. */
  stationId: z.string().optional(),
  stationName: z.string().optional(),
  /** `escalated`: the level and reason; `notified`: the channel and target (e.g. `webhook`, `whatsapp +55…`). */
  detail: z.string().optional(),
});
export type AlertAuditEntry = z.infer<typeof AlertAuditEntrySchema>;
