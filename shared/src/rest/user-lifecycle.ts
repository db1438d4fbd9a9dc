import { z } from 'zod';
import { RefreshRequestSchema } from './auth';
import { NewPasswordSchema } from './users';

/**
 * User lifecycle (issue #11): an admin resets a colleague's password,
 * disables and enables accounts; a station signs out. The user shape these
 * routes answer with is `UserSummarySchema` (users.ts).
 */

/** `POST /api/users/:id/reset-password` (admin): the new password, under the same policy as a new user's. */
export const ResetPasswordRequestSchema = z.strictObject({ password: NewPasswordSchema });
export type ResetPasswordRequest = z.infer<typeof ResetPasswordRequestSchema>;

/** `POST /api/auth/logout` (no access token needed): the session's current refresh token; its whole family is revoked. */
export const LogoutRequestSchema = RefreshRequestSchema;
export type LogoutRequest = z.infer<typeof LogoutRequestSchema>;

/**
 * `code` of a REST error body (beside `statusCode`, `error`, `message`) a
 * client can act on:
 * - `account_disabled` (401): sign-in with the right password, refresh or an
 *   access token of a disabled account. A wrong password never gets it, so it
 *   tells nothing to someone guessing.
 * - `cannot_disable_self` (409): an admin tried to disable their own account.
 */
export const UserErrorCode = {
  AccountDisabled: 'account_disabled',
  CannotDisableSelf: 'cannot_disable_self',
} as const;
export type UserErrorCodeName = (typeof UserErrorCode)[keyof typeof UserErrorCode];
