// Counts, per process, the statements that change chosen columns of chosen tables, so that a cache
// of what those rows say (the signed-in actors: auth's actor-cache.ts) can tell it is stale without
// asking the database. A Kysely plugin on every database Concord opens: a write cannot forget to
// say so, whoever writes it. Raw SQL (sql`…`) is not seen; none writes the watched tables.
//
// Other processes (a second app process, the CLI's password reset) are told through the bus
// (platform/bus, ADR 0040): a watched write published there bumps the generation of every process
// listening, so a sign-out in one is seen by the others within milliseconds rather than after the
// actor cache's 2 s bound. The hint may arrive before the writer's transaction commits: a reader
// then sees the old row, which the cache's settle time (sessions.ts) keeps it from keeping.
import type { Bus } from '../bus/bus.ts';
import type {
  KyselyPlugin,
  OperationNode,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';

/** Per table: the columns whose change matters, or 'all' (inserts and deletes always count). */
export type WatchedColumns = 'all' | readonly string[];

interface Watch {
  columns: WatchedColumns;
  /** Whether an insert changes what the cache holds (a new session does not; a new membership does). */
  inserts: boolean;
}

/** The bus topic of watched writes. */
export const WRITE_WATCH_TOPIC = 'write-watch';

export class WriteWatch implements KyselyPlugin {
  private readonly watched = new Map<string, Watch>();
  /** A publish is queued for this turn of the event loop (a burst of writes sends one hint). */
  private publishQueued = false;
  private listening = false;
  /** Bumped before and after each watched statement runs. */
  private count = 0;
  /** performance.now() of the latest bump. */
  private lastAt = -Infinity;

  constructor(private readonly bus?: Bus) {}

  watch(table: string, columns: WatchedColumns, options: { inserts: boolean }): void {
    this.watched.set(table, { columns, inserts: options.inserts });
    // Listening begins with the first cache that depends on the watch (a CLI process keeps none).
    if (this.bus && !this.listening) {
      this.listening = true;
      this.bus.subscribe(WRITE_WATCH_TOPIC, () => this.bump());
      // Hints lost while the listening connection was down: treat as a write.
      this.bus.onResync(() => this.bump());
    }
  }

  /** Changes with every watched write; equal readings mean no watched write ran in between. */
  get generation(): number {
    return this.count;
  }

  /** Milliseconds since the latest watched write ran (Infinity if none has). */
  sinceLastWrite(): number {
    return performance.now() - this.lastAt;
  }

  /**
   * A watched write has committed: counted again here and in the other processes. A writer whose
   * transaction may stay open past a reader's settle time calls it after the commit, so that what
   * a reader kept in between (the old rows, still the committed ones then) is dropped.
   */
  committed(): void {
    this.bump();
    this.tellOthers();
  }

  private bump(): void {
    this.count++;
    this.lastAt = performance.now();
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.watched.size > 0 && this.concerns(args.node)) {
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
    return this.watched.get(table.table.identifier.name);
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
