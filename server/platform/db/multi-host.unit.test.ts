// DATABASE_URL with several hosts: what is taken apart, what is refused at start-up, and which
// errors a client is told to retry (503) rather than reported as a fault (500).
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.ts';
import { toAppError } from '../http/error-handler.ts';
import { DatabaseUnavailableError, isConnectionFailure, needsHostSelection, parsePostgresUrl } from './multi-host.ts';

describe('parsePostgresUrl', () => {
  it('takes the hosts in order, with their ports (5432 when none)', () => {
    const url = parsePostgresUrl(
      'postgresql://postgres:s%40cret@127.0.0.1:6001,db2.example,[::1]:6003/concord?target_session_attrs=read-write&sslmode=disable',
    );
    expect(url.hosts).toEqual([
      { host: '127.0.0.1', port: 6001 },
      { host: 'db2.example', port: 5432 },
      { host: '::1', port: 6003 },
    ]);
    expect(url.targetSessionAttrs).toBe('read-write');
    expect(needsHostSelection(url)).toBe(true);
  });

  it('gives each host a URL node-postgres can open: same user, password, database and parameters', () => {
    const url = parsePostgresUrl(
      'postgres://postgres:s%40cret@127.0.0.1:6001,[::1]:6003/concord?target_session_attrs=read-write&sslmode=disable',
    );
    expect(url.urlFor(url.hosts[0]!)).toBe('postgres://postgres:s%40cret@127.0.0.1:6001/concord?sslmode=disable');
    expect(url.urlFor(url.hosts[1]!)).toBe('postgres://postgres:s%40cret@[::1]:6003/concord?sslmode=disable');
  });

  it('leaves a plain one-host URL to plain node-postgres', () => {
    const url = parsePostgresUrl('postgres://postgres@127.0.0.1:5432/concord');
    expect(url.hosts).toEqual([{ host: '127.0.0.1', port: 5432 }]);
    expect(url.targetSessionAttrs).toBe('any');
    expect(needsHostSelection(url)).toBe(false);
    expect(needsHostSelection(parsePostgresUrl('postgres://h/concord?target_session_attrs=primary'))).toBe(true);
  });

  it.each([
    ['postgres://postgres@/concord', /no host/],
    ['postgres://postgres@h1:6001,:6002/concord', /empty host/],
    ['postgres://postgres@h1:99999/concord', /invalid port/],
    ['postgres://postgres@h1:6001,h2:6002/concord?target_session_attrs=standby', /target_session_attrs/],
    ['mysql://h1/concord', /postgres:\/\//],
  ])('refuses %s', (raw, message) => {
    expect(() => parsePostgresUrl(raw)).toThrow(message);
  });

  it('is checked at start-up, never repeating the password', () => {
    const env = { CONCORD_MODE: 'demo', DATABASE_URL: 'postgres://postgres:hunter2@h1:6001,h2:0/concord' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).not.toThrow(/hunter2/);
    const ok = loadConfig({
      ...env,
      DATABASE_URL: 'postgresql://postgres@h1:6001,h2:6002/concord?target_session_attrs=read-write',
    });
    expect(ok.databaseUrl).toContain('h1:6001,h2:6002');
  });
});

describe('a lost database is 503, to be retried', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6001'), { code: 'ECONNREFUSED' })],
    ['a connection cut mid-query', new Error('Connection terminated unexpectedly')],
    // A transaction's ROLLBACK on a client ended because its connection was going.
    ['a rollback on a dropped connection', new Error('Client was closed and is not queryable')],
    ['the server shutting down', Object.assign(new Error('terminating connection'), { code: '57P01' })],
    ['a server still starting', Object.assign(new Error('the database system is starting up'), { code: '57P03' })],
    ['a write sent to a standby', Object.assign(new Error('read-only transaction'), { code: '25006' })],
    ['no read-write host', new DatabaseUnavailableError('no read-write database host found')],
  ])('%s', (_name, error) => {
    expect(isConnectionFailure(error)).toBe(true);
    const appError = toAppError(error as never);
    expect(appError.status).toBe(503);
    expect(appError.code).toBe('UNAVAILABLE');
  });

  it('while a broken query or constraint stays a fault of its own', () => {
    for (const error of [
      Object.assign(new Error('duplicate key'), { code: '23505' }),
      Object.assign(new Error('syntax error'), { code: '42601' }),
      new Error('something else'),
    ]) {
      expect(isConnectionFailure(error)).toBe(false);
      expect(toAppError(error as never).status).toBe(500);
    }
  });
});
