import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { CliError, ExitCode } from './cli-error';

export interface SqliteBackupSummary {
  file: string;
  bytes: number;
  alerts: number;
  messages: number;
}

/**
 * The first step of SQLite's online backup only sizes the copy; returning
 * this from `progress` makes the next step copy every page at once, inside
 * one read transaction: a consistent snapshot of a database the server keeps
 * writing (WAL lets it), never restarted by those writes the way page-by-page
 * steps are. The wait is this process's, not the server's.
 */
const ALL_PAGES = 0x7fffffff;

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Online backup of the live database (better-sqlite3's `backup`, SQLite's backup API), never a copy of its files. */
export async function backupSqlite(databaseFile: string, out: string): Promise<SqliteBackupSummary> {
  if (!existsSync(databaseFile)) throw new CliError(`no SQLite database at ${databaseFile} (check DATABASE_URL)`);
  if (existsSync(out)) throw new CliError(`${out} already exists: a backup never overwrites a file, choose a new name`);
  if (!existsSync(dirname(out))) throw new CliError(`the folder of ${out} does not exist`);
  // Written under a temporary name and renamed when complete and checked: `out` is never a half backup.
  const partial = `${out}.partial-${process.pid}`;
  const source = new SqliteDatabase(databaseFile, { fileMustExist: true, timeout: 5000 });
  try {
    await source.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    throw new CliError(`backup of ${databaseFile} failed: ${error instanceof Error ? error.message : String(error)}`, ExitCode.runtime);
  } finally {
    source.close();
  }
  let counts: { alerts: number; messages: number };
  try {
    counts = checkPlantaoDatabase(partial);
    // One self-contained file (no -wal beside it), readable without write access.
    const copy = new SqliteDatabase(partial);
    copy.pragma('journal_mode = DELETE');
    copy.close();
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  }
  renameSync(partial, out);
  return { file: out, bytes: statSync(out).size, ...counts };
}

export interface SqliteRestoreSummary {
  file: string;
  alerts: number;
  messages: number;
  /** Where the database that was replaced now is (with `--force`). */
  previous?: string;
}

/**
 * Restores a backup into the database file DATABASE_URL names. Refuses while
 * anything has that database open (a running server would keep writing to the
 * replaced file and its writes would silently vanish): there is no override,
 * stop the server first. Refuses to replace an existing database unless
 * `force`, and then keeps it beside, renamed, so nothing is lost.
 */
export async function restoreSqlite(from: string, databaseFile: string, force: boolean, now = new Date()): Promise<SqliteRestoreSummary> {
  if (!existsSync(from)) throw new CliError(`no backup at ${from}`);
  const counts = checkPlantaoDatabase(from);
  let previous: string | undefined;
  if (existsSync(databaseFile)) {
    assertNotInUse(databaseFile);
    if (!force) {
      throw new CliError(
        `${databaseFile} already holds a database: add --force to replace it (it is kept as ${databaseFile}.before-restore-<time>)`,
      );
    }
    previous = `${databaseFile}.before-restore-${now.toISOString().replace(/[:.]/g, '-')}`;
    renameSync(databaseFile, previous);
  } else {
    mkdirSync(dirname(databaseFile), { recursive: true });
  }
  // No -wal / -shm of an older database may be left beside the restored file: SQLite would apply them to it.
  for (const suffix of ['-wal', '-shm']) rmSync(databaseFile + suffix, { force: true });
  const partial = `${databaseFile}.restoring-${process.pid}`;
  const source = new SqliteDatabase(from, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial, { progress: () => ALL_PAGES });
  } catch (error) {
    rmSync(partial, { force: true });
    if (previous) renameSync(previous, databaseFile);
    throw new CliError(`restore into ${databaseFile} failed: ${error instanceof Error ? error.message : String(error)}`, ExitCode.runtime);
  } finally {
    source.close();
  }
  renameSync(partial, databaseFile);
  return { file: databaseFile, ...counts, ...(previous ? { previous } : {}) };
}

/**
 * Whether another connection (a running server, another backup) has the
 * database open: leaving WAL mode needs every other connection closed, so it
 * fails at once (busy, no wait) while one is. When nobody has it open, this
 * also folds the WAL into the main file, so the file alone is the database.
 */
function assertNotInUse(databaseFile: string): void {
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(databaseFile, { fileMustExist: true, timeout: 0 });
  } catch (error) {
    throw new CliError(`cannot open ${databaseFile}: ${error instanceof Error ? error.message : String(error)}`, ExitCode.runtime);
  }
  try {
    const mode = db.pragma('journal_mode = DELETE', { simple: true });
    if (mode !== 'delete') throw new CliError(inUse(databaseFile));
  } catch (error) {
    if (sqliteCode(error)?.startsWith('SQLITE_BUSY') || sqliteCode(error)?.startsWith('SQLITE_LOCKED'))
      throw new CliError(inUse(databaseFile));
    throw error;
  } finally {
    db.close();
  }
}

const inUse = (file: string) =>
  `${file} is in use (a Plantão server or another process has it open): stop the server, then restore; a restore under a running server would lose its writes`;

/** A backup worth restoring: intact, and a Plantão database (migrated, with the alert log). */
function checkPlantaoDatabase(file: string): { alerts: number; messages: number } {
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    throw new CliError(`${file} is not a SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new CliError(`${file} is damaged (SQLite quick_check: ${String(check)})`);
    const tables = new Set(
      (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map((t) => t.name),
    );
    if (!tables.has('kysely_migration') || !tables.has('alerts'))
      throw new CliError(`${file} is not a Plantão database (no migrations or alert log)`);
    const count = (table: string) => (db.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
    return { alerts: count('alerts'), messages: tables.has('messages') ? count('messages') : 0 };
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file} is not a readable SQLite database: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    db.close();
  }
}
