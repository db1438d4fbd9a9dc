import { z } from 'zod';
import { RoleSchema } from '../auth/claims';

/** `POST /api/auth/login`. Strict: an unknown key is refused with 400 naming it. */
export const LoginRequestSchema = z.strictObject({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequestSchema>;

export const UserViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  tenantId: z.string(),
  role: RoleSchema,
});
export type UserView = z.infer<typeof UserViewSchema>;

export const TokenPairSchema = z.object({ accessToken: z.string(), refreshToken: z.string() });
export type TokenPair = z.infer<typeof TokenPairSchema>;

export const LoginResponseSchema = TokenPairSchema.extend({ user: UserViewSchema });
export type LoginResponse = z.infer<typeof LoginResponseSchema>;

export const RefreshRequestSchema = z.strictObject({ refreshToken: z.string().min(1).max(1024) });
export type RefreshRequest = z.infer<typeof RefreshRequestSchema>;
