import { z } from 'zod';
import { IdSchema } from '../events/common';

export const RoleSchema = z.enum(['nurse', 'admin', 'agent']);
export type Role = z.infer<typeof RoleSchema>;

/** Verified access-token claims (contract v1, "Identity"). */
export const AccessTokenClaimsSchema = z.object({
  sub: IdSchema,
  tenantId: IdSchema,
  role: RoleSchema,
  name: z.string().optional(),
  exp: z.number().int(),
});
export type AccessTokenClaims = z.infer<typeof AccessTokenClaimsSchema>;
