import { z } from 'zod';

/**
 * How long a hospital keeps patient messages and alerts (LGPD, issue #11):
 * the tenant setting `retentionDays` and the server default `RETENTION_DAYS`.
 * `0` keeps them forever. Otherwise at least `min` days, so a purge never
 * removes what stations still ring for (alarm window ≤ 72 h) or what triage
 * compares a new message with (48 h); at most `max` (20 years, the time
 * Brazilian law keeps a patient record, Lei 13.787/2018).
 */
export const RETENTION_DAYS = { keepForever: 0, min: 7, max: 7300 } as const;

export const RetentionDaysSchema = z
  .number()
  .int()
  .refine(
    (days) => days === RETENTION_DAYS.keepForever || (days >= RETENTION_DAYS.min && days <= RETENTION_DAYS.max),
    `must be 0 (keep forever) or between ${RETENTION_DAYS.min} and ${RETENTION_DAYS.max} days`,
  );
