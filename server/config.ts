// One validated, frozen configuration read from the environment at start-up.
import path from 'node:path';

export type Mode = 'demo' | 'production';

export interface Config {
  readonly mode: Mode;
  readonly port: number;
  readonly host: string;
  /** `postgres://…` for the scale path; undefined means the embedded SQLite file. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Path of the SQLite file (under dataDir unless given). */
  readonly sqlitePath: string;
  /** Fixed clock for tests and demos (CONCORD_NOW). */
  readonly fixedNow: Date | undefined;
  /** Base64 of the 32-byte personal-data key; demo mode generates one when absent. */
  readonly dataKey: string | undefined;
  readonly logLevel: string;
  /** Seed the demo county, accounts and data into an empty database. */
  readonly seedDemo: boolean;
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

export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const rawMode = env.CONCORD_MODE ?? (env.NODE_ENV === 'production' ? 'production' : 'demo');
  if (rawMode !== 'demo' && rawMode !== 'production') {
    throw new ConfigError(`CONCORD_MODE must be "demo" or "production", got "${rawMode}"`);
  }
  const databaseUrl = env.DATABASE_URL === '' ? undefined : env.DATABASE_URL;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must start with postgres:// (leave it unset for the embedded SQLite file)');
  }
  const dataDir = path.resolve(env.CONCORD_DATA_DIR ?? 'data');
  const dataKey = env.CONCORD_DATA_KEY === '' ? undefined : env.CONCORD_DATA_KEY;
  if (rawMode === 'production' && dataKey === undefined) {
    throw new ConfigError('CONCORD_DATA_KEY (base64 of 32 random bytes) is required in production mode');
  }
  const config: Config = {
    mode: rawMode,
    port: parsePort(env.PORT),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl,
    dataDir,
    sqlitePath: env.CONCORD_SQLITE_PATH ?? path.join(dataDir, 'concord.db'),
    fixedNow: parseNow(env.CONCORD_NOW),
    dataKey,
    logLevel: env.LOG_LEVEL ?? 'info',
    seedDemo: rawMode === 'demo' && env.CONCORD_SEED_DEMO !== 'false',
    ...overrides,
  };
  return Object.freeze(config);
}
