import type { Kysely } from 'kysely';

/**
 * Per-hospital station settings (issue #7): how far back a station's first
 * sign-in rings (`alarm_window_hours`, default 12 in code) and the hospital's
 * time zone for times on screen. Nullable: absent means the default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenant_settings').addColumn('alarm_window_hours', 'real').execute();
  await db.schema.alterTable('tenant_settings').addColumn('time_zone', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('tenant_settings').dropColumn('time_zone').execute();
  await db.schema.alterTable('tenant_settings').dropColumn('alarm_window_hours').execute();
}
