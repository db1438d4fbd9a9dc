import { z } from 'zod';

/** Identifiers are opaque strings chosen by the server or the integrating system. */
export const IdSchema = z.string().trim().min(1).max(200);

/** ISO-8601 timestamp with offset, as emitted by the server. */
export const TimestampSchema = z.iso.datetime({ offset: true });

export const SeveritySchema = z.enum(['critical', 'high', 'medium', 'low']);
export type Severity = z.infer<typeof SeveritySchema>;

/** Ordering used by alarms and sorting: higher is more urgent. */
export const SEVERITY_RANK: Record<Severity, number> = { critical: 4, high: 3, medium: 2, low: 1 };

/**
 * Statuses Plantão itself uses. The contract leaves the status vocabulary to
 * each hospital's systems, so any short label is accepted (validated for
 * shape and length, never for membership).
 */
export const KNOWN_PATIENT_STATUSES = ['active', 'in_treatment', 'hospitalized', 'discharged', 'deceased', 'inactive'] as const;
export const PatientStatusSchema = z.string().trim().min(1).max(40);
export type PatientStatus = z.infer<typeof PatientStatusSchema>;
