// Kysely over the screening ledgers: schedules, screening records and their findings.
import type { Db, Trx } from '../../context.ts';
import { isWithin, subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { RiskGrade, ScreeningFrequency } from '../../../common/safety.ts';
import { unitNames } from '../org/index.ts';

type Executor = Db | Trx;

/** A screening recorded where no schedule applies is filed by month. */
export const UNSCHEDULED_FREQUENCY: ScreeningFrequency = 'monthly';

export interface ScheduleRow {
  unitId: number;
  path: string;
  frequency: ScreeningFrequency;
  updatedAt: string;
}

export async function loadSchedules(db: Executor): Promise<ScheduleRow[]> {
  const rows = await db
    .selectFrom('screening_schedule')
    .select(['unit_id', 'unit_path', 'frequency', 'updated_at'])
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, path: r.unit_path, frequency: r.frequency, updatedAt: r.updated_at }));
}

/**
 * The schedule of the nearest unit at or above `path` that has one; null where none applies (the
 * grids and villages of a county that has not set up screening are not expected to screen).
 */
export function frequencyAt(path: string, schedules: readonly ScheduleRow[]): ScreeningFrequency | null {
  return scheduleAt(path, schedules)?.frequency ?? null;
}

export function scheduleAt(path: string, schedules: readonly ScheduleRow[]): ScheduleRow | null {
  let best: ScheduleRow | undefined;
  for (const s of schedules) if (isWithin(path, s.path) && (!best || s.path.length > best.path.length)) best = s;
  return best ?? null;
}

/** The schedules not inside another one's subtree: where the ledgers to check live. */
export function scheduleRoots(schedules: readonly ScheduleRow[]): ScheduleRow[] {
  return schedules.filter((s) => !schedules.some((o) => o !== s && o.path !== s.path && isWithin(s.path, o.path)));
}

export async function saveSchedule(
  db: Executor,
  unit: { id: number; path: string },
  frequency: ScreeningFrequency,
  userId: number | null,
  at: string,
): Promise<void> {
  const values = { frequency, updated_by: userId, updated_at: at };
  await db
    .insertInto('screening_schedule')
    .values({ unit_id: unit.id, unit_path: unit.path, ...values })
    .onConflict((oc) => oc.column('unit_id').doUpdateSet(values))
    .execute();
}

export interface ScreeningRow {
  id: number;
  unitId: number;
  unitPath: string;
  unitName: string;
  frequency: ScreeningFrequency;
  period: string;
  screenedBy: number;
  screenedByName: string;
  doneAt: string;
  note: string | null;
  createdAt: string;
  findingCount: number;
}

function screeningQuery(db: Executor) {
  return db.selectFrom('screening_record').select((eb) => [
    'screening_record.id',
    'screening_record.unit_id',
    'screening_record.unit_path',
    'screening_record.frequency',
    'screening_record.period',
    'screening_record.screened_by',
    'screening_record.screened_by_name',
    'screening_record.done_at',
    'screening_record.note',
    'screening_record.created_at',
    eb
      .selectFrom('screening_finding')
      .select((f) => f.fn.countAll<string>().as('n'))
      .whereRef('screening_finding.screening_id', '=', 'screening_record.id')
      .as('finding_count'),
  ]);
}

type ScreeningSelect = Awaited<ReturnType<ReturnType<typeof screeningQuery>['execute']>>[number];

const toScreening = (r: ScreeningSelect, names: Map<number, string>): ScreeningRow => ({
  id: r.id,
  unitId: r.unit_id,
  unitPath: r.unit_path,
  unitName: names.get(r.unit_id) ?? '',
  frequency: r.frequency,
  period: r.period,
  screenedBy: r.screened_by,
  screenedByName: r.screened_by_name,
  doneAt: r.done_at,
  note: r.note,
  createdAt: r.created_at,
  findingCount: Number(r.finding_count ?? 0),
});

export async function findScreening(db: Executor, id: number): Promise<ScreeningRow | undefined> {
  const row = await screeningQuery(db).where('screening_record.id', '=', id).executeTakeFirst();
  return row ? toScreening(row, await unitNames(db, [row.unit_id])) : undefined;
}

export interface ScreeningFilter {
  scopePaths: string[];
  withinPath?: string | undefined;
  /** Screenings done in [from, to). */
  from?: string | undefined;
  to?: string | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** Newest first, inside the jurisdiction. */
export async function listScreenings(db: Executor, filter: ScreeningFilter): Promise<ScreeningRow[]> {
  if (filter.scopePaths.length === 0) return [];
  let query = screeningQuery(db).where((eb) =>
    eb.or(
      filter.scopePaths.map((p) =>
        eb.and([
          eb('screening_record.unit_path', '>=', p),
          eb('screening_record.unit_path', '<', subtreeUpperBound(p)),
        ]),
      ),
    ),
  );
  if (filter.withinPath !== undefined) {
    query = query
      .where('screening_record.unit_path', '>=', filter.withinPath)
      .where('screening_record.unit_path', '<', subtreeUpperBound(filter.withinPath));
  }
  if (filter.from !== undefined) query = query.where('screening_record.done_at', '>=', filter.from);
  if (filter.to !== undefined) query = query.where('screening_record.done_at', '<', filter.to);
  if (filter.beforeId !== undefined) query = query.where('screening_record.id', '<', filter.beforeId);
  const rows = await query.orderBy('screening_record.id', 'desc').limit(filter.limit).execute();
  const names = await unitNames(db, [...new Set(rows.map((r) => r.unit_id))]);
  return rows.map((r) => toScreening(r, names));
}

export async function insertScreening(
  trx: Trx,
  row: {
    unit_id: number;
    unit_path: string;
    frequency: ScreeningFrequency;
    period: string;
    screened_by: number;
    screened_by_name: string;
    done_at: string;
    note: string | null;
    created_at: string;
  },
): Promise<number> {
  const inserted = await trx.insertInto('screening_record').values(row).returning('id').executeTakeFirstOrThrow();
  return inserted.id;
}

export interface ScreenedPeriod {
  unitId: number;
  period: string;
  lastDoneAt: string;
}

/** Which units under `path` screened which of `periods` (and when last). */
export async function screenedPeriods(
  db: Executor,
  path: string,
  periods: readonly string[],
): Promise<ScreenedPeriod[]> {
  if (periods.length === 0) return [];
  const rows = await db
    .selectFrom('screening_record')
    .select((eb) => ['unit_id', 'period', eb.fn.max('done_at').as('last_done_at')])
    .where('unit_path', '>=', path)
    .where('unit_path', '<', subtreeUpperBound(path))
    .where('period', 'in', [...periods])
    .groupBy(['unit_id', 'period'])
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, period: r.period, lastDoneAt: String(r.last_done_at) }));
}

export interface StoredParty {
  name: string;
  phoneEnc: string | null;
}

export interface FindingRow {
  id: number;
  screeningId: number;
  parties: StoredParty[];
  description: string;
  riskGrade: RiskGrade;
  measures: string;
  responsiblePerson: string;
  caseId: number | null;
  mediationFileId: number | null;
  createdBy: number;
  createdAt: string;
}

const toFinding = (r: {
  id: number;
  screening_id: number;
  parties: string;
  description: string;
  risk_grade: RiskGrade;
  measures: string;
  responsible_person: string;
  case_id: number | null;
  mediation_file_id: number | null;
  created_by: number;
  created_at: string;
}): FindingRow => ({
  id: r.id,
  screeningId: r.screening_id,
  parties: JSON.parse(r.parties) as StoredParty[],
  description: r.description,
  riskGrade: r.risk_grade,
  measures: r.measures,
  responsiblePerson: r.responsible_person,
  caseId: r.case_id,
  mediationFileId: r.mediation_file_id,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export async function listFindings(db: Executor, screeningId: number): Promise<FindingRow[]> {
  const rows = await db
    .selectFrom('screening_finding')
    .selectAll()
    .where('screening_id', '=', screeningId)
    .orderBy('id')
    .execute();
  return rows.map(toFinding);
}

export async function findFinding(db: Executor, screeningId: number, id: number): Promise<FindingRow | undefined> {
  const row = await db
    .selectFrom('screening_finding')
    .selectAll()
    .where('screening_id', '=', screeningId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toFinding(row) : undefined;
}

export async function insertFinding(
  trx: Trx,
  row: {
    screening_id: number;
    parties: string;
    description: string;
    risk_grade: RiskGrade;
    measures: string;
    responsible_person: string;
    created_by: number;
    created_at: string;
  },
): Promise<number> {
  const inserted = await trx
    .insertInto('screening_finding')
    .values({ ...row, case_id: null, mediation_file_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Links the finding to its case once; false when it was already linked. */
export async function linkFindingCase(trx: Trx, id: number, caseId: number): Promise<boolean> {
  const result = await trx
    .updateTable('screening_finding')
    .set({ case_id: caseId })
    .where('id', '=', id)
    .where('case_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Links the finding to the mediation file it was handed to (and that file's case), once; false when
 * it already had a case or a file (the caller's transaction then rolls back what it made).
 */
export async function linkFindingMediation(trx: Trx, id: number, caseId: number, fileId: number): Promise<boolean> {
  const result = await trx
    .updateTable('screening_finding')
    .set({ case_id: caseId, mediation_file_id: fileId })
    .where('id', '=', id)
    .where('case_id', 'is', null)
    .where('mediation_file_id', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Findings of the month's screenings under `path` that involve at least `parties` people. */
export async function countGroupFindings(
  db: Executor,
  path: string,
  from: string,
  to: string,
  parties: number,
): Promise<number> {
  const rows = await db
    .selectFrom('screening_finding')
    .innerJoin('screening_record', 'screening_record.id', 'screening_finding.screening_id')
    .select('screening_finding.parties')
    .where('screening_record.unit_path', '>=', path)
    .where('screening_record.unit_path', '<', subtreeUpperBound(path))
    .where('screening_record.done_at', '>=', from)
    .where('screening_record.done_at', '<', to)
    .execute();
  return rows.filter((r) => (JSON.parse(r.parties) as unknown[]).length >= parties).length;
}
