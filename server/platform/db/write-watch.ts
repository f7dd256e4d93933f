// Counts, per process, the statements that change chosen columns of chosen tables, so that a cache
// of what those rows say (the signed-in actors: auth's actor-cache.ts) can tell it is stale without
// asking the database. A Kysely plugin on every database Concord opens: a write cannot forget to
// say so, whoever writes it. Raw SQL (sql`…`) is not seen; none writes the watched tables.
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

export class WriteWatch implements KyselyPlugin {
  private readonly watched = new Map<string, Watch>();
  /** Bumped before and after each watched statement runs. */
  private count = 0;
  /** performance.now() of the latest bump. */
  private lastAt = -Infinity;

  watch(table: string, columns: WatchedColumns, options: { inserts: boolean }): void {
    this.watched.set(table, { columns, inserts: options.inserts });
  }

  /** Changes with every watched write; equal readings mean no watched write ran in between. */
  get generation(): number {
    return this.count;
  }

  /** Milliseconds since the latest watched write ran (Infinity if none has). */
  sinceLastWrite(): number {
    return performance.now() - this.lastAt;
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
    if (watchedQueries.delete(args.queryId)) this.bump();
    return Promise.resolve(args.result);
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
