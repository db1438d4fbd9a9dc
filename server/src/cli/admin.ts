import 'reflect-metadata';
import { type AdminContext, openAdminContext } from './admin-context';
import { type Console, createAdmin, disableUser, enableUser, listUsers, resetPassword, validate } from './admin-commands';
import { describeFailure, ExitCode } from './cli-error';
import { readPassword } from './read-password';

// commander 15 is ESM-only; this CommonJS build loads it through a real dynamic import (as token.service.ts does jose).
type Commander = typeof import('commander', { with: { 'resolution-mode': 'import' } });

const stdio: Console = {
  out: (text) => process.stdout.write(text),
  warn: (text) => process.stderr.write(text),
};

interface TenantOption {
  tenant: string;
}
interface UserOptions extends TenantOption {
  email: string;
}

/**
 * `npm run admin -- <command>` (issue #11): bootstrap and user lifecycle
 * without a running server or a hand-made token, against the database the
 * server's own environment names (DATABASE_URL…), migrated first. The same
 * command runs from the repository and inside the production image.
 * Exit codes: 0 done, 1 bad usage or input (nothing changed), 2 the
 * environment failed (database or configuration unreachable).
 * Passwords and hashes are never printed.
 */
export async function runAdmin(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, io: Console = stdio): Promise<number> {
  const { Command, CommanderError } = (await import('commander')) as Commander;
  let exitCode: number = ExitCode.ok;

  /** Opens the context, runs, always closes; turns any failure into a message and an exit code. */
  const run = async (work: (ctx: AdminContext) => Promise<void>, stations = false) => {
    const ctx = await openAdminContext(env, { stations, warn: (message) => io.warn(`warning: ${message}\n`) });
    try {
      await work(ctx);
    } finally {
      await ctx.close();
    }
  };
  const password = (email: string) =>
    readPassword({ env, input: process.stdin, output: process.stderr }).then((p) => validate.password(p, email));

  const program = new Command('admin')
    .usage('<command> [options]   (npm run admin -- <command> [options])')
    .description(
      'Plantão administration: the first admin of a hospital, password resets, disabling accounts. ' +
        'Uses the server environment (DATABASE_URL, REDIS_URL, NODE_ENV, JWT_SECRET…); passwords come from PLANTAO_ADMIN_PASSWORD or a terminal prompt.',
    )
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.out(text), writeErr: (text) => io.warn(text) })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('create-admin')
    .description('create an admin (and the tenant, when it does not exist yet)')
    .requiredOption('--tenant <id>', 'tenant (hospital) id, as tokens will carry it')
    .requiredOption('--email <email>', "the admin's e-mail (sign-in name)")
    .requiredOption('--name <name>', "the admin's display name")
    .option('--tenant-name <name>', "the hospital's name, when the tenant is created (default: its id)")
    .action(async (options: UserOptions & { name: string; tenantName?: string }) => {
      const tenantId = validate.tenant(options.tenant);
      const email = validate.email(options.email);
      const name = validate.name(options.name);
      const secret = await password(email);
      const tenantName = options.tenantName === undefined ? undefined : validate.name(options.tenantName);
      await run((ctx) => createAdmin(ctx, io, { tenantId, email, name, password: secret, ...(tenantName ? { tenantName } : {}) }));
    });

  program
    .command('reset-password')
    .description("set a user's password and sign them out of every station")
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--email <email>', "the user's e-mail")
    .action(async (options: UserOptions) => {
      const tenantId = validate.tenant(options.tenant);
      const email = validate.email(options.email);
      const secret = await password(email);
      await run((ctx) => resetPassword(ctx, io, { tenantId, email, password: secret }));
    });

  program
    .command('disable-user')
    .description('refuse the user from now on (sign-in, refresh, API, sockets) and revoke their sessions')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--email <email>', "the user's e-mail")
    .action(async (options: UserOptions) => {
      const input = { tenantId: validate.tenant(options.tenant), email: validate.email(options.email) };
      await run((ctx) => disableUser(ctx, io, input), true);
    });

  program
    .command('enable-user')
    .description('let a disabled user sign in again')
    .requiredOption('--tenant <id>', 'tenant id')
    .requiredOption('--email <email>', "the user's e-mail")
    .action(async (options: UserOptions) => {
      const input = { tenantId: validate.tenant(options.tenant), email: validate.email(options.email) };
      await run((ctx) => enableUser(ctx, io, input));
    });

  program
    .command('list-users')
    .description("the tenant's users (never passwords or hashes)")
    .requiredOption('--tenant <id>', 'tenant id')
    .option('--json', 'as JSON (the GET /api/users shape)', false)
    .action(async (options: TenantOption & { json: boolean }) => {
      const tenantId = validate.tenant(options.tenant);
      await run((ctx) => listUsers(ctx, io, { tenantId, json: options.json }));
    });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every parse error (unknown command, missing option) is a usage error.
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    const failure = describeFailure(error);
    io.warn(`error: ${failure.message}\n`);
    exitCode = failure.exitCode;
  }
  return exitCode;
}

if (require.main === module) {
  runAdmin(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = ExitCode.runtime;
    },
  );
}
