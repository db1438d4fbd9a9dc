import { z } from 'zod';
import { AlertMetadataSchema, AlertTypeSchema } from '../events/alert';
import { IdSchema, SeveritySchema } from '../events/common';

/**
 * `POST /api/alerts` (admin, agent). Strict: an unknown key is refused with
 * 400 naming it. The patient must be one of the hospital's (`POST /api/patients`
 * first); what stations show about them comes from that record.
 */
export const CreateAlertRequestSchema = z.strictObject({
  patientId: IdSchema.describe(
    "The patient's id in this hospital (as registered with POST /api/patients). Unknown: 422 `unknown_patient`.",
  ),
  patientName: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe(
      "The patient's name as the caller knows it, checked against the record (case, accents and spacing aside): a different name is 422 `patient_mismatch`. Stations are shown the record's name.",
    ),
  type: AlertTypeSchema.describe('Why: `critical_symptom`, `symptom_worsening`, `no_response`, `vital_signs`, … (any short label).'),
  severity: SeveritySchema,
  message: z.string().trim().min(1).max(4000).describe('What the nurse reads, as plain text.'),
  metadata: AlertMetadataSchema.optional().describe(
    "Free-form extra data (JSON object). `metadata.bed`, when given, must match the record's bed (422 `patient_mismatch`).",
  ),
  externalId: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .describe('Your id for this alert: the same externalId again answers the stored alert (200) and alarms nobody twice.'),
});
export type CreateAlertRequest = z.infer<typeof CreateAlertRequestSchema>;

export const ListAlertsQuerySchema = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuerySchema>;
