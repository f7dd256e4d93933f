// Kysely over the credit tables. Records are scoped by the subject's path (copied at creation), one
// indexed range per jurisdiction root.
import type { Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type {
  CreditObjectionTable,
  CreditRecordTable,
  CreditRecordVersionTable,
  CreditRuleTable,
  Direction,
  SourceKind,
  SubjectKind,
} from './credit.table.ts';

type Executor = Db | Trx;
export type RuleRow = Selectable<CreditRuleTable>;
export type RecordRow = Selectable<CreditRecordTable>;
export type VersionRow = Selectable<CreditRecordVersionTable>;
export type ObjectionRow = Selectable<CreditObjectionTable>;

export async function listRules(db: Executor): Promise<RuleRow[]> {
  return db.selectFrom('credit_rule').selectAll().orderBy('code').execute();
}

export async function findRule(db: Executor, code: string): Promise<RuleRow | undefined> {
  return db.selectFrom('credit_rule').selectAll().where('code', '=', code).executeTakeFirst();
}

/** The active rule that applies to a source kind by itself (the first by code), if any. */
export async function ruleForSource(db: Executor, source: SourceKind): Promise<RuleRow | undefined> {
  return db
    .selectFrom('credit_rule')
    .selectAll()
    .where('source_kind', '=', source)
    .where('active', '=', 1)
    .orderBy('code')
    .executeTakeFirst();
}

export async function findRecord(db: Executor, id: number): Promise<RecordRow | undefined> {
  return db.selectFrom('credit_record').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findRecordBySource(
  db: Executor,
  key: { sourceKind: SourceKind; sourceId: number; subjectKind: SubjectKind; subjectId: number },
): Promise<RecordRow | undefined> {
  return db
    .selectFrom('credit_record')
    .selectAll()
    .where('source_kind', '=', key.sourceKind)
    .where('source_id', '=', key.sourceId)
    .where('subject_kind', '=', key.subjectKind)
    .where('subject_id', '=', key.subjectId)
    .executeTakeFirst();
}

export interface RecordFilter {
  scopePaths: string[];
  subjectKind?: SubjectKind | undefined;
  subjectId?: number | undefined;
  direction?: Direction | undefined;
  sourceKind?: SourceKind | undefined;
  status?: string | undefined;
  /** Records with a pending objection only. */
  objected?: boolean | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listRecords(db: Executor, filter: RecordFilter): Promise<RecordRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = db
    .selectFrom('credit_record')
    .selectAll()
    .where((eb) =>
      eb.or(
        filter.scopePaths.map((p) =>
          eb.and([eb('subject_path', '>=', p), eb('subject_path', '<', subtreeUpperBound(p))]),
        ),
      ),
    );
  if (filter.subjectKind) query = query.where('subject_kind', '=', filter.subjectKind);
  if (filter.subjectId !== undefined) query = query.where('subject_id', '=', filter.subjectId);
  if (filter.direction) query = query.where('direction', '=', filter.direction);
  if (filter.sourceKind) query = query.where('source_kind', '=', filter.sourceKind);
  if (filter.status === 'in_force' || filter.status === 'revoked') query = query.where('status', '=', filter.status);
  if (filter.objected)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('credit_objection')
          .select('credit_objection.id')
          .whereRef('credit_objection.record_id', '=', 'credit_record.id')
          .where('credit_objection.status', '=', 'pending'),
      ),
    );
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(filter.limit).execute();
}

export async function versionsOf(db: Executor, recordId: number): Promise<VersionRow[]> {
  return db
    .selectFrom('credit_record_version')
    .selectAll()
    .where('record_id', '=', recordId)
    .orderBy('version')
    .execute();
}

export async function objectionsOf(db: Executor, recordIds: number[]): Promise<ObjectionRow[]> {
  if (recordIds.length === 0) return [];
  return db.selectFrom('credit_objection').selectAll().where('record_id', 'in', recordIds).orderBy('id').execute();
}

export async function findObjection(db: Executor, id: number): Promise<ObjectionRow | undefined> {
  return db.selectFrom('credit_objection').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Versions made in [from, to) of records under the scope, oldest first, with their record. */
export async function versionsMadeBetween(
  db: Executor,
  scopePaths: string[],
  from: string,
  to: string,
  limit: number,
): Promise<(VersionRow & { record: RecordRow })[]> {
  if (scopePaths.length === 0) return [];
  const rows = await db
    .selectFrom('credit_record_version as v')
    .innerJoin('credit_record as r', 'r.id', 'v.record_id')
    .selectAll('v')
    .select([
      'r.subject_kind as r_subject_kind',
      'r.subject_id as r_subject_id',
      'r.subject_unit_id as r_subject_unit_id',
      'r.subject_path as r_subject_path',
      'r.source_kind as r_source_kind',
      'r.source_id as r_source_id',
      'r.source_ref as r_source_ref',
    ])
    .where('v.made_at', '>=', from)
    .where('v.made_at', '<', to)
    .where((eb) =>
      eb.or(
        scopePaths.map((p) => eb.and([eb('r.subject_path', '>=', p), eb('r.subject_path', '<', subtreeUpperBound(p))])),
      ),
    )
    .orderBy('v.made_at')
    .orderBy('v.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    record_id: r.record_id,
    version: r.version,
    rule_code: r.rule_code,
    rule_name: r.rule_name,
    direction: r.direction,
    score: r.score,
    valid_from: r.valid_from,
    valid_until: r.valid_until,
    status: r.status,
    reason: r.reason,
    objection_id: r.objection_id,
    made_by: r.made_by,
    made_at: r.made_at,
    record: {
      id: r.record_id,
      subject_kind: r.r_subject_kind,
      subject_id: r.r_subject_id,
      subject_unit_id: r.r_subject_unit_id,
      subject_path: r.r_subject_path,
      source_kind: r.r_source_kind,
      source_id: r.r_source_id,
      source_ref: r.r_source_ref,
      version: r.version,
      rule_code: r.rule_code,
      direction: r.direction,
      score: r.score,
      valid_from: r.valid_from,
      valid_until: r.valid_until,
      status: r.status,
      created_by: null,
      created_at: r.made_at,
      updated_at: r.made_at,
    },
  }));
}
