import {
  containsEmailName,
  CreateUserRequestSchema,
  describeZodError,
  IdSchema,
  NewPasswordSchema,
  type UserSummary,
} from '@plantao/shared';
import type { DatabaseHandle } from '../db/create-database';
import type { AdminContext } from './admin-context';
import { CliError } from './cli-error';
import { formatUsersTable } from './users-table';

/** Where a command writes: results to `out`, warnings to `warn` (stderr). */
export interface Console {
  out(text: string): void;
  warn(text: string): void;
}

/** Input checks that need no database: a bad value is refused before anything is opened or asked. */
export const validate = {
  tenant(value: string): string {
    const parsed = IdSchema.safeParse(value);
    // Exactly as given: " h-1" must not quietly become "h-1" (tokens compare tenant ids exactly).
    if (!parsed.success || parsed.data !== value)
      throw new CliError(`--tenant: "${value}" is not a tenant id (1–200 characters, no surrounding spaces)`);
    return value;
  },
  email(value: string): string {
    const parsed = CreateUserRequestSchema.shape.email.safeParse(value);
    if (!parsed.success) throw new CliError(`--email: "${value}" is not an e-mail address`);
    return parsed.data.toLowerCase();
  },
  name(value: string): string {
    const parsed = CreateUserRequestSchema.shape.name.safeParse(value);
    if (!parsed.success) throw new CliError(`--name: ${describeZodError(parsed.error).replace(/^\(body\): /, '')}`);
    return parsed.data;
  },
  /** The password policy of `POST /api/users`: length, common-password list, not the e-mail's name. */
  password(value: string, email: string): string {
    const parsed = NewPasswordSchema.safeParse(value);
    if (!parsed.success) throw new CliError(`password: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    if (containsEmailName(value, email)) throw new CliError('password: must not contain the e-mail address');
    return value;
  },
};

async function tenantName(handle: DatabaseHandle, tenantId: string): Promise<string | undefined> {
  const row = await handle.db.selectFrom('tenants').select('name').where('id', '=', tenantId).executeTakeFirst();
  return row?.name;
}

async function requireTenant(handle: DatabaseHandle, tenantId: string): Promise<void> {
  if ((await tenantName(handle, tenantId)) === undefined) throw new CliError(`unknown tenant "${tenantId}"; nothing was changed`);
}

async function requireUser(ctx: AdminContext, tenantId: string, email: string): Promise<UserSummary> {
  await requireTenant(ctx.handle, tenantId);
  const user = await ctx.users.findByEmail(tenantId, email);
  if (!user) throw new CliError(`no user with e-mail ${email} in tenant "${tenantId}"; nothing was changed`);
  return user;
}

/**
 * The first admin of a hospital on a fresh production database (issue #11):
 * creates the tenant if it does not exist, then the admin. An e-mail that
 * already exists (e-mails are unique across tenants) is refused before
 * anything is written.
 */
export async function createAdmin(
  ctx: AdminContext,
  io: Console,
  input: { tenantId: string; tenantName?: string; email: string; name: string; password: string },
): Promise<void> {
  const parsed = CreateUserRequestSchema.safeParse({ email: input.email, password: input.password, name: input.name, role: 'admin' });
  if (!parsed.success) throw new CliError(describeZodError(parsed.error));
  const taken = await ctx.handle.db.selectFrom('users').select('tenant_id').where('email', '=', input.email).executeTakeFirst();
  if (taken) {
    const where = taken.tenant_id === input.tenantId ? `in tenant "${input.tenantId}"` : 'in another tenant';
    throw new CliError(
      `a user with e-mail ${input.email} already exists ${where}; nothing was changed (reset-password changes a password)`,
    );
  }
  const existingName = await tenantName(ctx.handle, input.tenantId);
  if (existingName === undefined) {
    const name = input.tenantName ?? input.tenantId;
    await ctx.handle.db
      .insertInto('tenants')
      .values({ id: input.tenantId, name, alert_seq: 0, whatsapp_phone_number_id: null, created_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    io.out(`Created tenant "${input.tenantId}" (${name}).\n`);
  } else {
    io.out(`Tenant "${input.tenantId}" (${existingName}) already exists.\n`);
  }
  const user = await ctx.users.create(input.tenantId, parsed.data);
  io.out(`Created admin ${user.email} (${user.name}, id ${user.id}) in tenant "${input.tenantId}": they can sign in now.\n`);
}

export async function resetPassword(ctx: AdminContext, io: Console, input: { tenantId: string; email: string; password: string }) {
  const user = await requireUser(ctx, input.tenantId, input.email);
  await ctx.users.resetPassword(input.tenantId, user.id, input.password);
  io.out(`Password of ${user.email} reset; every station they were signed in on must sign in again.\n`);
}

export async function disableUser(ctx: AdminContext, io: Console, input: { tenantId: string; email: string }) {
  const user = await requireUser(ctx, input.tenantId, input.email);
  await ctx.users.disable(input.tenantId, user.id);
  io.out(`Disabled ${user.email}: sign-in, refresh, API calls and new connections are refused from now on.\n`);
  if (ctx.reachesStations) {
    io.out('Their open stations were told to disconnect on every server instance (through Redis).\n');
  } else {
    // Without Redis this process cannot reach a server's sockets; the guard, refresh and handshake refuse at once anyway.
    io.warn(
      `warning: stations connected now stay connected until their access token expires (at most ${ctx.config.accessTokenTtlSeconds} s): ` +
        "run this with the servers' REDIS_URL, or disable through POST /api/users/:id/disable, to drop them at once\n",
    );
  }
}

export async function enableUser(ctx: AdminContext, io: Console, input: { tenantId: string; email: string }) {
  const user = await requireUser(ctx, input.tenantId, input.email);
  await ctx.users.enable(input.tenantId, user.id);
  io.out(`Enabled ${user.email}: they can sign in again.\n`);
}

export async function listUsers(ctx: AdminContext, io: Console, input: { tenantId: string; json: boolean }) {
  await requireTenant(ctx.handle, input.tenantId);
  const users = await ctx.users.list(input.tenantId);
  io.out(input.json ? `${JSON.stringify(users, null, 2)}\n` : formatUsersTable(users));
}
