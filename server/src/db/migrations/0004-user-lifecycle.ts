import type { Kysely } from 'kysely';

/**
 * User lifecycle (issue #11): an admin can disable an account without deleting
 * it (its name still resolves in "Lida por …" and audit trails). `disabled_at`
 * is null for an active account. Disabling revokes every refresh token of the
 * user, hence the index on `refresh_tokens.user_id`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('disabled_at', 'text').execute();
  await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('refresh_tokens_user').execute();
  await db.schema.alterTable('users').dropColumn('disabled_at').execute();
}
