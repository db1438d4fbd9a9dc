import { z } from 'zod';

/** Identifiers are opaque strings chosen by the server or the integrating system. */
export const IdSchema = z.string().trim().min(1).max(200);

/** ISO-8601 timestamp with offset, as emitted by the server. */
export const TimestampSchema = z.iso.datetime({ offset: true });

export const SeveritySchema = z.enum(['critical', 'high', 'medium', 'low']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Ordering used by alarms and sorting: higher is more urgent. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export const PatientStatusSchema = z.enum([
  'active',
  'in_treatment',
  'hospitalized',
  'discharged',
  'deceased',
  'inactive',
]);
export type PatientStatus = z.infer<typeof PatientStatusSchema>;
