// One validated, frozen configuration read from the environment at start-up.
import { isIP } from 'node:net';
import path from 'node:path';
import { PostgresUrlError, parsePostgresUrl } from './platform/db/multi-host.ts';

export type Mode = 'demo' | 'production';

export interface Config {
  readonly mode: Mode;
  readonly port: number;
  readonly host: string;
  /**
   * `postgres://…` for the scale path (several hosts with target_session_attrs=read-write for a
   * failover pair, ADR 0042); undefined means the embedded SQLite file.
   */
  readonly databaseUrl: string | undefined;
  /**
   * `postgres://…` of a streaming replica (hot standby) of the same database (DATABASE_REPLICA_URL,
   * ADR 0041): dashboards, rankings, the public page, exports and searches read from it while it is
   * fresh within `replicaMaxLagSeconds`; everything else, and every write, uses the primary.
   */
  readonly databaseReplicaUrl: string | undefined;
  /** The staleness bound of replica reads (DATABASE_REPLICA_MAX_LAG_SECONDS, default 5). */
  readonly replicaMaxLagSeconds: number;
  readonly dataDir: string;
  /** Path of the SQLite file (under dataDir unless given). */
  readonly sqlitePath: string;
  /** Where case attachments are stored (under dataDir unless given). */
  readonly attachmentsDir: string;
  /** Fixed clock for tests and demos (CONCORD_NOW). */
  readonly fixedNow: Date | undefined;
  /** Base64 of the 32-byte personal-data key; demo mode generates one when absent. */
  readonly dataKey: string | undefined;
  /** Base64 of the 32-byte key of the audit chain (CONCORD_AUDIT_KEY); else a file in dataDir/keys. */
  readonly auditKey: string | undefined;
  /** Where the audit chain's signed checkpoints are appended (outside the database). */
  readonly auditCheckpointFile: string;
  /** A checkpoint after this many audit rows, or this many minutes, whichever comes first. */
  readonly auditCheckpointEvery: number;
  readonly auditCheckpointMinutes: number;
  readonly logLevel: string;
  /** Seed the demo county, accounts and data into an empty database. */
  readonly seedDemo: boolean;
  /** How many generated cases the demo seed adds (0 for none). */
  readonly demoCases: number;
  /** Resolved cases nobody rates close by themselves after this many days. */
  readonly autoCloseDays: number;
  /** How often the sweeper and the notifier run, in milliseconds (0 = not at all). */
  readonly jobIntervalMs: number;
  /** Notifications go to this webhook (signed with the secret) instead of the log. */
  readonly webhookUrl: string | undefined;
  readonly webhookSecret: string | undefined;
  /** Build (when stale) and serve the web console; CONCORD_WEB_CLIENT=off for an API-only process. */
  readonly webClient: boolean;
  /**
   * Fastify's `trustProxy` (CONCORD_TRUST_PROXY): false ignores X-Forwarded-For (the default); a
   * list names the reverse proxies (addresses, CIDRs, `loopback`) whose X-Forwarded-For counts.
   */
  readonly trustProxy: false | string[];
  /**
   * Case reports an hour a resident account may send, and residents behind one client address
   * (CONCORD_INTAKE_PER_RESIDENT, CONCORD_INTAKE_PER_ADDRESS; 0: no limit). Staff are not limited.
   */
  readonly intakeLimits: { readonly perResident: number; readonly perAddress: number };
  /**
   * The SMS provider (issue 15): CONCORD_SMS_URL, CONCORD_SMS_ACCESS_KEY_ID,
   * CONCORD_SMS_ACCESS_KEY_SECRET, CONCORD_SMS_SIGN_NAME, all or none. None: the local gateway
   * keeps every message in the database (demo mode and tests), nothing leaves the server.
   */
  readonly smsProvider: SmsProviderConfig | null;
  /** Where residents reach this Concord (CONCORD_PUBLIC_URL, no trailing slash): links in SMS. */
  readonly publicUrl: string;
  /**
   * How old a kept ranking table may be before GET /api/v1/rankings recomputes it
   * (RANKINGS_MAX_AGE_SECONDS, default 300; ADR 0022). A stale one is still served while one
   * process refreshes it in the background. 0: nothing is kept, every request computes.
   */
  readonly rankingsMaxAgeSeconds: number;
  /**
   * App processes serving one port (CONCORD_WORKERS, default 1; ADR 0040): with PostgreSQL the
   * start command forks this many with node:cluster. SQLite runs in one process whatever is asked.
   */
  readonly workers: number;
}

export interface SmsProviderConfig {
  readonly url: string;
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  readonly signName: string;
}

export class ConfigError extends Error {}

function parsePort(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be an integer between 0 and 65535, got "${raw}"`);
  }
  return port;
}

function parseWholeNumber(name: string, raw: string | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new ConfigError(`${name} must be a whole number between 0 and ${max}, got "${raw}"`);
  }
  return value;
}

function parseNow(raw: string | undefined): Date | undefined {
  if (raw === undefined || raw === '') return undefined;
  // Require an explicit offset so the fixed clock cannot silently mean local time.
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(raw)) {
    throw new ConfigError(`CONCORD_NOW must be an ISO time with offset, e.g. 2026-11-27T09:00:00+08:00`);
  }
  const date = new Date(raw);
  if (Number.isNaN(date.getTime())) throw new ConfigError(`CONCORD_NOW is not a valid time: "${raw}"`);
  return date;
}

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * CONCORD_TRUST_PROXY: unset, 0 or false ignores X-Forwarded-For; 1 trusts the reverse proxy on
 * this server (loopback), the usual county install; otherwise a comma-separated list of the
 * proxies' addresses or CIDRs (or loopback, linklocal, uniquelocal). The client is then the
 * address the nearest untrusted hop appended. A hop count of 2 or more, or "true", is refused:
 * neither can tell a proxy from a client that connects directly and writes X-Forwarded-For
 * itself (Fastify ignores hop counts for that reason).
 */
export function parseTrustProxy(raw: string | undefined): false | string[] {
  const value = (raw ?? '').trim();
  if (value === '' || value === '0' || value.toLowerCase() === 'false') return false;
  if (value === '1') return ['loopback'];
  if (/^\d+$/.test(value) || value.toLowerCase() === 'true') {
    throw new ConfigError(
      `CONCORD_TRUST_PROXY="${value}" cannot tell a proxy from a client that writes X-Forwarded-For itself: list the proxies' addresses or CIDRs (1 means the proxy on this server)`,
    );
  }
  const entries = value.split(',').map((entry) => entry.trim());
  for (const entry of entries) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!PROXY_RANGE_NAMES.has(entry) && (family === 0 || !prefixOk || extra !== undefined)) {
      throw new ConfigError(
        `CONCORD_TRUST_PROXY must be 1 or proxy addresses/CIDRs separated by commas, got "${entry}"`,
      );
    }
  }
  return entries;
}

/** DATABASE_REPLICA_URL: a PostgreSQL standby, and only beside a PostgreSQL primary. */
export function parseReplicaUrl(raw: string | undefined, databaseUrl: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (databaseUrl === undefined) {
    throw new ConfigError(
      'DATABASE_REPLICA_URL 只能与 PostgreSQL（DATABASE_URL）一起使用，内嵌 SQLite 没有只读副本 / DATABASE_REPLICA_URL needs a PostgreSQL primary (DATABASE_URL): the embedded SQLite file has no replica',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError(
      'DATABASE_REPLICA_URL 须以 postgres:// 开头 / DATABASE_REPLICA_URL must start with postgres://',
    );
  }
  return raw;
}

function parseHttpUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}

/** The SMS provider's four settings come together or not at all. */
export function parseSmsProvider(env: NodeJS.ProcessEnv): SmsProviderConfig | null {
  const names = [
    'CONCORD_SMS_URL',
    'CONCORD_SMS_ACCESS_KEY_ID',
    'CONCORD_SMS_ACCESS_KEY_SECRET',
    'CONCORD_SMS_SIGN_NAME',
  ] as const;
  const given = names.filter((name) => (env[name] ?? '') !== '');
  if (given.length === 0) return null;
  const missing = names.filter((name) => !given.includes(name));
  if (missing.length > 0) {
    throw new ConfigError(`the SMS provider needs ${missing.join(', ')} as well as ${given.join(', ')}`);
  }
  return {
    url: parseHttpUrl('CONCORD_SMS_URL', env.CONCORD_SMS_URL!),
    accessKeyId: env.CONCORD_SMS_ACCESS_KEY_ID!,
    accessKeySecret: env.CONCORD_SMS_ACCESS_KEY_SECRET!,
    signName: env.CONCORD_SMS_SIGN_NAME!,
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const rawMode = env.CONCORD_MODE ?? (env.NODE_ENV === 'production' ? 'production' : 'demo');
  if (rawMode !== 'demo' && rawMode !== 'production') {
    throw new ConfigError(`CONCORD_MODE must be "demo" or "production", got "${rawMode}"`);
  }
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite file)');
  }
  if (databaseUrl !== undefined) {
    // Several hosts (`h1:p1,h2:p2`) and target_session_attrs are checked here, not at the first query.
    try {
      parsePostgresUrl(databaseUrl);
    } catch (error) {
      if (error instanceof PostgresUrlError) throw new ConfigError(error.message);
      throw error;
    }
  }
  const databaseReplicaUrl = parseReplicaUrl(env.DATABASE_REPLICA_URL, databaseUrl);
  const dataDir = path.resolve(env.CONCORD_DATA_DIR ?? 'data');
  const dataKey = env.CONCORD_DATA_KEY === '' ? undefined : env.CONCORD_DATA_KEY;
  if (rawMode === 'production' && dataKey === undefined) {
    throw new ConfigError('CONCORD_DATA_KEY (base64 of 32 random bytes) is required in production mode');
  }
  if (env.CONCORD_WEBHOOK_URL && !env.CONCORD_WEBHOOK_SECRET) {
    throw new ConfigError('CONCORD_WEBHOOK_SECRET is required with CONCORD_WEBHOOK_URL (requests are signed)');
  }
  const port = parsePort(env.PORT);
  const smsProvider = parseSmsProvider(env);
  if (smsProvider && rawMode === 'production' && !env.CONCORD_PUBLIC_URL) {
    throw new ConfigError('CONCORD_PUBLIC_URL is required with an SMS provider (the links residents receive)');
  }
  const config: Config = {
    mode: rawMode,
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    databaseReplicaUrl,
    replicaMaxLagSeconds: parseWholeNumber(
      'DATABASE_REPLICA_MAX_LAG_SECONDS',
      env.DATABASE_REPLICA_MAX_LAG_SECONDS,
      5,
      3600,
    ),
    dataDir,
    sqlitePath: env.CONCORD_SQLITE_PATH ?? path.join(dataDir, 'concord.db'),
    attachmentsDir: path.resolve(env.CONCORD_ATTACHMENTS_DIR || path.join(dataDir, 'attachments')),
    fixedNow: parseNow(env.CONCORD_NOW),
    dataKey,
    auditKey: env.CONCORD_AUDIT_KEY || undefined,
    auditCheckpointFile: path.resolve(env.CONCORD_AUDIT_CHECKPOINTS || path.join(dataDir, 'audit-checkpoints.jsonl')),
    auditCheckpointEvery:
      parseWholeNumber('CONCORD_AUDIT_CHECKPOINT_EVERY', env.CONCORD_AUDIT_CHECKPOINT_EVERY, 100, 1_000_000) || 1,
    auditCheckpointMinutes: parseWholeNumber(
      'CONCORD_AUDIT_CHECKPOINT_MINUTES',
      env.CONCORD_AUDIT_CHECKPOINT_MINUTES,
      10,
      1440,
    ),
    logLevel: env.LOG_LEVEL ?? 'info',
    seedDemo: rawMode === 'demo' && env.CONCORD_SEED_DEMO !== 'false',
    demoCases: parseWholeNumber('CONCORD_DEMO_CASES', env.CONCORD_DEMO_CASES, 3000, 1_000_000),
    autoCloseDays: parseWholeNumber('CONCORD_AUTO_CLOSE_DAYS', env.CONCORD_AUTO_CLOSE_DAYS, 7, 365),
    jobIntervalMs: parseWholeNumber('CONCORD_JOB_INTERVAL_MS', env.CONCORD_JOB_INTERVAL_MS, 30_000, 86_400_000),
    webhookUrl: env.CONCORD_WEBHOOK_URL || undefined,
    webhookSecret: env.CONCORD_WEBHOOK_SECRET || undefined,
    webClient: env.CONCORD_WEB_CLIENT !== 'off',
    trustProxy: parseTrustProxy(env.CONCORD_TRUST_PROXY),
    intakeLimits: {
      perResident: parseWholeNumber('CONCORD_INTAKE_PER_RESIDENT', env.CONCORD_INTAKE_PER_RESIDENT, 10, 100_000),
      perAddress: parseWholeNumber('CONCORD_INTAKE_PER_ADDRESS', env.CONCORD_INTAKE_PER_ADDRESS, 30, 100_000),
    },
    smsProvider,
    publicUrl: env.CONCORD_PUBLIC_URL
      ? parseHttpUrl('CONCORD_PUBLIC_URL', env.CONCORD_PUBLIC_URL)
      : `http://localhost:${port}`,
    rankingsMaxAgeSeconds: parseWholeNumber('RANKINGS_MAX_AGE_SECONDS', env.RANKINGS_MAX_AGE_SECONDS, 300, 86_400),
    workers: parseWholeNumber('CONCORD_WORKERS', env.CONCORD_WORKERS, 1, 64) || 1,
    ...overrides,
  };
  return Object.freeze(config);
}
