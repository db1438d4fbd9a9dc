import { execFile } from 'node:child_process';
import { existsSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { CliError, ExitCode } from './cli-error';

const run = promisify(execFile);

export interface PostgresBackupSummary {
  file: string;
  bytes: number;
  schema: string;
}

export interface PostgresRestoreSummary {
  schema: string;
  /** The safety dump of what the restore replaced (with `--force`). */
  previous?: string;
}

interface Target {
  schema: string;
  serverMajor: number;
  tables: number;
}

/**
 * The connection for pg_dump / pg_restore: the URL without its password
 * (which goes in PGPASSWORD, so it never shows in the process list), query
 * parameters kept (`sslmode`, `options=-c search_path=…`).
 */
function libpqConnection(databaseUrl: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { dbname: url.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

/**
 * The schema Plantão writes to (the first of the connection's search_path,
 * `public` unless DATABASE_URL sets `options=-c search_path=…`), the server's
 * major version, and how many tables that schema holds.
 */
async function inspect(databaseUrl: string, options: { mustExist: boolean }): Promise<Target> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    throw new CliError(`cannot connect to PostgreSQL: ${error instanceof Error ? error.message : String(error)}`, ExitCode.runtime);
  }
  try {
    // current_schema() is null while the first search_path entry does not exist yet (a fresh database to restore into).
    const { rows } = await client.query<{ schema: string | null; path: string; version: string }>(
      "select current_schema() as schema, current_setting('search_path') as path, current_setting('server_version_num') as version",
    );
    const row = rows[0]!;
    const schema = row.schema ?? firstSearchPathSchema(row.path);
    if (!schema) throw new CliError(`DATABASE_URL selects no schema (search_path "${row.path}")`);
    const tables = await client.query<{ n: string }>('select count(*) as n from information_schema.tables where table_schema = $1', [
      schema,
    ]);
    const count = Number(tables.rows[0]?.n ?? 0);
    if (options.mustExist && count === 0)
      throw new CliError(`schema "${schema}" holds no Plantão tables: nothing to back up (check DATABASE_URL)`);
    return { schema, serverMajor: Math.floor(Number(row.version) / 10_000), tables: count };
  } finally {
    await client.end();
  }
}

function firstSearchPathSchema(searchPath: string): string | undefined {
  return searchPath
    .split(',')
    .map((s) => s.trim().replace(/^"(.*)"$/, '$1'))
    .find((s) => s && s !== '$user');
}

/** pg_dump / pg_restore must be at least the server's major version (an older client refuses or misreads a newer server). */
async function assertClientVersion(tool: 'pg_dump' | 'pg_restore', serverMajor: number): Promise<void> {
  let stdout: string;
  try {
    ({ stdout } = await run(tool, ['--version']));
  } catch {
    throw new CliError(`${tool} is not installed (Debian: apt-get install postgresql-client)`, ExitCode.runtime);
  }
  const major = Number(/(\d+)(?:\.\d+)?/.exec(stdout)?.[1]);
  if (!(major >= serverMajor)) {
    throw new CliError(
      `${tool} ${major} is older than the PostgreSQL ${serverMajor} server: install postgresql-client-${serverMajor}`,
      ExitCode.runtime,
    );
  }
}

async function tool(name: 'pg_dump' | 'pg_restore', args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  try {
    await run(name, args, { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new CliError(`${name} failed: ${stderr || (error instanceof Error ? error.message : String(error))}`, ExitCode.runtime);
  }
}

/**
 * `pg_dump --format=custom` of the schema Plantão writes to: consistent
 * (one transaction snapshot) while servers keep writing.
 */
export async function backupPostgres(databaseUrl: string, out: string): Promise<PostgresBackupSummary> {
  if (existsSync(out)) throw new CliError(`${out} already exists: a backup never overwrites a file, choose a new name`);
  if (!existsSync(dirname(out))) throw new CliError(`the folder of ${out} does not exist`);
  const target = await inspect(databaseUrl, { mustExist: true });
  await assertClientVersion('pg_dump', target.serverMajor);
  const { dbname, env } = libpqConnection(databaseUrl);
  const partial = `${out}.partial-${process.pid}`;
  try {
    await tool(
      'pg_dump',
      ['--format=custom', `--schema=${target.schema}`, '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`],
      env,
    );
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, out);
  return { file: out, bytes: statSync(out).size, schema: target.schema };
}

/** The schema a custom-format dump holds, and whether it is a Plantão one (its migrations table). */
async function dumpedSchema(from: string): Promise<string> {
  let list: string;
  try {
    ({ stdout: list } = await run('pg_restore', ['--list', from], { maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new CliError(`${from} is not a pg_dump custom-format backup${stderr ? ` (${stderr})` : ''}`);
  }
  // TOC lines: "<id>; <oid> <oid> TABLE <schema> <name> <owner>".
  const migrations = /^\d+; \d+ \d+ TABLE (\S+) kysely_migration /m.exec(list);
  if (!migrations) throw new CliError(`${from} is not a Plantão backup (no kysely_migration table)`);
  return migrations[1]!;
}

/**
 * `pg_restore --clean --if-exists --single-transaction`: all or nothing. The
 * backup's schema must be the one DATABASE_URL writes to. A schema that
 * already holds tables is replaced only with `force`, after a safety dump of
 * it next to the backup (nothing is lost). Stop the servers first: they
 * would block on, or fail under, the restore's locks.
 */
export async function restorePostgres(
  from: string,
  databaseUrl: string,
  force: boolean,
  now = new Date(),
): Promise<PostgresRestoreSummary> {
  if (!existsSync(from)) throw new CliError(`no backup at ${from}`);
  const schema = await dumpedSchema(from);
  const target = await inspect(databaseUrl, { mustExist: false });
  if (schema !== target.schema) {
    throw new CliError(
      `${from} holds schema "${schema}" but DATABASE_URL writes to "${target.schema}": restore into a database whose search_path is "${schema}"`,
    );
  }
  await assertClientVersion('pg_restore', target.serverMajor);
  let previous: string | undefined;
  if (target.tables > 0) {
    if (!force) {
      throw new CliError(
        `schema "${schema}" already holds ${target.tables} tables: add --force to replace them (a safety dump is taken first)`,
      );
    }
    previous = join(dirname(from), `before-restore-${now.toISOString().replace(/[:.]/g, '-')}.dump`);
    await backupPostgres(databaseUrl, previous);
  }
  const { dbname, env } = libpqConnection(databaseUrl);
  await tool(
    'pg_restore',
    ['--clean', '--if-exists', '--single-transaction', '--exit-on-error', '--no-owner', '--no-privileges', `--dbname=${dbname}`, from],
    env,
  );
  return { schema, ...(previous ? { previous } : {}) };
}
