// pg_dump and pg_restore for backups of a PostgreSQL database: found for the server's major
// version, given the database URL without its password (the password goes in PGPASSWORD, so it
// never shows in the process list).
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export type PgTool = 'pg_dump' | 'pg_restore';

/** The server's major version (15 for 15.20) and its full version string. */
export async function serverVersion(url: string): Promise<{ major: number; version: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ num: string; version: string }>(
      `select current_setting('server_version_num') as num, current_setting('server_version') as version`,
    );
    return { major: Math.floor(Number(rows[0]!.num) / 10000), version: rows[0]!.version };
  } finally {
    await client.end();
  }
}

async function toolMajor(binary: string): Promise<number | null> {
  try {
    const { stdout } = await run(binary, ['--version']);
    const match = /\(PostgreSQL\)\s+(\d+)/.exec(stdout);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/**
 * The tool whose major version is at least the server's (pg_dump refuses a newer server, and a
 * dump is best read by the same version): CONCORD_PG_BIN_DIR if set, then Debian's
 * /usr/lib/postgresql/<major>/bin, then the PATH (Debian's /usr/bin wrappers pick a version).
 */
export async function findPgTool(tool: PgTool, atLeastMajor: number): Promise<{ binary: string; major: number }> {
  const candidates = [
    ...(process.env.CONCORD_PG_BIN_DIR ? [path.join(process.env.CONCORD_PG_BIN_DIR, tool)] : []),
    `/usr/lib/postgresql/${atLeastMajor}/bin/${tool}`,
    tool,
  ];
  const seen: string[] = [];
  for (const binary of candidates) {
    if (binary.includes('/') && !existsSync(binary)) continue;
    const major = await toolMajor(binary);
    if (major === null) continue;
    if (major >= atLeastMajor) return { binary, major };
    seen.push(`${binary} is version ${major}`);
  }
  throw new Error(
    `no ${tool} of PostgreSQL ${atLeastMajor} or later found (${seen.join('; ') || 'none on this machine'}): ` +
      `install postgresql-client-${atLeastMajor}, or set CONCORD_PG_BIN_DIR to the folder that holds it`,
  );
}

/**
 * The URL for libpq without its password, and the password for PGPASSWORD. Works on multi-host
 * URLs (host1:5432,host2:5432), which the WHATWG URL parser refuses.
 */
export function libpqConnection(url: string): { url: string; env: Record<string, string> } {
  const match = /^(postgres(?:ql)?:\/\/)([^@/?#]*@)?(.*)$/s.exec(url);
  if (!match || !match[2]) return { url, env: {} };
  const userinfo = match[2].slice(0, -1);
  const colon = userinfo.indexOf(':');
  if (colon === -1) return { url, env: {} };
  return {
    url: `${match[1]}${userinfo.slice(0, colon)}@${match[3]}`,
    env: { PGPASSWORD: decodeURIComponent(userinfo.slice(colon + 1)) },
  };
}

/** Runs a tool; its stderr becomes the error's message when it fails. */
export async function runPgTool(binary: string, args: string[], url: string): Promise<void> {
  const connection = libpqConnection(url);
  try {
    await run(binary, [...args, `--dbname=${connection.url}`], {
      env: { ...process.env, ...connection.env },
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`${path.basename(binary)} failed: ${(e.stderr || e.message).trim()}`);
  }
}

/** The tables of the database's ordinary schemas (a restore target must have none). */
export async function tablesIn(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `select table_schema || '.' || table_name as name from information_schema.tables
        where table_schema not in ('pg_catalog', 'information_schema') and table_schema not like 'pg_toast%'
        order by 1`,
    );
    return rows.map((r) => r.name);
  } finally {
    await client.end();
  }
}
