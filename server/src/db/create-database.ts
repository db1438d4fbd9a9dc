import { mkdirSync } from 'node:fs';
import { Logger } from '@nestjs/common';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, sql, SqliteDialect } from 'kysely';
import { Pool } from 'pg';
import { migrationProvider } from './migrations';
import type { Database } from './schema';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface DatabaseHandle {
  db: Kysely<Database>;
  kind: DatabaseKind;
}

export interface DatabaseOptions {
  /** SQLite: how long a write waits for another connection's lock (SQLITE_BUSY_TIMEOUT_MS). */
  sqliteBusyTimeoutMs?: number;
}

/**
 * Opens the database named by DATABASE_URL: `sqlite:<path>` (embedded, WAL)
 * or `postgres://…`. One Kysely API and one set of migrations serve both.
 */
export function openDatabase(databaseUrl: string, options: DatabaseOptions = {}): DatabaseHandle {
  if (databaseUrl.startsWith('sqlite:')) {
    const file = databaseUrl.slice('sqlite:'.length);
    if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
    const sqlite = new SqliteDatabase(file);
    // WAL lets readers proceed while an alert is written; busy_timeout makes a
    // second process on the same file wait for the write lock, briefly:
    // better-sqlite3 waits on the event loop's thread, so a long wait would
    // stall every socket's heartbeat. Past it the request answers 503
    // (`databaseUnavailable`) and the next one tries again.
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma(`busy_timeout = ${Math.trunc(options.sqliteBusyTimeoutMs ?? 2000)}`);
    sqlite.pragma('foreign_keys = ON');
    // FULL: a commit is fsynced to the WAL before it returns, so an alert
    // answered 201 survives a power cut (NORMAL in WAL mode may lose the last
    // commits on power loss, though never on a process crash). Issue #8.
    sqlite.pragma('synchronous = FULL');
    return { db: new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) }), kind: 'sqlite' };
  }
  // A connection that fails fast instead of hanging, so requests answer 503 quickly while PostgreSQL is unreachable.
  const pool = new Pool({ connectionString: databaseUrl, max: 20, connectionTimeoutMillis: 5000 });
  watchPoolErrors(pool);
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), kind: 'postgres' };
}

/** How many distinct SQL texts keep a prepared statement (the app has a few dozen; `IN (?, ?, …)` lists vary). */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely's SQLite driver prepares every query it runs; preparing (parsing and
 * planning) costs as much as running a small query. Kysely produces the same
 * SQL text for the same query shape (values are bound parameters), so the
 * statement is prepared once per text and reused. SQLite re-prepares a cached
 * statement by itself after a schema change. Kysely uses the one connection
 * under a mutex, so a statement is never run by two queries at once.
 */
function withStatementCache(sqlite: SqliteDatabase.Database): Pick<SqliteDatabase.Database, 'prepare' | 'close'> {
  const statements = new Map<string, SqliteDatabase.Statement>();
  return {
    prepare(source: string) {
      let statement = statements.get(source);
      if (statement) {
        // Most recently used last, so the oldest entry is the first to go.
        statements.delete(source);
      } else {
        statement = sqlite.prepare(source);
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
      }
      statements.set(source, statement);
      return statement;
    },
    close: () => sqlite.close(),
  } as Pick<SqliteDatabase.Database, 'prepare' | 'close'>;
}

/**
 * pg emits `error` when a connection dies (server restart, network cut): on
 * the pool for an idle client, on the client itself while it is checked out
 * between queries (Kysely adds no listener). Unheard, either kills the
 * process (issue #8). Heard, the dead client is dropped by the pool on
 * release, the query in flight fails (503) and the next one reconnects.
 */
function watchPoolErrors(pool: Pool): void {
  const logger = new Logger('Database');
  const onError = (err: Error) => logger.warn({ err }, 'postgresql connection lost; the pool reconnects on the next query');
  pool.on('error', onError);
  pool.on('connect', (client) => client.on('error', onError));
}

/** Brings the schema up to date; Kysely's migration lock makes concurrent starts safe. */
export async function migrateToLatest(handle: DatabaseHandle): Promise<void> {
  // Kysely looks for its bookkeeping tables in any schema; pin them to the
  // schema this connection writes to (search_path), or a database with
  // several Plantão schemas would see another schema's migrations.
  const schema =
    handle.kind === 'postgres'
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(handle.db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({ db: handle.db, provider: migrationProvider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? failed?.migrationName);
    throw new Error(`Database migration failed: ${reason}`);
  }
}

/** True for a unique-constraint violation on either database. */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** SQLSTATE classes and codes meaning "the database cannot serve now", not "this request is wrong". */
const PG_UNAVAILABLE = /^(08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0[123])$/;
const NET_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const SQLITE_UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|CANTOPEN|PROTOCOL)/;
/** pg's own messages for a connection that died or never came (they carry no code). */
const PG_CONNECTION_MESSAGE =
  /connection terminated|timeout exceeded when trying to connect|not queryable|client was closed|connection timeout/i;

/**
 * True when the error says the database is unreachable or busy (PostgreSQL
 * down or cut off, SQLite locked by another connection past busy_timeout):
 * the API answers 503 `database_unavailable` and the request may be retried.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NET_UNAVAILABLE.has(code) || SQLITE_UNAVAILABLE.test(code) || PG_UNAVAILABLE.test(code))) return true;
  return typeof message === 'string' && PG_CONNECTION_MESSAGE.test(message);
}
