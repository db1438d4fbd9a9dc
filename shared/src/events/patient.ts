import { z } from 'zod';
import { IdSchema, PatientStatusSchema, TimestampSchema } from './common';

export const PatientStatusChangePayloadSchema = z.object({
  patientId: IdSchema,
  patientName: z.string(),
  oldStatus: PatientStatusSchema,
  newStatus: PatientStatusSchema,
  changedBy: z.string().optional(),
  timestamp: TimestampSchema,
});
export type PatientStatusChangePayload = z.infer<typeof PatientStatusChangePayloadSchema>;

export const NewPatientPayloadSchema = z.object({
  patientId: IdSchema,
  patientName: z.string(),
  bed: z.string().optional(),
  status: PatientStatusSchema,
  timestamp: TimestampSchema,
});
export type NewPatientPayload = z.infer<typeof NewPatientPayloadSchema>;
