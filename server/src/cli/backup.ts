import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupPostgres, restorePostgres } from './backup-postgres';
import { backupSqlite, restoreSqlite } from './backup-sqlite';
import { CliError, describeFailure, ExitCode } from './cli-error';

const USAGE = `usage:
  npm run backup -- --out <file>             back up the database DATABASE_URL names, while the server runs
  npm run restore -- --from <file> [--force] restore a backup into it (stop the server first)

Same environment as the server: DATABASE_URL (default sqlite:./data/plantao.db).
SQLite: online backup API (one consistent snapshot, never a copy of the WAL files).
PostgreSQL: pg_dump --format=custom / pg_restore --clean --if-exists --single-transaction.
--force replaces an existing database, keeping it: SQLite renames it to <file>.before-restore-<time>,
PostgreSQL dumps it to before-restore-<time>.dump next to the backup first.
Relative paths are resolved from the directory npm was run in.
Exit codes: 0 done, 1 bad usage or input (nothing changed), 2 the environment failed.`;

/** Same default as the server's DATABASE_URL (config/app-config.ts). */
const DEFAULT_DATABASE_URL = 'sqlite:./data/plantao.db';

/** `npm run` starts scripts in the package folder; paths the operator typed are relative to where they typed them. */
function fromInvocationDir(path: string, env: NodeJS.ProcessEnv): string {
  return isAbsolute(path) ? path : resolve(env.INIT_CWD ?? process.cwd(), path);
}

function databaseOf(env: NodeJS.ProcessEnv): { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: string } {
  const url = env.DATABASE_URL?.trim() || DEFAULT_DATABASE_URL;
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    if (!file || file === ':memory:') throw new CliError('DATABASE_URL names an in-memory SQLite database: nothing to back up');
    return { kind: 'sqlite', file: fromInvocationDir(file, env) };
  }
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  throw new CliError('DATABASE_URL must start with sqlite: or postgres://');
}

/**
 * `npm run backup` / `npm run restore` (issue #11): the server's own
 * database, named by the server's environment. Prints one line saying what
 * it did; never a connection string or a password.
 */
export async function runBackupCli(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const [verb, ...rest] = argv;
    if (verb === '--help' || verb === '-h' || verb === undefined) {
      out(USAGE);
      return verb === undefined ? ExitCode.usage : ExitCode.ok;
    }
    let values: { out?: string; from?: string; force?: boolean; help?: boolean };
    try {
      ({ values } = parseArgs({
        args: [...rest],
        options: { out: { type: 'string' }, from: { type: 'string' }, force: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
        strict: true,
        allowPositionals: false,
      }));
    } catch (error) {
      throw new CliError(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    }
    if (values.help) {
      out(USAGE);
      return ExitCode.ok;
    }
    const database = databaseOf(env);
    if (verb === 'backup') {
      if (!values.out || values.from || values.force) throw new CliError(`backup takes --out <file> only\n${USAGE}`);
      const file = fromInvocationDir(values.out, env);
      if (database.kind === 'sqlite') {
        const s = await backupSqlite(database.file, file);
        out(`backup written: ${s.file} (SQLite online backup, ${s.bytes} bytes, ${s.alerts} alerts, ${s.messages} messages)`);
      } else {
        const s = await backupPostgres(database.url, file);
        out(`backup written: ${s.file} (pg_dump custom format of schema "${s.schema}", ${s.bytes} bytes)`);
      }
      return ExitCode.ok;
    }
    if (verb === 'restore') {
      if (!values.from || values.out) throw new CliError(`restore takes --from <file> [--force]\n${USAGE}`);
      const file = fromInvocationDir(values.from, env);
      if (database.kind === 'sqlite') {
        const s = await restoreSqlite(file, database.file, values.force ?? false);
        out(
          `restored ${file} into ${s.file} (${s.alerts} alerts, ${s.messages} messages)` +
            (s.previous ? `; the database it replaced is kept as ${s.previous}` : ''),
        );
      } else {
        const s = await restorePostgres(file, database.url, values.force ?? false);
        out(`restored ${file} into schema "${s.schema}"` + (s.previous ? `; what it replaced was dumped to ${s.previous} first` : ''));
      }
      return ExitCode.ok;
    }
    throw new CliError(`unknown command "${verb}"\n${USAGE}`);
  } catch (error) {
    const failure = describeFailure(error);
    process.stderr.write(`${failure.message}\n`);
    return failure.exitCode;
  }
}

if (require.main === module) {
  void runBackupCli(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
