import { z } from 'zod';
import { EscalationSettingsViewSchema } from './escalation';

/**
 * `GET` / `PUT /api/tenant/settings` (admin): the hospital's settings as the
 * server answers them. Secrets are never returned: `whatsappAccessTokenSet`
 * and `escalation.webhookSecretSet` only say whether one is stored.
 */
export const TenantSettingsViewSchema = z.object({
  whatsappPhoneNumberId: z.string().optional(),
  whatsappAccessTokenSet: z.boolean(),
  noResponseHours: z.number(),
  alertDedupeMinutes: z.number().int(),
  alarmWindowHours: z.number(),
  timeZone: z.string(),
  triageRulesExtension: z.unknown().optional(),
  escalation: EscalationSettingsViewSchema,
  /** The hospital's own retention (null: the server's RETENTION_DAYS applies). */
  retentionDays: z.number().int().nullable(),
  /** The retention the purge applies (0: kept forever). */
  effectiveRetentionDays: z.number().int(),
});
export type TenantSettingsView = z.infer<typeof TenantSettingsViewSchema>;
