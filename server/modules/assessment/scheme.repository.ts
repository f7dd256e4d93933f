// The scheme versions and the stored score snapshots (Kysely only).
import type { Db, Trx } from '../../context.ts';
import { userNames } from '../auth/index.ts';
import { normaliseRules, type SchemeRules } from './scheme.ts';

type Executor = Db | Trx;

export interface SchemeVersion {
  id: number;
  version: number;
  name: string;
  effectiveFrom: string;
  rules: SchemeRules;
  note: string | null;
  createdAt: string;
  /** Who added the version (the display name); null for the migration's default. */
  createdByName: string | null;
}

function toVersion(
  row: {
    id: number;
    version: number;
    name: string;
    effective_from: string;
    rules: string;
    note: string | null;
    created_at: string;
  },
  createdByName: string | null = null,
): SchemeVersion {
  return {
    id: row.id,
    version: row.version,
    name: row.name,
    effectiveFrom: row.effective_from,
    rules: normaliseRules(JSON.parse(row.rules) as SchemeRules),
    note: row.note,
    createdAt: row.created_at,
    createdByName,
  };
}

/** Every version, newest first. */
export async function listSchemes(db: Executor): Promise<SchemeVersion[]> {
  const rows = await db.selectFrom('assessment_scheme').selectAll().orderBy('version', 'desc').execute();
  const names = await userNames(
    db,
    rows.map((r) => r.created_by),
  );
  return rows.map((row) => toVersion(row, row.created_by === null ? null : (names.get(row.created_by) ?? null)));
}

/**
 * The version in force on a Beijing day: the one with the latest effective day not after it, the
 * newer version when two start on the same day. The migration's default is in force from 2000.
 */
export async function schemeInForce(db: Executor, day: string): Promise<SchemeVersion> {
  const row = await db
    .selectFrom('assessment_scheme')
    .selectAll()
    .where('effective_from', '<=', day)
    .orderBy('effective_from', 'desc')
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new Error(`no assessment scheme in force on ${day}`);
  return toVersion(row);
}

export async function insertScheme(
  db: Executor,
  input: {
    name: string;
    effectiveFrom: string;
    rules: SchemeRules;
    note: string | null;
    createdBy: number;
    at: string;
  },
): Promise<SchemeVersion> {
  const last = await db
    .selectFrom('assessment_scheme')
    .select((eb) => eb.fn.max('version').as('version'))
    .executeTakeFirst();
  const version = Number(last?.version ?? 0) + 1;
  const row = await db
    .insertInto('assessment_scheme')
    .values({
      version,
      name: input.name,
      effective_from: input.effectiveFrom,
      rules: JSON.stringify(normaliseRules(input.rules)),
      note: input.note,
      created_by: input.createdBy,
      created_at: input.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const names = await userNames(db, [input.createdBy]);
  return toVersion(row, names.get(input.createdBy) ?? null);
}

export interface ScoreKey {
  period: string;
  level: string;
  withinUnitId: number;
}

export async function findScore(db: Executor, key: ScoreKey) {
  return db
    .selectFrom('assessment_score')
    .selectAll()
    .where('period', '=', key.period)
    .where('level', '=', key.level)
    .where('within_unit_id', '=', key.withinUnitId)
    .executeTakeFirst();
}

/** Replaces the snapshot of `key` (a recompute keeps one snapshot per period, level and unit). */
export async function saveScore(
  db: Executor,
  key: ScoreKey,
  input: { schemeId: number; schemeVersion: number; rows: unknown; computedBy: number | null; at: string },
) {
  await db
    .deleteFrom('assessment_score')
    .where('period', '=', key.period)
    .where('level', '=', key.level)
    .where('within_unit_id', '=', key.withinUnitId)
    .execute();
  return db
    .insertInto('assessment_score')
    .values({
      period: key.period,
      level: key.level,
      within_unit_id: key.withinUnitId,
      scheme_id: input.schemeId,
      scheme_version: input.schemeVersion,
      rows: JSON.stringify(input.rows),
      computed_by: input.computedBy,
      computed_at: input.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The scheme ids some stored score was computed by. */
export async function usedSchemeIds(db: Executor): Promise<Set<number>> {
  const rows = await db.selectFrom('assessment_score').select('scheme_id').distinct().execute();
  return new Set(rows.map((r) => r.scheme_id));
}
