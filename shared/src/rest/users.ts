import { z } from 'zod';
import { RoleSchema } from '../auth/claims';
import { TimestampSchema } from '../events/common';
import { isCommonPassword } from './common-passwords';

export { isCommonPassword } from './common-passwords';

/** At least this many characters for a new or reset password (issue #8). */
export const PASSWORD_MIN_LENGTH = 10;

/**
 * A password being set (a new user, or a reset): long enough and not a common
 * one. Logging in takes any non-empty password (`LoginRequestSchema`), so
 * accounts made before this rule, and the demo users, still sign in.
 */
export const NewPasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(1024)
  .refine((password) => !isCommonPassword(password), 'is too common or too easy to guess; use a longer phrase of unrelated words');

/** `ana.souza@h.example` with password `ana.souza2024`: guessable from the address (NIST SP 800-63B "context-specific words"). */
export function containsEmailName(password: string, email: string): boolean {
  const name = email.split('@')[0]?.toLowerCase() ?? '';
  return name.length >= 4 && password.toLowerCase().includes(name);
}

/** `POST /api/users` (admin). Strict: an unknown key is refused with 400 naming it. */
export const CreateUserRequestSchema = z
  .strictObject({
    email: z.email().max(320),
    password: NewPasswordSchema,
    name: z.string().trim().min(1).max(200),
    role: RoleSchema,
  })
  .refine((user) => !containsEmailName(user.password, user.email), {
    path: ['password'],
    message: 'must not contain the e-mail address',
  });
export type CreateUserRequest = z.infer<typeof CreateUserRequestSchema>;

/** `POST /api/users` answers this (contract v1); never a password hash. */
export const UserResponseSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: RoleSchema,
});
export type UserResponse = z.infer<typeof UserResponseSchema>;

/** A user as admins manage it: `GET /api/users` and the disable/enable answers (issue #11). */
export const UserSummarySchema = UserResponseSchema.extend({
  /** Disabled by an admin: cannot sign in, refresh, call the API or keep a socket. */
  disabled: z.boolean(),
  createdAt: TimestampSchema,
});
export type UserSummary = z.infer<typeof UserSummarySchema>;
