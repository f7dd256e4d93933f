// Counts, per process, the statements that change chosen columns of chosen tables, so that what a
// process keeps of those rows (the signed-in actors: auth's sessions.ts; small tables read on most
// requests: kept-read.ts) can tell it is stale without asking the database. A Kysely plugin on every
// database Concord opens: a write cannot forget to say so, whoever writes it. Raw SQL (sql`…`) is
// not seen; none writes the watched tables. What is watched is declared once per process, when the
// module that keeps the rows loads (`watchWritesTo`), so a process announces its writes to a table
// from the start — before it has read, let alone kept, anything of it.
//
// Other processes (a second app process, the CLI's password reset) are told through the bus
// (platform/bus, ADR 0040): a watched write published there bumps the generation of every process
// listening, so a sign-out in one is seen by the others within milliseconds rather than after the
// 2 s bound. The hint may arrive before the writer's transaction commits: a reader then sees the
// old row, which the settle time keeps it from keeping; and a transaction that ran a watched write
// is counted again when it commits (`watchCommits`), so what was kept while it stayed open is dropped.
import type { Bus } from '../bus/bus.ts';
import type {
  DatabaseConnection,
  Driver,
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  TransactionSettings,
  UnknownRow,
} from 'kysely';

/** Per table: the columns whose change matters, or 'all' (inserts and deletes always count). */
export type WatchedColumns = 'all' | readonly string[];

interface Watch {
  columns: WatchedColumns;
  /** Whether an insert changes what is kept (a new session does not; a new membership does). */
  inserts: boolean;
}

/** The watched tables of this process, the same for every database it opens. */
const declared = new Map<string, Watch>();

/**
 * Declares, for the whole process, that writes to `table` (to `columns` of it) make what is kept of
 * it stale. Called at module load by what keeps the rows; declarations of one table add up.
 */
export function watchWritesTo(table: string, columns: WatchedColumns, options: { inserts: boolean }): void {
  const earlier = declared.get(table);
  const merged: WatchedColumns =
    earlier === undefined
      ? columns
      : earlier.columns === 'all' || columns === 'all'
        ? 'all'
        : [...new Set([...earlier.columns, ...columns])];
  declared.set(table, { columns: merged, inserts: options.inserts || (earlier?.inserts ?? false) });
}

/**
 * How long something kept is trusted when no watched write ran meanwhile: the bound on how late a
 * write this process cannot see (another process's raw SQL, a process without the bus) is seen.
 */
export const KEEP_MAX_AGE_MS = 2_000;
/**
 * Something read less than this after a watched write is not kept: on PostgreSQL a write's
 * statement runs (and is counted) before its transaction commits, and a read in between still sees
 * the old rows.
 */
export const KEEP_SETTLE_MS = 1_000;

/** When something was kept, and under which generation. */
export interface KeptStamp {
  readonly generation: number;
  readonly keptAt: number;
}

/** The bus topic of watched writes. */
export const WRITE_WATCH_TOPIC = 'write-watch';

export class WriteWatch implements KyselyPlugin {
  /** A publish is queued for this turn of the event loop (a burst of writes sends one hint). */
  private publishQueued = false;
  private listening = false;
  /** Bumped before and after each watched statement runs, after a commit that ran one, and per hint. */
  private count = 0;
  /** Watched statements run through this process (only they make a commit count again). */
  private statements = 0;
  /** performance.now() of the latest bump. */
  private lastAt = -Infinity;

  constructor(private readonly bus?: Bus) {}

  /**
   * Begins hearing the other processes' watched writes; called by whatever keeps rows, on first
   * use (a process that keeps nothing — most CLI commands — opens no listening connection).
   */
  listen(): void {
    if (!this.bus || this.listening) return;
    this.listening = true;
    this.bus.subscribe(WRITE_WATCH_TOPIC, () => this.bump());
    // Hints lost while the listening connection was down: treat as a write.
    this.bus.onResync(() => this.bump());
  }

  /** Changes with every watched write; equal readings mean no watched write ran in between. */
  get generation(): number {
    return this.count;
  }

  /** Milliseconds since the latest watched write ran (Infinity if none has). */
  sinceLastWrite(): number {
    return performance.now() - this.lastAt;
  }

  /** Whether something kept under `stamp` may still be served. */
  isFresh(stamp: KeptStamp): boolean {
    return stamp.generation === this.count && performance.now() - stamp.keptAt < KEEP_MAX_AGE_MS;
  }

  /**
   * The stamp for what was read since `generation` (read before the read began), or null when it
   * must not be kept: a watched write ran while it was read, or just before.
   */
  stampFor(generation: number): KeptStamp | null {
    if (generation !== this.count || this.sinceLastWrite() <= KEEP_SETTLE_MS) return null;
    return { generation, keptAt: performance.now() };
  }

  /** The number of watched statements run through this process so far (see watchCommits). */
  get statementsRun(): number {
    return this.statements;
  }

  /**
   * A transaction during which a watched statement ran has committed: counted again here and in
   * the other processes, so that what a reader kept while it stayed open past the settle time (the
   * old rows, still the committed ones then) is dropped.
   */
  committed(): void {
    this.bump();
    // Told at once, not with the next turn's hint: a CLI command closes its database right after
    // its commit, and a queued hint would be dropped with the bus.
    this.bus?.publish(WRITE_WATCH_TOPIC, '');
  }

  private bump(): void {
    this.count++;
    this.lastAt = performance.now();
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (declared.size > 0 && this.concerns(args.node)) {
      this.statements++;
      this.bump();
      watchedQueries.add(args.queryId);
    }
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    // Again once the statement has run: a reader that began in between must not keep what it read.
    if (watchedQueries.delete(args.queryId)) {
      this.bump();
      this.tellOthers();
    }
    return Promise.resolve(args.result);
  }

  private tellOthers(): void {
    if (!this.bus || this.publishQueued) return;
    this.publishQueued = true;
    setImmediate(() => {
      this.publishQueued = false;
      this.bus?.publish(WRITE_WATCH_TOPIC, '');
    });
  }

  private concerns(node: RootOperationNode): boolean {
    if (node.kind === 'InsertQueryNode') {
      const watch = this.watchOf(node.into);
      return watch !== undefined && watch.inserts;
    }
    if (node.kind === 'DeleteQueryNode') return node.from.froms.some((from) => this.watchOf(from) !== undefined);
    if (node.kind !== 'UpdateQueryNode') return false;
    const watch = this.watchOf(node.table);
    if (watch === undefined) return false;
    if (watch.columns === 'all') return true;
    const columns = watch.columns;
    return (node.updates ?? []).some((update) => {
      const name = columnName(update.column);
      return name === null || columns.includes(name);
    });
  }

  private watchOf(node: OperationNode | undefined): Watch | undefined {
    if (node?.kind === 'AliasNode') return this.watchOf((node as unknown as { node: OperationNode }).node);
    if (node?.kind !== 'TableNode') return undefined;
    const table = node as unknown as { table: { identifier: { name: string } } };
    return declared.get(table.table.identifier.name);
  }
}

/** Query ids are objects unique to one execution; kept weakly between transformQuery and its result. */
const watchedQueries = new WeakSet<object>();

function columnName(node: OperationNode): string | null {
  if (node.kind === 'ColumnNode') return (node as unknown as { column: { name: string } }).column.name;
  return null;
}

const watches = new WeakMap<object, WriteWatch>();

/** Registers the watch of a database (and so of every transaction begun from it). */
export function registerWriteWatch(db: object, watch: WriteWatch): void {
  watches.set(db, watch);
}

/** The watch of a database opened by openDatabase, or undefined (a bare Kysely: nothing is cached). */
export function writeWatchOf(db: object): WriteWatch | undefined {
  return watches.get(db);
}

/**
 * `driver` with its commits watched: a transaction during which a watched statement ran — its
 * own, or (conservatively) another connection's — is counted again once it has committed. For
 * PostgreSQL's pool, where a reader on another connection sees the old rows until the commit.
 * SQLite's one connection needs none: no read runs between a statement and its commit elsewhere.
 */
export function watchCommits(driver: Driver, watch: WriteWatch): Driver {
  const begunAt = new WeakMap<DatabaseConnection, number>();
  const wrapped: Driver = {
    init: () => driver.init(),
    acquireConnection: () => driver.acquireConnection(),
    releaseConnection: (connection) => driver.releaseConnection(connection),
    destroy: () => driver.destroy(),
    beginTransaction: async (connection: DatabaseConnection, settings: TransactionSettings) => {
      await driver.beginTransaction(connection, settings);
      begunAt.set(connection, watch.statementsRun);
    },
    commitTransaction: async (connection) => {
      const statementsBefore = begunAt.get(connection);
      begunAt.delete(connection);
      try {
        await driver.commitTransaction(connection);
      } finally {
        // Counted also when the commit's outcome is unknown (the connection lost after COMMIT was
        // sent): an extra count only makes a reader read again.
        if (statementsBefore !== undefined && statementsBefore !== watch.statementsRun) watch.committed();
      }
    },
    rollbackTransaction: async (connection) => {
      begunAt.delete(connection);
      await driver.rollbackTransaction(connection);
    },
  };
  if (driver.savepoint) wrapped.savepoint = (c, name, compile) => driver.savepoint!(c, name, compile);
  if (driver.rollbackToSavepoint) {
    wrapped.rollbackToSavepoint = (c, name, compile) => driver.rollbackToSavepoint!(c, name, compile);
  }
  if (driver.releaseSavepoint) {
    wrapped.releaseSavepoint = (c, name, compile) => driver.releaseSavepoint!(c, name, compile);
  }
  return wrapped;
}
