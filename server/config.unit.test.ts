// CONCORD_TRUST_PROXY: X-Forwarded-For counts only for the proxies it names (ADR 0010); CONCORD_WORKERS.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseTrustProxy } from './config.ts';

describe('CONCORD_TRUST_PROXY', () => {
  it('ignores X-Forwarded-For unless set', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    for (const off of ['', '0', 'false', 'FALSE']) expect(parseTrustProxy(off)).toBe(false);
  });

  it('reads 1 as the reverse proxy on this server, and a list as the proxies at those addresses', () => {
    expect(loadConfig({ CONCORD_TRUST_PROXY: '1' }).trustProxy).toEqual(['loopback']);
    expect(parseTrustProxy('10.0.0.5, 10.1.0.0/16,fd00::/8 ,uniquelocal')).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      'fd00::/8',
      'uniquelocal',
    ]);
  });

  it('refuses what would let a client choose its own address, and what is not an address', () => {
    for (const bad of ['true', '2', '10.0.0.0/33', 'fd00::/129', 'proxy.example', '10.0.0.1/8/2', '10.0.0.1,']) {
      expect(() => parseTrustProxy(bad), bad).toThrow(ConfigError);
    }
  });
});

describe('DATABASE_REPLICA_URL', () => {
  const primary = 'postgres://postgres@127.0.0.1:5432/concord';

  it('reads a standby beside a PostgreSQL primary, with a staleness bound of 5 s unless set', () => {
    const config = loadConfig({
      DATABASE_URL: primary,
      DATABASE_REPLICA_URL: 'postgres://postgres@127.0.0.1:5433/concord',
    });
    expect(config.databaseReplicaUrl).toBe('postgres://postgres@127.0.0.1:5433/concord');
    expect(config.replicaMaxLagSeconds).toBe(5);
    expect(loadConfig({ DATABASE_URL: primary }).databaseReplicaUrl).toBeUndefined();
    expect(
      loadConfig({
        DATABASE_URL: primary,
        DATABASE_REPLICA_URL: 'postgres://r/concord',
        DATABASE_REPLICA_MAX_LAG_SECONDS: '30',
      }).replicaMaxLagSeconds,
    ).toBe(30);
  });

  it('refuses a replica of the embedded SQLite file, in Chinese first', () => {
    expect(() => loadConfig({ DATABASE_REPLICA_URL: 'postgres://postgres@127.0.0.1:5433/concord' })).toThrow(
      /^DATABASE_REPLICA_URL 只能与 PostgreSQL（DATABASE_URL）一起使用.*\/ DATABASE_REPLICA_URL needs a PostgreSQL primary/,
    );
  });

  it('refuses a replica that is not a PostgreSQL URL, and a bound that is not whole seconds', () => {
    expect(() => loadConfig({ DATABASE_URL: primary, DATABASE_REPLICA_URL: 'mysql://r/concord' })).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        DATABASE_URL: primary,
        DATABASE_REPLICA_URL: 'postgres://r/c',
        DATABASE_REPLICA_MAX_LAG_SECONDS: '-1',
      }),
    ).toThrow(ConfigError);
  });
});

// CONCORD_WORKERS (ADR 0040): how many app processes serve the port.
describe('CONCORD_WORKERS', () => {
  it('is one process unless set, and a whole number up to 64', () => {
    expect(loadConfig({}).workers).toBe(1);
    expect(loadConfig({ CONCORD_WORKERS: '0' }).workers).toBe(1);
    expect(loadConfig({ CONCORD_WORKERS: '4' }).workers).toBe(4);
    for (const bad of ['-1', '2.5', 'four', '65']) {
      expect(() => loadConfig({ CONCORD_WORKERS: bad }), bad).toThrow(ConfigError);
    }
  });
});
