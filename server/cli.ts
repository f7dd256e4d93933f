// concord <command>: migrate, seed, user …, audit verify, import cases, backup, restore.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from './config.ts';
import { createContext } from './app.ts';
import { readCheckpointFile, storedCheckpoints } from './platform/audit/checkpoints.ts';
import { addMembership, createUser, findUserByUsername, resetPassword, setUserDisabled } from './modules/auth/index.ts';
import { findUnitByCode } from './modules/org/index.ts';
import { loadReferenceData } from './reference-data.ts';
import { seedDemo } from './demo/seed-demo.ts';
import {
  DEFAULT_SYSTEM,
  importWorkOrders,
  readWorkOrderSheet,
  serviceAccountFor,
  sweepDeadlines,
  type ImportReport,
} from './modules/cases/index.ts';
import { anchorPathOf, findServiceAccountBySystem, type Actor } from './modules/auth/index.ts';
// The CLI is no module: it loads an account's memberships the way a session does.
import { loadActorMemberships } from './modules/auth/sessions.ts';
import { listUnits, type OrgUnitRow } from './modules/org/index.ts';
import { deliverNotifications, notificationRouter } from './notifications.ts';
import type { AppContext } from './context.ts';
import { AppError } from './platform/http/errors.ts';
import { CLASSIFY_HELP, runClassify } from './modules/suggestions/index.ts';
import { createBackup, restoreBackup } from './backup/backup.ts';
import { migrations } from './migrations/index.ts';

const HELP = `concord <command>

  migrate                                   apply database migrations
  seed                                      load the regions (and, in demo mode, the demo county and accounts)
  user create <username> --name <name> [--unit <code> --role <role>] [--password <pw>]
                                            create an account; prints a temporary password unless given
  user add-membership <username> <unitCode> <role>
  user reset-password <username> [--password <pw>]
                                            new temporary password (or the one given), forced change
                                            at next login; the owner is notified
                                            A password given with --password must have 10+ characters
                                            with letters and digits, not be common or the username.
  user disable <username> | user enable <username>
  audit verify [--checkpoints FILE]         check the keyed audit chain against its signed checkpoints
                                            (default CONCORD_DATA_DIR/audit-checkpoints.jsonl); names
                                            the first edited, missing or cut-off row and exits 2
  sweep                                     run the deadline sweeper and the notifier once (cron, tests)
  import cases FILE.xlsx [--unit CODE] [--system 12345] [--as USERNAME] [--dry-run]
                                            import a 12345 hotline export (docs/import-12345.md): each row
                                            registered once by its 工单编号 (a second run creates nothing);
                                            prints a summary and the rejected rows with their reasons.
                                            --unit: the area (and where rows without a unit go); --as: act
                                            as that account, else as the system for the service account of
                                            --system (which must exist unless --dry-run). Exit 0 when the
                                            file was read (rejections are reported), 1 when it was not
  backup FILE [--force]                     write one archive (0600) of the database (SQLite online
                                            backup, or pg_dump -Fc), the keys and audit checkpoints
                                            of the data folder and the attachments, with a manifest of
                                            SHA-256s; safe while Concord runs. --force replaces FILE
  restore FILE [--force]                    check every byte of a backup, then restore it into an
                                            empty data folder and database (--force: replace what is
                                            there; stop Concord first). Then run \`concord audit verify\`
${CLASSIFY_HELP}

Environment: DATABASE_URL (PostgreSQL) or CONCORD_DATA_DIR (SQLite), CONCORD_MODE, CONCORD_DATA_KEY,
CONCORD_AUDIT_KEY (else CONCORD_DATA_DIR/keys/audit.key).`;

const SYSTEM = { actor: { userId: null, username: 'cli', role: null, unitId: null }, clientIp: null };

async function userByName(ctx: AppContext, username: string | undefined) {
  if (!username) throw new Error('username is required');
  const user = await findUserByUsername(ctx.db, username);
  if (!user) throw new Error(`no user "${username}"`);
  return user;
}

async function unitByCode(ctx: AppContext, code: string | undefined) {
  if (!code) throw new Error('unit code is required');
  const unit = await findUnitByCode(ctx.db, code);
  if (!unit) throw new Error(`no unit with code "${code}"`);
  return unit;
}

const STATUS_WORDS: Record<string, string> = {
  created: 'created 已导入',
  already_imported: 'already imported 此前已导入',
  ready: 'ready 可导入',
  rejected: 'rejected 未导入',
};

/**
 * Acting without an account: an operator's reach over `unit`, speaking for the service account
 * through its backing account (`svc:<name>`, the cases' creator); 0 for a dry run without one.
 */
function systemActor(unit: OrgUnitRow, userId: number): Actor {
  return {
    userId,
    username: 'cli',
    displayName: 'concord import',
    sessionId: 0,
    restriction: null,
    serviceAccount: null,
    memberships: [
      {
        id: 0,
        unitId: unit.id,
        unitName: unit.name,
        unitCode: unit.code,
        unitType: unit.type,
        unitLevel: unit.level,
        unitPath: unit.path,
        role: 'operator',
        anchorPath: anchorPathOf(unit),
      },
    ],
  };
}

async function importCases(
  ctx: AppContext,
  file: string | undefined,
  values: {
    unit?: string | undefined;
    system?: string | undefined;
    as?: string | undefined;
    'dry-run'?: boolean | undefined;
  },
): Promise<number> {
  if (!file) throw new Error('usage: concord import cases FILE.xlsx [--unit CODE] [--system 12345] [--dry-run]');
  let content: Buffer;
  try {
    content = readFileSync(file);
  } catch (error) {
    throw new Error(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const system = values.system ?? DEFAULT_SYSTEM;
  if (!/^[a-z0-9][a-z0-9_-]{0,39}$/.test(system))
    throw new Error(`--system "${system}": lower-case letters, digits, - and _`);
  const dryRun = values['dry-run'] === true;
  const unit = values.unit ? await unitByCode(ctx, values.unit) : undefined;
  const serviceAccountId = await serviceAccountFor(ctx, system);
  let actor: Actor;
  if (values.as) {
    const account = await findUserByUsername(ctx.db, values.as);
    if (!account || account.disabled) throw new Error(`no active user "${values.as}"`);
    actor = {
      userId: account.id,
      username: account.username,
      displayName: account.display_name,
      sessionId: 0,
      restriction: null,
      serviceAccount: null,
      memberships: await loadActorMemberships(ctx, account.id),
    };
  } else {
    if (serviceAccountId === null && !dryRun) {
      throw new Error(
        `没有系统 ${system} 的服务账号 / No service account for system ${system}: create one, or import --as USERNAME`,
      );
    }
    const area =
      unit ?? (await listUnits(ctx.db, { level: 'province', type: 'region', scopePaths: ['/'], limit: 1 }))[0];
    if (!area) throw new Error('no regions loaded: run concord seed first');
    const backing = serviceAccountId === null ? null : await findServiceAccountBySystem(ctx.db, system);
    actor = systemActor(area, backing?.userId ?? 0);
  }
  const sheet = await readWorkOrderSheet(content);
  const report: ImportReport = await importWorkOrders(ctx, actor, sheet, {
    system,
    dryRun,
    defaultUnit: unit,
    serviceAccountId,
    clientIp: null,
    auditActor: values.as ? undefined : SYSTEM.actor,
    onProgress: (done, total) => {
      if (done % 500 === 0 && done < total) console.error(`${done}/${total}`);
    },
  });
  console.log(
    `${dryRun ? 'dry run: ' : ''}${report.total} rows: ${report.created} created, ${report.alreadyImported} already imported, ` +
      `${report.ready} ready, ${report.rejected} rejected (system ${system}${serviceAccountId === null ? ', no service account' : ''})`,
  );
  for (const row of report.rows) {
    if (row.status === 'created' || row.status === 'already_imported') {
      if (report.total <= 50)
        console.log(`row ${row.row} ${row.externalId ?? ''}: ${STATUS_WORDS[row.status]} ${row.caseNumber ?? ''}`);
    }
  }
  for (const row of report.rows.filter((r) => r.status === 'rejected')) {
    console.log(`row ${row.row} ${row.externalId ?? '-'}: ${STATUS_WORDS.rejected}: ${row.reasons.join('; ')}`);
  }
  return 0;
}

async function backupCommand(
  command: 'backup' | 'restore',
  file: string | undefined,
  config: ReturnType<typeof loadConfig>,
  force: boolean | undefined,
): Promise<number> {
  if (!file) {
    console.error(`usage: concord ${command} FILE [--force]`);
    return 1;
  }
  try {
    if (command === 'backup') {
      const { file: written, manifest, bytes } = await createBackup(config, file, { force });
      const attachments = manifest.files.filter((f) => f.role === 'attachment').length;
      console.log(
        `backup written: ${written} (${bytes} bytes; ${manifest.dialect} database at ${manifest.schema.lastMigration ?? 'no migrations'}, ` +
          `${manifest.files.filter((f) => f.role === 'key').length} keys, ${attachments} attachments)`,
      );
      console.log('it holds the keys: keep it as secret as the data folder');
      return 0;
    }
    const { manifest, attachments } = await restoreBackup(config, file, {
      force,
      knownMigrations: Object.keys(migrations),
    });
    console.log(
      `restored the backup of ${manifest.createdAt}: ${manifest.dialect} database at ${manifest.schema.lastMigration ?? 'no migrations'}, ` +
        `${manifest.files.filter((f) => f.role === 'key').length} keys, ${attachments} attachments into ${config.dataDir}`,
    );
    console.log('next: concord audit verify');
    return 0;
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      unit: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      checkpoints: { type: 'string' },
      system: { type: 'string' },
      as: { type: 'string' },
      'dry-run': { type: 'boolean' },
      input: { type: 'string' },
      model: { type: 'string' },
      folds: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, sub, ...rest] = positionals;
  if (!command || values.help) {
    console.log(HELP);
    return command ? 0 : 1;
  }
  // The learner needs no database: it runs on a clean clone.
  if (command === 'classify') {
    return runClassify(sub, values, {
      out: (line) => process.stdout.write(`${line}\n`),
      err: (line) => process.stderr.write(`${line}\n`),
      readStdin: async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks).toString('utf8');
      },
    });
  }
  const config = loadConfig();
  // Neither opens the app: a backup changes nothing, a restore needs the target untouched.
  if (command === 'backup' || command === 'restore') return await backupCommand(command, sub, config, values.force);
  const { ctx, database } = await createContext(config);
  try {
    switch (`${command} ${sub ?? ''}`.trim()) {
      case 'migrate':
        console.log('migrations are up to date');
        return 0;
      case 'seed': {
        if (config.seedDemo) {
          const result = await seedDemo(ctx);
          console.log(
            `seeded: regions ${result.regionsLoaded ? 'loaded' : 'already present'}, ${result.grids} grids, ${result.accounts} accounts`,
          );
        } else {
          const result = await loadReferenceData(ctx);
          console.log(
            result.loaded ? `loaded ${result.regions} regions and ${result.units} units` : 'regions already loaded',
          );
        }
        return 0;
      }
      case 'user create': {
        const username = rest[0] ?? '';
        const memberships = [];
        if (values.unit || values.role) {
          if (!values.unit || !values.role) throw new Error('--unit and --role go together');
          memberships.push({ unitId: (await unitByCode(ctx, values.unit)).id, role: values.role });
        }
        const created = await createUser(ctx, SYSTEM, {
          username,
          displayName: values.name ?? username,
          password: values.password,
          memberships,
        });
        console.log(`created user ${username} (id ${created.id}); password must be changed at first login`);
        if (created.temporaryPassword) console.log(`temporary password: ${created.temporaryPassword}`);
        return 0;
      }
      case 'user add-membership': {
        const user = await userByName(ctx, rest[0]);
        const unit = await unitByCode(ctx, rest[1]);
        await addMembership(ctx, SYSTEM, user.id, { unitId: unit.id, role: rest[2] ?? '' });
        console.log(`${user.username} is now ${rest[2]} at ${unit.name} (${unit.code})`);
        return 0;
      }
      case 'user reset-password': {
        const user = await userByName(ctx, rest[0]);
        const { temporaryPassword } = await resetPassword(ctx, SYSTEM, user.id, values.password);
        console.log(`password of ${user.username} reset; sessions revoked; change required at next login`);
        console.log(`temporary password: ${temporaryPassword}`);
        return 0;
      }
      case 'user disable':
      case 'user enable': {
        const user = await userByName(ctx, rest[0]);
        await setUserDisabled(ctx, SYSTEM, user.id, sub === 'disable');
        console.log(`${user.username} ${sub === 'disable' ? 'disabled; sessions revoked' : 'enabled'}`);
        return 0;
      }
      case 'sweep': {
        const swept = await sweepDeadlines(ctx, config.autoCloseDays);
        const sent = await deliverNotifications(
          ctx,
          notificationRouter(ctx, (line) => console.log(JSON.stringify(line))),
        );
        console.log(`sweep: ${JSON.stringify(swept)} notifications: ${JSON.stringify(sent)}`);
        return 0;
      }
      case 'import cases':
        return await importCases(ctx, rest[0], values);
      case 'audit verify': {
        // The file outside the database is the anchor; the database's own copies add nothing an
        // attacker could not delete, but they name checkpoints a lost file would have held.
        const file = values.checkpoints ?? config.auditCheckpointFile;
        const checkpoints = [...readCheckpointFile(file), ...(await storedCheckpoints(ctx.db))];
        const result = await ctx.audit.verify(ctx.db, { checkpoints, now: ctx.clock.now() });
        // Rows committed in the last moments wait for the chainer of a running Concord (ADR 0038).
        const waiting =
          result.pending.count > 0
            ? `; ${result.pending.count} rows written but not yet chained (oldest ${Math.round((result.pending.oldestAgeMs ?? 0) / 1000)} s before the newest)`
            : '';
        if (result.ok) {
          console.log(
            `audit chain OK: ${result.checked} rows verified against ${checkpoints.length} checkpoints (${file})${waiting}`,
          );
          return 0;
        }
        const broken = result.broken!;
        const where = broken.link !== null ? `link ${broken.link}` : `row ${broken.row} (not yet chained)`;
        console.error(
          `audit chain BROKEN at ${where}: ${broken.reason} (${result.checked} rows verified before it)${waiting}`,
        );
        return 2;
      }
      default:
        console.error(`unknown command: ${positionals.join(' ')}\n\n${HELP}`);
        return 1;
    }
  } catch (error) {
    if (error instanceof AppError) {
      const details = error.details ? ` ${JSON.stringify(error.details)}` : '';
      console.error(`error: ${error.message}${details}`);
    } else {
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
    return 1;
  } finally {
    await database.close();
  }
}

process.exitCode = await run(process.argv.slice(2));
