// The streaming replica that dashboards, rankings, the public page, exports and searches read from
// (DATABASE_REPLICA_URL, ADR 0041), and the rule that decides, per request, whether it may: only
// while it is known to hold every commit older than the staleness bound. Otherwise, and whenever
// it is down, lagging or no longer a standby, reads go to the primary. Writes never go to it.
import pg from 'pg';
import { Kysely, PostgresDialect, sql, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { prepareStatements } from './prepared.ts';
import { POSTGRES_SESSION_OPTIONS } from './session-settings.ts';

export type ReplicaState = 'unknown' | 'fresh' | 'lagging' | 'unreachable' | 'not_standby';

export interface ReplicaOptions {
  /** postgres://… of the hot standby (same database name as the primary's). */
  url: string;
  /** postgres://… of the primary: a read the replica refuses to connect for runs there instead. */
  primaryUrl: string;
  /** Reads go to the replica only while it holds every commit older than this (ms). */
  maxLagMs: number;
  /** At most one freshness check per this many ms (per process). */
  checkEveryMs?: number;
  poolSize?: number;
  /** One line per change of state (fresh ↔ lagging/unreachable/…); no personal data is passed. */
  log?: (state: ReplicaState, detail: string) => void;
}

/** Which database one read went to, counted per process (tests, the benchmark, operators). */
export interface ReadCounts {
  /** Reads sent to the replica (decided per request). */
  replica: number;
  /** Reads sent to the primary because the replica was not fresh, down, or behind the reader's write. */
  primary: number;
  /** Connections the replica refused after a read was sent to it, taken from the primary instead. */
  fallback: number;
}

/** A PostgreSQL LSN `X/Y` as one number. */
export function parseLsn(text: string): bigint {
  const [high = '0', low = '0'] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** Refuses every write on the replica's connection before it leaves the process. */
class ReadOnlyPlugin implements KyselyPlugin {
  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    const kind = args.node.kind;
    if (kind !== 'SelectQueryNode' && kind !== 'RawNode') {
      throw new Error(`a ${kind} was sent to the read replica: writes go to the primary`);
    }
    return args.node;
  }
  transformResult<T>(args: { result: T }): Promise<T> {
    return Promise.resolve(args.result);
  }
}

const CHECK_EVERY_MS = 1000;
/** Samples of the primary's WAL position kept: enough to cover the bound at one per check. */
const MAX_SAMPLES = 600;

/**
 * Freshness is measured, not guessed from replay timestamps (an idle primary makes
 * `now() - pg_last_xact_replay_timestamp()` grow without any lag): each check notes the primary's
 * WAL position at a time t (taken before asking), then asks the replica how far it has replayed.
 * Once the replica has replayed past the position noted at t, it holds every commit acknowledged
 * before t: it is "fresh as of t". A read may use it while now − t ≤ the bound (and, for a caller
 * who wrote, while t is after that write).
 */
export class ReadReplica<Schema> {
  readonly db: Kysely<Schema>;
  readonly maxLagMs: number;
  private readonly checkEveryMs: number;
  private readonly pool: pg.Pool;
  private readonly fallbackPool: pg.Pool;
  private readonly log: (state: ReplicaState, detail: string) => void;
  private samples: { at: number; lsn: bigint }[] = [];
  private freshAsOf = -Infinity;
  private lastCheckAt = -Infinity;
  private checking: Promise<void> | null = null;
  private state: ReplicaState = 'unknown';
  private readonly writes = new Map<string, number>();
  private closed = false;
  readonly counts: ReadCounts = { replica: 0, primary: 0, fallback: 0 };

  constructor(
    private readonly primary: Kysely<Schema>,
    options: ReplicaOptions,
  ) {
    this.maxLagMs = options.maxLagMs;
    this.checkEveryMs = options.checkEveryMs ?? CHECK_EVERY_MS;
    this.log = options.log ?? (() => undefined);
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: options.poolSize ?? 10,
      // A replica that does not answer must cost a request little: the primary takes over.
      connectionTimeoutMillis: 2000,
      options: `${POSTGRES_SESSION_OPTIONS} -c default_transaction_read_only=on`,
    });
    this.pool.on('error', () => undefined);
    // Used only between the replica going down and the next read's decision: a few connections.
    this.fallbackPool = new pg.Pool({
      connectionString: options.primaryUrl,
      max: 4,
      options: `${POSTGRES_SESSION_OPTIONS} -c default_transaction_read_only=on`,
    });
    this.fallbackPool.on('error', () => undefined);
    // Statements prepared once per connection, as on the primary (prepared.ts, ADR 0046).
    for (const each of [this.pool, this.fallbackPool]) {
      const epoch = { value: 0 };
      each.on('connect', (client) => prepareStatements(client, epoch));
    }
    const pool = this.pool;
    const fallbackPool = this.fallbackPool;
    // A connection the replica refuses marks it down at once (later reads go to the primary) and
    // the read already sent here runs on the primary: a dashboard open as the replica stops answers.
    const noting = {
      connect: async () => {
        try {
          return await pool.connect();
        } catch (error) {
          this.markDown(error);
          this.counts.fallback++;
          return fallbackPool.connect();
        }
      },
      end: async () => {
        await Promise.all([pool.end(), fallbackPool.end()]);
      },
    };
    this.db = new Kysely<Schema>({
      dialect: new PostgresDialect({ pool: noting }),
      plugins: [new ReadOnlyPlugin()],
    });
  }

  /** What the replica was found to be at the latest check. */
  get status(): { state: ReplicaState; freshAsOf: number } {
    return { state: this.state, freshAsOf: this.freshAsOf };
  }

  /** Remembers that `who` wrote at `at` (ms since the epoch): their reads stay on the primary until the replica holds it. */
  noteWrite(who: string, at = Date.now()): void {
    this.writes.set(who, at);
  }

  /**
   * The database one read should use now: the replica when it is fresh within the bound (and has
   * `who`'s latest write), else the primary. Never waits for a check: one is started in the
   * background when the latest is older than the check interval.
   */
  pick(who?: string): Kysely<Schema> {
    const now = Date.now();
    if (now - this.lastCheckAt >= this.checkEveryMs) void this.check();
    const wrote = who === undefined ? undefined : this.writes.get(who);
    const fresh = this.state === 'fresh' && now - this.freshAsOf <= this.maxLagMs;
    if (fresh && (wrote === undefined || this.freshAsOf >= wrote)) {
      this.counts.replica++;
      return this.db;
    }
    if (this.state === 'fresh' && !fresh) this.transition('lagging', `fresh as of ${this.ageOf(now)} s ago`);
    this.counts.primary++;
    return this.primary;
  }

  /** One freshness check (single flight); resolves when done. Tests await it. */
  check(): Promise<void> {
    if (this.checking) return this.checking;
    this.lastCheckAt = Date.now();
    this.checking = this.measure().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async measure(): Promise<void> {
    if (this.closed) return;
    const at = Date.now();
    let primaryLsn: bigint;
    try {
      const { rows } = await sql<{ lsn: string }>`select pg_current_wal_lsn()::text as lsn`.execute(this.primary);
      primaryLsn = parseLsn(rows[0]!.lsn);
    } catch {
      // The primary's own trouble is not the replica's: nothing is learned this time.
      return;
    }
    this.samples.push({ at, lsn: primaryLsn });
    if (this.samples.length > MAX_SAMPLES) this.samples.shift();
    let standby: boolean;
    let replayed: bigint | null;
    try {
      // On the replica's own pool: the check must never be answered by the fallback to the primary.
      const { rows } = await this.pool.query<{ standby: boolean; lsn: string | null }>(
        'select pg_is_in_recovery() as standby, pg_last_wal_replay_lsn()::text as lsn',
      );
      standby = rows[0]!.standby;
      replayed = rows[0]!.lsn === null ? null : parseLsn(rows[0]!.lsn);
    } catch (error) {
      this.markDown(error);
      return;
    }
    if (!standby || replayed === null) {
      // Promoted (or never a standby): its data may part from the primary's from here on.
      this.transition('not_standby', 'the replica is not in recovery');
      return;
    }
    let newest = -1;
    for (let i = this.samples.length - 1; i >= 0; i--) {
      if (this.samples[i]!.lsn <= replayed) {
        newest = i;
        break;
      }
    }
    if (newest >= 0) {
      this.freshAsOf = Math.max(this.freshAsOf, this.samples[newest]!.at);
      // Older samples can no longer matter.
      this.samples = this.samples.slice(newest);
    }
    for (const [who, wroteAt] of this.writes) if (wroteAt <= this.freshAsOf) this.writes.delete(who);
    const now = Date.now();
    if (now - this.freshAsOf <= this.maxLagMs) this.transition('fresh', 'replaying within the bound');
    else this.transition('lagging', `fresh as of ${this.ageOf(now)} s ago`);
  }

  private ageOf(now: number): string {
    return Number.isFinite(this.freshAsOf) ? ((now - this.freshAsOf) / 1000).toFixed(1) : 'never';
  }

  private markDown(error: unknown): void {
    const code = (error as { code?: unknown } | null)?.code;
    this.transition('unreachable', typeof code === 'string' ? code : 'query failed');
  }

  private transition(state: ReplicaState, detail: string): void {
    if (state === this.state) return;
    this.state = state;
    this.log(state, detail);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.checking?.catch(() => undefined);
    await this.db.destroy();
  }
}
