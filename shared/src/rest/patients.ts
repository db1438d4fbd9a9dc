import { z } from 'zod';
import { IdSchema, PatientStatusSchema, TimestampSchema } from '../events/common';

/** `POST /api/patients` (admin, agent). Strict: an unknown key (a misspelled `phone`) is refused with 400 naming it. */
export const CreatePatientRequestSchema = z.strictObject({
  id: IdSchema.optional().describe(
    'Your id for the patient (e.g. the hospital record number); generated when absent. Taken: 409 `patient_exists`.',
  ),
  name: z.string().trim().min(1).max(200).describe('Full name, as stations show it (and as alerts for this patient must name them).'),
  bed: z.string().trim().min(1).max(50).optional(),
  status: PatientStatusSchema.optional().describe('Any short label; default `active`.'),
  /** WhatsApp phone in international format without `+` (digits only). */
  phone: z
    .string()
    .regex(/^\d{8,15}$/, 'must be 8 to 15 digits, international format without +')
    .optional()
    .describe(
      "WhatsApp phone, international format without `+` (5511987654321): incoming messages from it are this patient's. Another patient of the hospital with it: 409 `phone_in_use`.",
    ),
});
export type CreatePatientRequest = z.infer<typeof CreatePatientRequestSchema>;

/** `PATCH /api/patients/:id`: only the status changes here. Strict: any other key is refused with 400 naming it. */
export const UpdatePatientStatusRequestSchema = z.strictObject({ status: PatientStatusSchema });
export type UpdatePatientStatusRequest = z.infer<typeof UpdatePatientStatusRequestSchema>;

export const PatientResponseSchema = z.object({
  id: z.string(),
  name: z.string(),
  bed: z.string().optional(),
  status: PatientStatusSchema,
  phone: z.string().optional(),
  priority: z.number(),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});
export type PatientResponse = z.infer<typeof PatientResponseSchema>;
