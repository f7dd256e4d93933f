// Group commit for the embedded SQLite database: several transactions share one durable commit
// (one fsync), and none of them is acknowledged before that commit.
//
// SQLite with `synchronous = FULL` syncs the WAL once per COMMIT; a busy intake spends most of
// its time there. Here the first transaction opens an outer `BEGIN IMMEDIATE`, every Kysely
// transaction runs inside it as a SAVEPOINT (so a failing one is undone alone), and the outer
// COMMIT runs once the transactions that were ready in the same turn of the event loop have
// released the connection. `commitTransaction` resolves only after that COMMIT succeeded; if it
// fails, every transaction of the group fails and nothing of it is kept.
//
// The one connection is shared, so a read may see a transaction's rows a moment before they are
// durable; `whenDurable()` lets a response wait for the open group (the app does so before
// sending), so no answer describes data that a crash could still take back.
import type SQLite from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

interface Statements {
  prepare(text: string): SQLite.Statement;
  close(): void;
}

interface Group {
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
  /** Settles when the group's COMMIT has run (whatever its outcome). */
  done: Promise<void>;
  settle: () => void;
}

/** One use of the connection, from acquire to release (a transaction or a single query). */
class Lease implements DatabaseConnection {
  inTransaction = false;
  /** The connection was handed back early: the transaction waits for its group's commit. */
  released = false;
  constructor(private readonly driver: GroupCommitDriver) {}
  executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    return Promise.resolve(this.driver.run<R>(query, this.inTransaction));
  }
  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming is not used by Concord');
  }
}

const SAVEPOINT = 'concord_tx';

export class GroupCommitDriver implements Driver {
  #locked = false;
  #queue: (() => void)[] = [];
  #group: Group | null = null;
  #flushScheduled = false;
  readonly #database: SQLite.Database;
  readonly #statements: Statements;

  constructor(database: SQLite.Database, statements: Statements) {
    this.#database = database;
    this.#statements = statements;
  }

  init(): Promise<void> {
    return Promise.resolve();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#lock();
    return new Lease(this);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (!lease.released) {
      lease.released = true;
      this.#unlock();
    }
    return Promise.resolve();
  }

  run<R>(query: CompiledQuery, inTransaction: boolean): QueryResult<R> {
    const statement = this.#statements.prepare(query.sql);
    // A write outside any transaction is its own durable commit: the open group goes first.
    if (!inTransaction && !statement.readonly && this.#group) this.#commitGroup();
    const parameters = query.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) as R[] };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }

  beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#group) {
      this.#database.exec('BEGIN IMMEDIATE');
      let settle!: () => void;
      const done = new Promise<void>((resolve) => (settle = resolve));
      this.#group = { waiters: [], done, settle };
    }
    this.#database.exec(`SAVEPOINT ${SAVEPOINT}`);
    (connection as Lease).inTransaction = true;
    return Promise.resolve();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    this.#database.exec(`RELEASE ${SAVEPOINT}`);
    const group = this.#group!;
    const durable = new Promise<void>((resolve, reject) => group.waiters.push({ resolve, reject }));
    // Let the next transaction join the group while this one waits for the commit.
    lease.inTransaction = false;
    lease.released = true;
    this.#unlock();
    this.#scheduleFlush();
    await durable;
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    this.#rollback(connection as Lease);
    return Promise.resolve();
  }

  #rollback(lease: Lease): void {
    // The group's commit failed after this transaction had handed the connection back: the
    // group was rolled back as a whole.
    if (lease.released) return;
    lease.inTransaction = false;
    if (this.#database.inTransaction) {
      this.#database.exec(`ROLLBACK TO ${SAVEPOINT}`);
      this.#database.exec(`RELEASE ${SAVEPOINT}`);
      // An outer transaction that holds nothing committed is ended now: no flush waits for it.
      if (this.#group && this.#group.waiters.length === 0) this.#commitGroup();
      return;
    }
    // SQLite rolled back the outer transaction by itself (an I/O error, a full disk): the
    // group's earlier transactions are gone too and must not be acknowledged.
    this.#failGroup(new Error('The database rolled the transaction group back'));
  }

  savepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.#database.exec(`SAVEPOINT "${name}"`);
    return Promise.resolve();
  }

  rollbackToSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.#database.exec(`ROLLBACK TO "${name}"`);
    return Promise.resolve();
  }

  releaseSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.#database.exec(`RELEASE "${name}"`);
    return Promise.resolve();
  }

  /** Resolves once nothing written so far can be lost: the open group, if any, has committed. */
  whenDurable(): Promise<void> {
    return this.#group ? this.#group.done : Promise.resolve();
  }

  async destroy(): Promise<void> {
    if (this.#group) {
      await this.#lock();
      try {
        if (this.#group) this.#commitGroup();
      } finally {
        this.#unlock();
      }
    }
    this.#statements.close();
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    // After the transactions started in this turn of the event loop have had their go.
    setImmediate(() => {
      this.#flushScheduled = false;
      void this.#lock().then(() => {
        try {
          if (this.#group) this.#commitGroup();
        } finally {
          this.#unlock();
        }
      });
    });
  }

  /** COMMIT the open group with the connection held; settles every waiter. */
  #commitGroup(): void {
    const group = this.#group!;
    this.#group = null;
    try {
      this.#database.exec('COMMIT');
    } catch (error) {
      if (this.#database.inTransaction) this.#database.exec('ROLLBACK');
      for (const waiter of group.waiters) waiter.reject(error);
      group.settle();
      return;
    }
    for (const waiter of group.waiters) waiter.resolve();
    group.settle();
  }

  #failGroup(error: Error): void {
    const group = this.#group;
    this.#group = null;
    if (!group) return;
    for (const waiter of group.waiters) waiter.reject(error);
    group.settle();
  }

  #lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  /** Hands the connection to the next in line (first come, first served). */
  #unlock(): void {
    const next = this.#queue.shift();
    if (next) next();
    else this.#locked = false;
  }
}

/** Kysely's SQLite dialect with the group-committing driver. */
export class GroupCommitSqliteDialect extends SqliteDialect {
  readonly driver: GroupCommitDriver;
  constructor(database: SQLite.Database, statements: Statements) {
    super({ database });
    this.driver = new GroupCommitDriver(database, statements);
  }
  override createDriver(): Driver {
    return this.driver;
  }
}
