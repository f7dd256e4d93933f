// Several PostgreSQL hosts in one DATABASE_URL, as libpq takes them
// (`postgresql://user@h1:p1,h2:p2/db?target_session_attrs=read-write`): node-postgres connects to
// one host only, so each new pool connection is sent to the host found writable (ADR 0042).
import pg from 'pg';

export interface HostAddress {
  readonly host: string;
  readonly port: number;
}

/** `any`: the first host that answers; `read-write`: the first that accepts writes (libpq's names). */
export type TargetSessionAttrs = 'any' | 'read-write';

export interface PostgresUrl {
  readonly hosts: readonly HostAddress[];
  readonly targetSessionAttrs: TargetSessionAttrs;
  /** The URL of one host: the same user, password, database and parameters (less target_session_attrs). */
  urlFor(address: HostAddress): string;
}

/** Thrown for a DATABASE_URL node-postgres cannot use as given; the message never repeats a password. */
export class PostgresUrlError extends Error {}

/** No host answered as required: the request should be retried later (HTTP 503). */
export class DatabaseUnavailableError extends Error {
  readonly code = 'CONCORD_DB_UNAVAILABLE';
}

const DEFAULT_PORT = 5432;

function parseHost(part: string): HostAddress {
  // [::1]:5432, [::1], 127.0.0.1:5432, db.example, db.example:6000
  const match = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d*))?$/.exec(part);
  if (!match) throw new PostgresUrlError(`DATABASE_URL has an invalid host "${part}"`);
  const host = decodeURIComponent(match[1] ?? match[2] ?? '');
  const rawPort = match[3];
  const port = rawPort === undefined || rawPort === '' ? DEFAULT_PORT : Number(rawPort);
  if (host === '') throw new PostgresUrlError('DATABASE_URL names an empty host');
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new PostgresUrlError(`DATABASE_URL has an invalid port "${rawPort}" for host ${host}`);
  }
  return { host, port };
}

/**
 * Splits a postgres:// or postgresql:// URL into its hosts. Only the host list is taken apart here;
 * everything else is passed on to node-postgres, one host at a time.
 */
export function parsePostgresUrl(url: string): PostgresUrl {
  const scheme = /^(postgres(?:ql)?:\/\/)/.exec(url)?.[1];
  if (!scheme) throw new PostgresUrlError('DATABASE_URL must start with postgres:// or postgresql://');
  const rest = url.slice(scheme.length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const tail = authorityEnd === -1 ? '' : rest.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const userInfo = at === -1 ? '' : authority.slice(0, at + 1);
  const hostList = at === -1 ? authority : authority.slice(at + 1);
  if (hostList === '') throw new PostgresUrlError('DATABASE_URL names no host');
  const hosts = hostList.split(',').map(parseHost);

  const queryStart = tail.indexOf('?');
  const pathPart = queryStart === -1 ? tail : tail.slice(0, queryStart);
  const params = new URLSearchParams(queryStart === -1 ? '' : tail.slice(queryStart + 1));
  const rawAttrs = params.get('target_session_attrs') ?? 'any';
  // libpq's `primary` is read-write for a server that is not in recovery: the same test here.
  const targetSessionAttrs: TargetSessionAttrs | null =
    rawAttrs === 'any' ? 'any' : rawAttrs === 'read-write' || rawAttrs === 'primary' ? 'read-write' : null;
  if (targetSessionAttrs === null) {
    throw new PostgresUrlError(
      `DATABASE_URL's target_session_attrs must be any, read-write or primary, got "${rawAttrs}"`,
    );
  }
  params.delete('target_session_attrs');
  const query = params.toString();

  return {
    hosts,
    targetSessionAttrs,
    urlFor: ({ host, port }) =>
      `${scheme}${userInfo}${host.includes(':') ? `[${host}]` : encodeURIComponent(host)}:${port}${pathPart}${query ? `?${query}` : ''}`,
  };
}

/** Whether a URL needs host selection (several hosts, or one that must be writable). */
export function needsHostSelection(url: PostgresUrl): boolean {
  return url.hosts.length > 1 || url.targetSessionAttrs !== 'any';
}

/**
 * The one-host URL of the host a multi-host URL selects now (the URL itself when it names one host
 * and any server will do): for tools that open a single connection, such as backups.
 */
export async function selectedHostUrl(raw: string): Promise<string> {
  const url = parsePostgresUrl(raw);
  if (!needsHostSelection(url)) return raw;
  return url.urlFor(await new HostSelector(url).select());
}

// SQLSTATEs after which the connection, not the statement, is at fault: connection exceptions
// (class 08), the server shutting down or starting (57P01–57P03), and a write sent to a server
// that has become a standby (25006).
const CONNECTION_SQLSTATES = new Set(['57P01', '57P02', '57P03', '25006']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);

/** Whether an error means the database could not be reached or went away (so: 503, retry later). */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (code.startsWith('08') || CONNECTION_SQLSTATES.has(code) || SOCKET_CODES.has(code))) {
    return true;
  }
  return (
    typeof message === 'string' &&
    /^(Connection terminated|Client has encountered a connection error|Client was closed and is not queryable|timeout exceeded when trying to connect)/.test(
      message,
    )
  );
}

export interface HostSelectorOptions {
  /** How long one host may take to accept a connection before the next is tried. */
  connectTimeoutMs?: number;
}

/**
 * Knows which host new connections go to. The answer is kept until a connection to it fails or
 * finds it read-only; then the hosts are asked again, in the order of the URL, by one probe at a time.
 */
export class HostSelector {
  private current: HostAddress | null = null;
  private searching: Promise<HostAddress> | null = null;

  constructor(
    readonly url: PostgresUrl,
    private readonly options: HostSelectorOptions = {},
  ) {}

  get connectTimeoutMs(): number {
    return this.options.connectTimeoutMs ?? 5000;
  }

  /** The host new connections should use (probing the hosts when none is known). */
  async select(): Promise<HostAddress> {
    if (this.current) return this.current;
    this.searching ??= this.search().finally(() => (this.searching = null));
    return this.searching;
  }

  /** A connection to `address` failed or found it unusable: ask again next time. */
  forget(address: HostAddress): void {
    if (this.current && this.current.host === address.host && this.current.port === address.port) this.current = null;
  }

  private async search(): Promise<HostAddress> {
    const reasons: string[] = [];
    for (const address of this.url.hosts) {
      const client = new pg.Client({
        connectionString: this.url.urlFor(address),
        connectionTimeoutMillis: this.connectTimeoutMs,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        if (this.url.targetSessionAttrs === 'read-write' && (await isReadOnly(client))) {
          reasons.push(`${address.host}:${address.port} is read-only`);
          continue;
        }
        this.current = address;
        return address;
      } catch (error) {
        reasons.push(`${address.host}:${address.port}: ${(error as Error).message}`);
      } finally {
        await client.end().catch(() => undefined);
      }
    }
    const wanted = this.url.targetSessionAttrs === 'read-write' ? 'read-write database host' : 'database host';
    throw new DatabaseUnavailableError(`no ${wanted} found: ${reasons.join('; ')}`);
  }
}

async function isReadOnly(client: pg.Client): Promise<boolean> {
  const result = await client.query<{ transaction_read_only: string }>('SHOW transaction_read_only');
  return result.rows[0]?.transaction_read_only !== 'off';
}

/**
 * Makes a pooled client safe to lose: an 'error' of a client in use is heard (its queries already
 * fail with it; pg.Pool listens only while a client is idle, and an unheard 'error' would end the
 * process), and a query that fails because the connection is going (57P01 from a server shutting
 * down arrives as a query error, before the socket closes; 25006 from a primary turned standby)
 * ends the client at once, so that pg.Pool drops it on release instead of handing it out again.
 */
export function dropOnConnectionFailure(client: pg.Client, onFailure: () => void = () => undefined): void {
  client.on('error', () => undefined);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const result = query(...args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (!isConnectionFailure(error)) return;
        onFailure();
        void client.end().catch(() => undefined);
      });
    }
    return result;
  }) as pg.Client['query'];
}

type ConnectCallback = (error: Error | undefined) => void;

/**
 * A pg.Pool whose connections each go to the host the selector names, and check on arrival that it
 * still is writable (the primary may have changed since the selector asked). A connection that
 * cannot be opened makes the selector ask again, and the pool tries once per host before giving up
 * with DatabaseUnavailableError. Connections that break are dropped by pg.Pool on release (it
 * checks that the client is still queryable, and dropOnConnectionFailure ends those that are going).
 */
export function createSelectingPool(selector: HostSelector, config: pg.PoolConfig): pg.Pool {
  const needWritable = selector.url.targetSessionAttrs === 'read-write';

  class SelectingClient extends pg.Client {
    private address: HostAddress | null = null;

    constructor(clientConfig?: pg.ClientConfig) {
      super(clientConfig);
      dropOnConnectionFailure(this, () => {
        if (this.address) selector.forget(this.address);
      });
    }

    override connect(): Promise<pg.Client>;
    override connect(callback: ConnectCallback): void;
    override connect(callback?: ConnectCallback): Promise<pg.Client> | void {
      const connected = this.connectToSelected().then(() => this);
      if (!callback) return connected;
      connected.then(
        () => callback(undefined),
        (error: Error) => callback(error),
      );
    }

    private async connectToSelected(): Promise<void> {
      const address = await selector.select();
      this.address = address;
      // pg.Client reads these when it opens its socket; the rest of the URL is the same for every host.
      this.host = address.host;
      this.port = address.port;
      try {
        await super.connect();
        if (needWritable && (await isReadOnly(this))) {
          throw new DatabaseUnavailableError(`${address.host}:${address.port} has become read-only`);
        }
      } catch (error) {
        selector.forget(address);
        await this.end().catch(() => undefined);
        throw error;
      }
    }
  }

  const pool = new pg.Pool({
    ...config,
    connectionString: selector.url.urlFor(selector.url.hosts[0]!),
    Client: SelectingClient,
  });
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  // Tried once per host: the first attempt may meet a primary that has just gone away.
  const connectWithRetry = async (): Promise<pg.PoolClient> => {
    let lastError: unknown;
    for (let attempt = 0; attempt <= selector.url.hosts.length; attempt++) {
      try {
        return await connect();
      } catch (error) {
        if (!isConnectionFailure(error)) throw error;
        lastError = error;
      }
    }
    throw lastError instanceof DatabaseUnavailableError
      ? lastError
      : new DatabaseUnavailableError(`no database host could be reached: ${(lastError as Error).message}`);
  };
  (pool as { connect: unknown }).connect = (callback?: (error: Error | undefined, client?: pg.PoolClient) => void) => {
    const connected = connectWithRetry();
    if (!callback) return connected;
    connected.then(
      (client) => callback(undefined, client),
      (error: Error) => callback(error),
    );
    return undefined;
  };
  return pool;
}
