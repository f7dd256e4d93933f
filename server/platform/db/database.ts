// Opens the one database Concord runs on: the embedded SQLite file or PostgreSQL (DATABASE_URL).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { Kysely, PostgresDialect, sql, type Driver, type LogEvent } from 'kysely';
import { GroupCommitSqliteDialect } from './group-commit.ts';
import { startCheckpointer, type Checkpointer } from './checkpointer.ts';
import { WriteWatch, registerWriteWatch, watchCommits } from './write-watch.ts';
import { prepareStatements } from './prepared.ts';
import { POSTGRES_SESSION_OPTIONS } from './session-settings.ts';
// Hints between the app processes on this database (busOf(db)): LISTEN/NOTIFY or in-process.
import { LocalBus, PostgresBus, registerBus } from '../bus/bus.ts';
import {
  HostSelector,
  createSelectingPool,
  dropOnConnectionFailure,
  needsHostSelection,
  parsePostgresUrl,
  selectedHostUrl,
} from './multi-host.ts';

export type DialectName = 'sqlite' | 'postgres';

export interface DatabaseHandle<Schema> {
  readonly db: Kysely<Schema>;
  readonly dialect: DialectName;
  /** Resolves once everything written so far is durable (SQLite commits in groups). */
  whenDurable(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /**
   * postgres://… (several hosts allowed: `h1:p1,h2:p2`, with `target_session_attrs=read-write`);
   * when absent the SQLite file at `sqlitePath` is used.
   */
  url?: string | undefined;
  sqlitePath?: string;
  /** Pool size for PostgreSQL. */
  poolSize?: number;
}

/**
 * `CONCORD_SLOW_QUERY_MS=N`: each statement that took N ms or more (0: every one) is written to
 * stderr as one JSON line — its SQL with placeholders, never the values (personal data stays out of
 * logs) — for finding what a request spends in the database (the benchmark's profiling).
 */
function slowQueryLog(): ((event: LogEvent) => void) | undefined {
  const raw = process.env.CONCORD_SLOW_QUERY_MS;
  if (raw === undefined || raw === '') return undefined;
  const threshold = Number(raw);
  if (!Number.isFinite(threshold) || threshold < 0)
    throw new Error(`CONCORD_SLOW_QUERY_MS must be a number ≥ 0, got "${raw}"`);
  return (event) => {
    if (event.queryDurationMillis < threshold) return;
    process.stderr.write(
      `${JSON.stringify({ slowQueryMs: Number(event.queryDurationMillis.toFixed(3)), sql: event.query.sql, failed: event.level === 'error' })}\n`,
    );
  };
}

// PostgreSQL returns int8 (count(*), bigint ids) as strings by default; every such value in
// Concord fits in a double, so parse it as a number once for the whole process.
pg.types.setTypeParser(20, (value) => Number(value));

export function openDatabase<Schema>(options: DatabaseOptions): DatabaseHandle<Schema> {
  if (options.url) {
    const url = parsePostgresUrl(options.url);
    const max = options.poolSize ?? 10;
    // Several hosts (or one that must be writable): each new connection goes to the host found
    // writable, and finds the new one after a failover (multi-host.ts, ADR 0042).
    const pool = needsHostSelection(url)
      ? createSelectingPool(new HostSelector(url), { max, options: POSTGRES_SESSION_OPTIONS })
      : new pg.Pool({ connectionString: options.url, max, options: POSTGRES_SESSION_OPTIONS });
    // An idle client that loses its server must not crash the process, nor one in use; one whose
    // connection is going is not handed out again (the selecting pool's clients do this themselves).
    pool.on('error', () => undefined);
    if (!needsHostSelection(url)) pool.on('connect', (client) => dropOnConnectionFailure(client));
    // Each statement parsed once per connection, its plan kept (prepared.ts, ADR 0046).
    const epoch = { value: 0 };
    pool.on('connect', (client) => prepareStatements(client, epoch));
    // The bus's listening connection follows the writable host too (re-selected at each reconnect).
    const raw = options.url;
    const bus = new PostgresBus({
      connectionString: needsHostSelection(url) ? () => selectedHostUrl(raw) : raw,
      pool,
    });
    const watch = new WriteWatch(bus);
    const dialect = new (class extends PostgresDialect {
      override createDriver(): Driver {
        return watchCommits(super.createDriver(), watch);
      }
    })({ pool });
    const db = new Kysely<Schema>({ dialect, plugins: [watch], log: slowQueryLog() });
    registerWriteWatch(db, watch);
    registerBus(db, bus);
    return {
      db,
      dialect: 'postgres',
      whenDurable: () => Promise.resolve(),
      close: async () => {
        await bus.close();
        await db.destroy();
      },
    };
  }
  const file = options.sqlitePath ?? path.resolve('data', 'concord.db');
  if (file !== ':memory:') makePrivate(file);
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // SQLite's own page cache: 4 MB instead of better-sqlite3's 16 MB. The kernel already caches the
  // file, so a page missed here costs a read from memory, not from disk: at 1M cases list, detail,
  // search and stats kept their latency while the server's peak memory fell by 16 MB (ADR 0045).
  database.pragma('cache_size = -4000');
  // Keep the planner's statistics fresh (SQLite's recommended start-up call): without them a
  // 1M-case list sorts the whole county instead of walking the primary key.
  database.pragma('optimize = 0x10002');
  const dialect = new GroupCommitSqliteDialect(database, reusingStatements(database));
  // One process writes a SQLite file (ADR 0040): the bus stays inside it.
  const bus = new LocalBus();
  const watch = new WriteWatch(bus);
  const db = new Kysely<Schema>({ dialect, plugins: [watch], log: slowQueryLog() });
  registerWriteWatch(db, watch);
  registerBus(db, bus);
  let checkpointer: Checkpointer | null = null;
  if (file !== ':memory:') {
    // Checkpoints run in a worker (see checkpointer.ts); the app's own threshold is the fallback.
    database.pragma('wal_autocheckpoint = 10000');
    checkpointer = startCheckpointer(file);
  }
  return {
    db,
    dialect: 'sqlite',
    whenDurable: () => dialect.driver.whenDurable(),
    close: async () => {
      await bus.close();
      await db.destroy();
      await checkpointer?.stop();
    },
  };
}

/**
 * The database holds residents' data: its folder is created 0700 and the file 0600 before SQLite
 * opens it, and SQLite gives the -wal and -shm files it creates the database file's mode. A file
 * left readable by others (an older install, a copied backup) is narrowed to 0600.
 */
function makePrivate(file: string): void {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const part of [file, `${file}-wal`, `${file}-shm`]) {
    if (!existsSync(part) || (statSync(part).mode & 0o077) === 0) continue;
    try {
      chmodSync(part, 0o600);
    } catch (error) {
      // Owned by another account: the operator must fix it; refusing to start would help no one.
      process.emitWarning(`${part} is readable by other accounts and could not be narrowed to 0600: ${String(error)}`);
    }
  }
}

/**
 * Kysely prepares every query anew; compiling the SQL costs more than running most of Concord's
 * indexed lookups. Prepared statements are kept per SQL text (the most recent few hundred) and
 * reused: the one connection runs one statement at a time, and SQLite re-prepares a statement
 * by itself when the schema changes.
 */
function reusingStatements(database: SQLite.Database, size = 500) {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(text: string): SQLite.Statement {
      let statement = statements.get(text);
      if (statement) {
        statements.delete(text);
      } else {
        statement = database.prepare(text);
        if (statements.size >= size) statements.delete(statements.keys().next().value!);
      }
      statements.set(text, statement);
      return statement;
    },
  };
}

/**
 * Waits until what this process can read is on the synchronous standby. PostgreSQL shows a commit to
 * other sessions before its standby has it (and after a crash restart, before any standby does): an
 * answer that only reads such a row — an idempotent replay of a case — could acknowledge a case a
 * failover then takes back. So it commits a transaction of its own first, whose COMMIT waits for
 * the standby up to a WAL position past every commit it can see (ADR 0042). SQLite: the app's
 * whenDurable at send does the same.
 */
export async function awaitReplicated(db: Kysely<unknown>, dialect: DialectName): Promise<void> {
  if (dialect !== 'postgres') return;
  await db.transaction().execute((trx) => sql`select txid_current()`.execute(trx));
}

/** A cheap liveness query used by /healthz. */
export async function ping(db: Kysely<unknown>): Promise<void> {
  await sql`select 1`.execute(db);
}
