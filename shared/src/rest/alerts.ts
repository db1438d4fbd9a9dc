import { z } from 'zod';
import { AlertMetadataSchema, AlertTypeSchema } from '../events/alert';
import { IdSchema, SeveritySchema } from '../events/common';

export const CreateAlertRequestSchema = z.object({
  patientId: IdSchema,
  patientName: z.string().trim().min(1).max(200),
  type: AlertTypeSchema,
  severity: SeveritySchema,
  message: z.string().trim().min(1).max(4000),
  metadata: AlertMetadataSchema.optional(),
  externalId: z.string().trim().min(1).max(200).optional(),
});
export type CreateAlertRequest = z.infer<typeof CreateAlertRequestSchema>;

export const ListAlertsQuerySchema = z.object({
  afterSeq: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
export type ListAlertsQuery = z.infer<typeof ListAlertsQuerySchema>;
