import { z } from 'zod';
import { IdSchema, PatientStatusSchema, TimestampSchema } from '../events/common';

export const CreatePatientRequestSchema = z.object({
  id: IdSchema.optional(),
  name: z.string().trim().min(1).max(200),
  bed: z.string().trim().min(1).max(50).optional(),
  status: PatientStatusSchema.optional(),
  /** WhatsApp phone in international format without `+` (digits only). */
  phone: z
    .string()
    .regex(/^\d{8,15}$/)
    .optional(),
});
export type CreatePatientRequest = z.infer<typeof CreatePatientRequestSchema>;

export const UpdatePatientStatusRequestSchema = z.object({ status: PatientStatusSchema });
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
