// `concord backup FILE` and `concord restore FILE` (issue 20 §6, ADR 0036): one archive holding the
// database (SQLite online backup, or pg_dump -Fc), the keys and the audit checkpoints of the data
// folder, and the attachments, with a manifest of every file's SHA-256. A restore checks every
// byte before it writes anything, and writes only into an empty target unless forced.
import { createHash, type Hash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { copyFile, mkdtemp, open, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { Config } from '../config.ts';
import { ArchiveError, ArchiveWriter, readArchive } from './archive.ts';
import { findPgTool, runPgTool, serverVersion, tablesIn } from './postgres-tools.ts';
import { selectedHostUrl } from '../platform/db/multi-host.ts';

export const BACKUP_FORMAT = 'concord-backup';
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST = 'manifest.json';
const MANIFEST_SUM = 'manifest.json.sha256';
const SQLITE_ENTRY = 'database/concord.db';
const PGDUMP_ENTRY = 'database/concord.pgdump';
const CHECKPOINTS_ENTRY = 'audit/checkpoints.jsonl';
/** Storage keys of the file store (server/platform/files/file-store.ts), under attachments/. */
const ATTACHMENT_ENTRY = /^attachments\/[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;
const KEY_ENTRY = /^keys\/[A-Za-z0-9][A-Za-z0-9._-]*$/;

export type FileRole = 'database' | 'key' | 'checkpoints' | 'attachment';

export interface ManifestFile {
  path: string;
  role: FileRole;
  size: number;
  sha256: string;
}

export interface KeyRecord {
  /** Where the running Concord took the key from: a file of the data folder, or the environment. */
  source: 'file' | 'environment' | 'none';
  /** First 16 hex digits of SHA-256("concord key fingerprint" ‖ key): names the key, reveals nothing. */
  fingerprint: string | null;
}

export interface Manifest {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  dialect: 'sqlite' | 'postgres';
  schema: { lastMigration: string | null; migrations: number };
  postgres: { serverVersion: string; dumpedBy: string } | null;
  keys: { audit: KeyRecord; personalData: KeyRecord };
  files: ManifestFile[];
}

export class BackupError extends Error {}

const DAMAGED = '备份文件已损坏或被改动 / The backup is damaged or was altered';

function fingerprint(key: Buffer): string {
  return createHash('sha256').update('concord key fingerprint\0').update(key).digest('hex').slice(0, 16);
}

/** The key in use, as loadAuditKey / loadDataKey read it (base64, in the environment or a file). */
function keyRecord(configured: string | undefined, file: string): KeyRecord {
  if (configured) return { source: 'environment', fingerprint: fingerprint(Buffer.from(configured, 'base64')) };
  if (existsSync(file)) {
    return { source: 'file', fingerprint: fingerprint(Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')) };
  }
  return { source: 'none', fingerprint: null };
}

function keysOf(config: Config): Manifest['keys'] {
  return {
    audit: keyRecord(config.auditKey, path.join(config.dataDir, 'keys', 'audit.key')),
    personalData: keyRecord(config.dataKey, path.join(config.dataDir, 'keys', 'personal-data.key')),
  };
}

/** Regular files under `root`, as sorted relative paths with forward slashes. */
function filesUnder(root: string, skipTop: string[] = []): string[] {
  if (!existsSync(root)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const relative = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/');
    if (skipTop.includes(relative.split('/')[0]!)) continue;
    found.push(relative);
  }
  return found.sort();
}

function migrationsOfSqlite(file: string): Manifest['schema'] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare('select name from kysely_migration order by name').all() as { name: string }[];
    return { lastMigration: rows.at(-1)?.name ?? null, migrations: rows.length };
  } finally {
    db.close();
  }
}

async function migrationsOfPostgres(url: string): Promise<Manifest['schema']> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>('select name from kysely_migration order by name');
    return { lastMigration: rows.at(-1)?.name ?? null, migrations: rows.length };
  } finally {
    await client.end();
  }
}

export interface BackupResult {
  file: string;
  manifest: Manifest;
  bytes: number;
}

/**
 * Writes the backup to `file` (through `file.part`, renamed when complete; 0600). The order keeps
 * it consistent while Concord runs: the checkpoint file first (every checkpoint in it then names
 * rows the database copy holds), the database next, the attachments last (a file is in place
 * before the row that names it commits, so every attachment row of the copy finds its file).
 */
export async function createBackup(
  config: Config,
  file: string,
  options: { force?: boolean; now?: Date } = {},
): Promise<BackupResult> {
  const target = path.resolve(file);
  if (existsSync(target) && !options.force) {
    throw new BackupError(`${target} already exists (choose a new name, or --force to replace it)`);
  }
  const dialect = config.databaseUrl ? 'postgres' : 'sqlite';
  if (dialect === 'sqlite' && !existsSync(config.sqlitePath)) {
    throw new BackupError(`no database at ${config.sqlitePath} (CONCORD_DATA_DIR / CONCORD_SQLITE_PATH)`);
  }
  mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  // Private scratch space beside the target (0700): the database copy waits there.
  const scratch = await mkdtemp(path.join(path.dirname(target), '.concord-backup-'));
  const partial = `${target}.part`;
  await rm(partial, { force: true });
  const writer = await ArchiveWriter.create(partial);
  const files: ManifestFile[] = [];
  const add = async (entry: string, source: string, role: FileRole) => {
    const hash = createHash('sha256');
    const size = await writer.addFile(entry, source, (chunk) => hash.update(chunk));
    files.push({ path: entry, role, size, sha256: hash.digest('hex') });
  };
  try {
    const keysDir = path.join(config.dataDir, 'keys');
    for (const name of filesUnder(keysDir)) {
      if (!KEY_ENTRY.test(`keys/${name}`)) continue;
      await add(`keys/${name}`, path.join(keysDir, name), 'key');
    }
    if (existsSync(config.auditCheckpointFile)) await add(CHECKPOINTS_ENTRY, config.auditCheckpointFile, 'checkpoints');

    let schema: Manifest['schema'];
    let postgres: Manifest['postgres'] = null;
    if (dialect === 'sqlite') {
      const copy = path.join(scratch, 'concord.db');
      const source = new SQLite(config.sqlitePath, { fileMustExist: true });
      try {
        source.pragma('busy_timeout = 5000');
        // A write by another connection restarts SQLite's online backup: after the first step the
        // rest is copied in one step, which a WAL reader does without blocking the writers.
        await source.backup(copy, { progress: ({ totalPages }) => Math.max(totalPages, 100) });
      } finally {
        source.close();
      }
      schema = migrationsOfSqlite(copy);
      await add(SQLITE_ENTRY, copy, 'database');
    } else {
      // A multi-host URL (ADR 0042): the primary's own, for pg_dump/pg_restore and the checks.
      const url = await selectedHostUrl(config.databaseUrl!);
      const server = await serverVersion(url);
      const tool = await findPgTool('pg_dump', server.major);
      schema = await migrationsOfPostgres(url);
      const dump = path.join(scratch, 'concord.pgdump');
      await runPgTool(tool.binary, ['--format=custom', '--no-owner', '--no-privileges', `--file=${dump}`], url);
      postgres = { serverVersion: server.version, dumpedBy: `pg_dump ${tool.major}` };
      await add(PGDUMP_ENTRY, dump, 'database');
    }

    for (const name of filesUnder(config.attachmentsDir, ['tmp'])) {
      const entry = `attachments/${name}`;
      if (!ATTACHMENT_ENTRY.test(entry)) continue;
      await add(entry, path.join(config.attachmentsDir, ...name.split('/')), 'attachment');
    }

    const manifest: Manifest = {
      format: BACKUP_FORMAT,
      formatVersion: BACKUP_FORMAT_VERSION,
      createdAt: (options.now ?? new Date()).toISOString(),
      dialect,
      schema,
      postgres,
      keys: keysOf(config),
      files,
    };
    const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 2) + '\n');
    const mtime = options.now ?? new Date();
    await writer.addBuffer(MANIFEST, manifestBytes, mtime);
    // In sha256sum's format: `sha256sum -c manifest.json.sha256` works on an extracted copy.
    const sum = createHash('sha256').update(manifestBytes).digest('hex');
    await writer.addBuffer(MANIFEST_SUM, Buffer.from(`${sum}  ${MANIFEST}\n`), mtime);
    await writer.finish();
    await rename(partial, target);
    chmodSync(target, 0o600);
    return { file: target, manifest, bytes: statSync(target).size };
  } catch (error) {
    await writer.abandon();
    await rm(partial, { force: true });
    throw error;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** What a restore would overwrite: Concord's own state in the target, by name. */
async function occupied(config: Config): Promise<string[]> {
  const found: string[] = [];
  if (config.databaseUrl) {
    const tables = await tablesIn(await selectedHostUrl(config.databaseUrl));
    if (tables.length > 0) found.push(`${tables.length} tables in the PostgreSQL database (${tables[0]}, …)`);
  } else if (existsSync(config.sqlitePath) && statSync(config.sqlitePath).size > 0) {
    found.push(config.sqlitePath);
  }
  const keys = filesUnder(path.join(config.dataDir, 'keys'));
  if (keys.length > 0) found.push(...keys.map((k) => path.join(config.dataDir, 'keys', k)));
  if (existsSync(config.auditCheckpointFile)) found.push(config.auditCheckpointFile);
  const attachments = filesUnder(config.attachmentsDir, ['tmp']);
  if (attachments.length > 0) found.push(`${attachments.length} files in ${config.attachmentsDir}`);
  return found;
}

function parseManifest(bytes: Buffer): Manifest {
  let value: Manifest;
  try {
    value = JSON.parse(bytes.toString('utf8')) as Manifest;
  } catch {
    throw new BackupError(`${DAMAGED}: ${MANIFEST} is not JSON`);
  }
  if (value?.format !== BACKUP_FORMAT) throw new BackupError(`this is not a Concord backup (${MANIFEST})`);
  if (value.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      `backup format version ${value.formatVersion}: this Concord reads version ${BACKUP_FORMAT_VERSION}`,
    );
  }
  if (!Array.isArray(value.files) || (value.dialect !== 'sqlite' && value.dialect !== 'postgres')) {
    throw new BackupError(`${DAMAGED}: ${MANIFEST} is incomplete`);
  }
  return value;
}

/** What an archive entry is, from its name alone; null for a name a backup never holds. */
function roleOf(name: string): FileRole | null {
  if (name === SQLITE_ENTRY || name === PGDUMP_ENTRY) return 'database';
  if (name === CHECKPOINTS_ENTRY) return 'checkpoints';
  if (KEY_ENTRY.test(name)) return 'key';
  if (ATTACHMENT_ENTRY.test(name)) return 'attachment';
  return null;
}

interface Staged {
  dir: string;
  manifest: Manifest;
}

/**
 * Reads the whole archive into `dir`, hashing as it goes, and checks it against the manifest (whose
 * own SHA-256 is the archive's last file). Throws BackupError naming the first thing wrong.
 */
async function stage(file: string, dir: string): Promise<Staged> {
  const seen = new Map<string, { size: number; sha256: string }>();
  let manifestBytes: Buffer | null = null;
  let manifestSum: string | null = null;
  try {
    for await (const entry of readArchive(file)) {
      if (seen.has(entry.name) || (entry.name === MANIFEST && manifestBytes)) {
        throw new BackupError(`${DAMAGED}: ${entry.name} appears twice`);
      }
      if (entry.name === MANIFEST || entry.name === MANIFEST_SUM) {
        if (entry.size > 64 * 1024 * 1024) throw new BackupError(`${DAMAGED}: ${entry.name} is too large`);
        const parts: Buffer[] = [];
        for await (const chunk of entry.chunks()) parts.push(chunk);
        if (entry.name === MANIFEST) manifestBytes = Buffer.concat(parts);
        else manifestSum = Buffer.concat(parts).toString('utf8');
        continue;
      }
      if (manifestBytes) throw new BackupError(`${DAMAGED}: ${entry.name} follows the manifest`);
      if (!roleOf(entry.name)) throw new BackupError(`${DAMAGED}: unexpected file ${entry.name}`);
      const out = path.join(dir, ...entry.name.split('/'));
      mkdirSync(path.dirname(out), { recursive: true, mode: 0o700 });
      const handle = await open(out, 'wx', 0o600);
      const hash: Hash = createHash('sha256');
      try {
        for await (const chunk of entry.chunks()) {
          hash.update(chunk);
          await handle.write(chunk);
        }
        await handle.sync();
      } finally {
        await handle.close();
      }
      seen.set(entry.name, { size: entry.size, sha256: hash.digest('hex') });
    }
  } catch (error) {
    if (error instanceof ArchiveError) throw new BackupError(`${DAMAGED}: ${error.message}`);
    throw error;
  }
  if (!manifestBytes || manifestSum === null) {
    throw new BackupError(`${DAMAGED}: no ${manifestBytes ? MANIFEST_SUM : MANIFEST} (a cut-off file?)`);
  }
  const sum = createHash('sha256').update(manifestBytes).digest('hex');
  if (manifestSum !== `${sum}  ${MANIFEST}\n`) {
    throw new BackupError(`${DAMAGED}: ${MANIFEST} does not match its SHA-256 in ${MANIFEST_SUM}`);
  }
  const manifest = parseManifest(manifestBytes);
  const listed = new Set<string>();
  for (const expected of manifest.files) {
    listed.add(expected.path);
    const actual = seen.get(expected.path);
    if (!actual) throw new BackupError(`${DAMAGED}: ${expected.path} is listed in the manifest but missing`);
    if (actual.size !== expected.size || actual.sha256 !== expected.sha256) {
      throw new BackupError(`${DAMAGED}: ${expected.path} does not match its SHA-256 in the manifest`);
    }
  }
  for (const name of seen.keys()) {
    if (!listed.has(name)) throw new BackupError(`${DAMAGED}: ${name} is not in the manifest`);
  }
  return { dir, manifest };
}

/** A key the backup does not hold must be the one this environment gives, or nothing decrypts. */
function checkKeys(config: Config, manifest: Manifest): void {
  const pairs = [
    ['audit', 'CONCORD_AUDIT_KEY', config.auditKey, manifest.keys.audit, 'audit.key'],
    ['personal-data', 'CONCORD_DATA_KEY', config.dataKey, manifest.keys.personalData, 'personal-data.key'],
  ] as const;
  for (const [what, variable, configured, recorded, fileName] of pairs) {
    const inBackup = manifest.files.some((f) => f.path === `keys/${fileName}`);
    if (recorded.source === 'environment' && !configured) {
      throw new BackupError(
        `the backup's ${what} key came from ${variable} (fingerprint ${recorded.fingerprint}) and is not in the backup: set ${variable} to that key`,
      );
    }
    if (configured && recorded.fingerprint && fingerprint(Buffer.from(configured, 'base64')) !== recorded.fingerprint) {
      throw new BackupError(
        `${variable} is not the ${what} key of the backup (fingerprint ${recorded.fingerprint}${inBackup ? `, in keys/${fileName}` : ''}): unset it or set the backup's key`,
      );
    }
  }
}

async function place(from: string, to: string): Promise<void> {
  mkdirSync(path.dirname(to), { recursive: true, mode: 0o700 });
  try {
    await rename(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
    await copyFile(from, to);
    await unlink(from);
  }
  chmodSync(to, 0o600);
}

export interface RestoreResult {
  manifest: Manifest;
  attachments: number;
}

/**
 * Restores a backup into the configured data folder and database. Refuses a target holding any of
 * Concord's state unless `force`; checks every file of the archive before writing anything.
 */
export async function restoreBackup(
  config: Config,
  file: string,
  options: { force?: boolean; knownMigrations: readonly string[] },
): Promise<RestoreResult> {
  const source = path.resolve(file);
  if (!existsSync(source)) throw new BackupError(`no backup at ${source}`);
  const inTheWay = await occupied(config);
  if (inTheWay.length > 0 && !options.force) {
    throw new BackupError(
      `目标不是空的 / The target is not empty: ${inTheWay.join(', ')} — restore into an empty data folder and database, or --force to replace them (stop Concord first)`,
    );
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(path.join(config.dataDir, '.restore-'));
  try {
    const { manifest } = await stage(source, dir);
    const dialect = config.databaseUrl ? 'postgres' : 'sqlite';
    if (manifest.dialect !== dialect) {
      throw new BackupError(
        `this backup holds a ${manifest.dialect === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database; the target is ${dialect === 'sqlite' ? 'SQLite (no DATABASE_URL)' : 'PostgreSQL (DATABASE_URL)'}`,
      );
    }
    const last = manifest.schema.lastMigration;
    if (last && !options.knownMigrations.includes(last)) {
      throw new BackupError(
        `the backup's schema (${last}) is newer than this Concord: restore with the version that made it`,
      );
    }
    checkKeys(config, manifest);
    const databaseEntry = dialect === 'sqlite' ? SQLITE_ENTRY : PGDUMP_ENTRY;
    if (!manifest.files.some((f) => f.path === databaseEntry)) {
      throw new BackupError(`${DAMAGED}: no ${databaseEntry} in the backup`);
    }

    // The database first: if it fails, nothing else has moved.
    if (dialect === 'postgres') {
      // A multi-host URL (ADR 0042): the primary's own, for pg_dump/pg_restore and the checks.
      const url = await selectedHostUrl(config.databaseUrl!);
      const server = await serverVersion(url);
      const dumpedBy = Number(/\d+/.exec(manifest.postgres?.dumpedBy ?? '')?.[0] ?? 0);
      const tool = await findPgTool('pg_restore', Math.max(server.major, dumpedBy));
      await runPgTool(
        tool.binary,
        [
          '--no-owner',
          '--no-privileges',
          '--exit-on-error',
          '--single-transaction',
          ...(options.force ? ['--clean', '--if-exists'] : []),
          path.join(dir, ...databaseEntry.split('/')),
        ],
        url,
      );
    } else {
      // A -wal beside the old file would be replayed into the restored one.
      for (const suffix of ['-wal', '-shm', '-journal']) await rm(config.sqlitePath + suffix, { force: true });
      await place(path.join(dir, ...databaseEntry.split('/')), config.sqlitePath);
    }
    let attachments = 0;
    for (const entry of manifest.files) {
      const staged = path.join(dir, ...entry.path.split('/'));
      const role = roleOf(entry.path);
      if (role === 'key') await place(staged, path.join(config.dataDir, ...entry.path.split('/')));
      else if (role === 'checkpoints') await place(staged, config.auditCheckpointFile);
      else if (role === 'attachment') {
        await place(staged, path.join(config.attachmentsDir, ...entry.path.split('/').slice(1)));
        attachments += 1;
      }
    }
    return { manifest, attachments };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
