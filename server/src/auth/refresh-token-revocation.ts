import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/**
 * Revoking refresh tokens, in one place for every reason (reuse detected,
 * logout, account disabled, password reset): a revoked token answers 401 on
 * refresh, and so does every token of its family. Already revoked rows keep
 * their first revocation time.
 */

/** Every token descended from one sign-in. */
export async function revokeFamily(db: Kysely<Database>, familyId: string, at: string): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: at })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Every sign-in of one user, on every station. */
export async function revokeUserSessions(db: Kysely<Database>, tenantId: string, userId: string, at: string): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('tenant_id', '=', tenantId)
    .where('revoked_at', 'is', null)
    .execute();
}
