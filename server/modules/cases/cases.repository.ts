// Kysely queries over cases, their assignments, timeline, numbering and search index.
import { sql, type Expression, type ExpressionBuilder, type Insertable, type Selectable, type SqlBool } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { DB } from '../../schema.ts';
import type { DialectName } from '../../platform/db/database.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import { dialectOf, jsonRows, parseJsonRows } from '../../platform/db/json-rows.ts';
import { unitFieldOf } from '../org/index.ts';
import type { CaseEventTable, CaseRecordTable } from './cases.table.ts';
import { attachmentRows, type AttachmentRow } from './attachments.repository.ts';
import type { CaseScope } from './cases.policy.ts';
import { KPIS, type KpiName } from './kpi.ts';
import { ruleSql } from './kpi-sql.ts';

type Executor = Db | Trx;
export type CaseRow = Selectable<CaseRecordTable>;
export type AssignmentRow = Awaited<ReturnType<typeof findAssignments>>[number];

export async function findCaseById(db: Executor, id: number): Promise<CaseRow | undefined> {
  return db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findCaseByNumber(db: Executor, number: string): Promise<CaseRow | undefined> {
  return db.selectFrom('case_record').selectAll().where('number', '=', number).executeTakeFirst();
}

export async function findCaseByTrackingCode(db: Executor, code: string): Promise<CaseRow | undefined> {
  return db.selectFrom('case_record').selectAll().where('tracking_code', '=', code).executeTakeFirst();
}

/** A case's assignments with their units' names (org's look-up in the same statement), in order. */
const assignmentRows = (db: Executor) =>
  db
    .selectFrom('case_assignment')
    .select([
      'case_assignment.id',
      'case_assignment.unit_id',
      'case_assignment.role',
      'case_assignment.active',
      'case_assignment.deadline',
      'case_assignment.reported_at',
      'case_assignment.note',
      unitFieldOf('case_assignment.unit_id', 'name').as('unit_name'),
    ])
    .orderBy('case_assignment.id');

/** An assignment whose unit has a name (every unit has one; a missing unit is left out). */
const named = <R extends { unit_name: string | null }>(rows: R[]) =>
  rows.flatMap((r) => (r.unit_name === null ? [] : [{ ...r, unit_name: r.unit_name }]));

/** A case's timeline with the name of each actor's unit, in order. */
const timelineRows = (db: Executor) =>
  db
    .selectFrom('case_event')
    .select([
      'case_event.seq',
      'case_event.action',
      'case_event.from_status',
      'case_event.to_status',
      'case_event.actor_user_id',
      'case_event.actor_name',
      'case_event.actor_role',
      'case_event.actor_unit_id',
      unitFieldOf('case_event.actor_unit_id', 'name').as('actor_unit_name'),
      'case_event.at',
      'case_event.data',
    ])
    .orderBy('case_event.seq');

export async function findAssignments(db: Executor, caseId: number) {
  return named(await assignmentRows(db).where('case_assignment.case_id', '=', caseId).execute());
}

export async function findTimeline(db: Executor, caseId: number) {
  return timelineRows(db).where('case_event.case_id', '=', caseId).execute();
}

export type TimelineRow = Awaited<ReturnType<typeof findTimeline>>[number];

/** Where a case sits: its centre (path and level) and its grid (name, closed), read with its row. */
export interface CasePlace {
  centre: { path: string; level: string } | null;
  grid: { id: number; name: string; closed: boolean } | null;
}

/**
 * A case with its place and assignments — and its timeline when `timeline` is set — in one
 * statement: the children as JSON arrays (json-rows.ts). What loading a case for access and
 * the workflow reads, and what showing it adds.
 */
export async function findCaseWithRelations(
  db: Executor,
  id: number,
  options: { timeline: boolean },
): Promise<
  | {
      row: CaseRow;
      place: CasePlace;
      assignments: AssignmentRow[];
      /** With `timeline` (the case is to be shown): its steps and its attachments (every stage). */
      timeline: TimelineRow[] | undefined;
      attachments: AttachmentRow[] | undefined;
    }
  | undefined
> {
  const dialect = dialectOf(db);
  const found = await db
    .selectFrom('case_record')
    .selectAll('case_record')
    .select((eb) => [
      unitFieldOf('case_record.centre_id', 'path').as('place_centre_path'),
      unitFieldOf('case_record.centre_id', 'level').as('place_centre_level'),
      unitFieldOf('case_record.grid_id', 'name').as('place_grid_name'),
      unitFieldOf('case_record.grid_id', 'closed_at').as('place_grid_closed_at'),
      jsonRows(dialect, assignmentRows(db).where('case_assignment.case_id', '=', sql<number>`case_record.id`)).as(
        'place_assignments',
      ),
      ...(options.timeline
        ? [
            jsonRows(dialect, timelineRows(db).where('case_event.case_id', '=', sql<number>`case_record.id`)).as(
              'place_timeline',
            ),
            jsonRows(dialect, attachmentRows(db).where('case_attachment.case_id', '=', sql<number>`case_record.id`)).as(
              'place_attachments',
            ),
          ]
        : [eb.val(null).as('place_timeline'), eb.val(null).as('place_attachments')]),
    ])
    .where('case_record.id', '=', id)
    .executeTakeFirst();
  if (!found) return undefined;
  const {
    place_centre_path: centrePath,
    place_centre_level: centreLevel,
    place_grid_name: gridName,
    place_grid_closed_at: gridClosedAt,
    place_assignments: assignments,
    place_timeline: timeline,
    place_attachments: attachments,
    ...row
  } = found;
  return {
    row,
    place: {
      centre: centrePath !== null && centreLevel !== null ? { path: centrePath, level: centreLevel } : null,
      grid:
        row.grid_id !== null && gridName !== null
          ? { id: row.grid_id, name: gridName, closed: gridClosedAt !== null }
          : null,
    },
    assignments: named(parseJsonRows<AssignmentRow>(assignments, 'id')),
    timeline: options.timeline ? parseJsonRows<TimelineRow>(timeline, 'seq') : undefined,
    attachments: options.timeline ? parseJsonRows<AttachmentRow>(attachments, 'id') : undefined,
  };
}

export async function appendEvent(trx: Trx, event: Omit<Insertable<CaseEventTable>, 'seq' | 'id'>): Promise<number> {
  // The next seq read in the insert itself: one statement (a round trip on PostgreSQL) per event.
  const row = await trx
    .insertInto('case_event')
    .values({
      ...event,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from case_event where case_id = ${event.case_id})`,
    })
    .returning('seq')
    .executeTakeFirstOrThrow();
  return Number(row.seq);
}

/** Next number in a counter scope (a county's year, a committee's year): one conditional upsert, atomic on both engines. */
export async function nextNumber(db: Executor, scope: string): Promise<number> {
  const row = await db
    .insertInto('case_counter')
    .values({ scope, next: 1 })
    .onConflict((oc) => oc.column('scope').doUpdateSet({ next: sql`case_counter.next + 1` }))
    .returning('next')
    .executeTakeFirstOrThrow();
  return row.next;
}

/**
 * PostgreSQL, outside any transaction: the next number of a scope in a statement that commits on
 * its own without waiting for its WAL to reach disk (`synchronous_commit = off` for that commit
 * only, set within the statement). Every intake of a county takes this row; committed durably, each
 * held it until its WAL flush, so they took their numbers one flush at a time (16 clients: 3,700
 * numbers a second against 36,000 unflushed, issue 20).
 *
 * No number of a durable case can be handed out twice: the WAL is written in order, so the commit of
 * the case that uses the number (or of any later case, whose number was taken after this one on the
 * same locked row) flushes this commit with it. What a crash or a failover can lose is the counter's
 * last commits, when their numbers were taken but their cases not yet written: the counter then
 * stands behind numbers that cases (written after the restart, or on the promoted standby) go on
 * to hold. The unique number of case_record refuses the next intake to take one of them again, and
 * intake takes the next number (register-case.ts).
 */
export async function nextNumberUnflushed(db: Db, scope: string): Promise<number> {
  // In a transaction the setting would hold until that transaction's commit: all of it unflushed.
  if (db.isTransaction) throw new Error('nextNumberUnflushed: not inside a transaction');
  const { rows } = await sql<{ next: number }>`insert into case_counter (scope, next)
      select ${scope}, 1 where set_config('synchronous_commit', 'off', true) is not null
      on conflict (scope) do update set next = case_counter.next + 1
      returning next`.execute(db);
  return Number(rows[0]!.next);
}

export async function indexCaseText(trx: Trx, dialect: DialectName, caseId: number, text: string): Promise<void> {
  // PostgreSQL indexes case_record.search_text directly (GIN on to_tsvector); SQLite keeps FTS5.
  if (dialect === 'sqlite') {
    await sql`delete from case_fts where rowid = ${caseId}`.execute(trx);
    await sql`insert into case_fts (rowid, tokens) values (${caseId}, ${text})`.execute(trx);
  }
}

/** The same for many new cases at once (bulk loads). */
export async function indexCaseTexts(
  trx: Trx,
  dialect: DialectName,
  rows: { id: number; search_text: string }[],
): Promise<void> {
  if (dialect !== 'sqlite' || rows.length === 0) return;
  const values = sql.join(rows.map((r) => sql`(${r.id}, ${r.search_text})`));
  await sql`insert into case_fts (rowid, tokens) values ${values}`.execute(trx);
}

export interface CaseFilter {
  scope: CaseScope;
  status?: string[] | undefined;
  kind?: string | undefined;
  categoryCode?: string | undefined;
  channel?: string | undefined;
  withinPath?: string | undefined;
  overdueAt?: string | undefined;
  /** 领导包案: only the cases this leader answers for. */
  leaderUserId?: number | undefined;
  /** Cases led now by this unit (a department's or committee's figures in a ranking). */
  leadUnitId?: number | undefined;
  /** Cases registered by this account (a staff member's own reports, 队伍建设). */
  createdBy?: number | undefined;
  /** Cases a KPI rule of kpi.ts holds for, at `kpiAt` (the cases behind a dashboard figure). */
  kpi?: KpiName | undefined;
  kpiAt?: string | undefined;
  createdFrom?: string | undefined;
  createdTo?: string | undefined;
  /** Words that must all occur (already segmented). */
  words?: string[] | undefined;
  /** This case number exactly. */
  number?: string | undefined;
  /** Case numbers ending so (letters, digits and dashes only: no LIKE wildcards). */
  numberSuffix?: string | undefined;
  /** Reported from the phone of this blind index (never the clear number). */
  reporterPhoneHash?: string | undefined;
  /** Cases already listed elsewhere on the page (the number matches ahead of a text search). */
  excludeIds?: number[] | undefined;
  beforeId?: number | undefined;
  limit: number;
}

/** The cases a scope covers: one condition shared by the case list and the figures. */
export function inCaseScope(
  eb: ExpressionBuilder<DB, 'case_record'>,
  scope: CaseScope,
  /** SQLite only: keep the planner off the region index (`+column` is not indexable). */
  notByRegion = false,
): Expression<SqlBool> {
  const region = notByRegion ? sql<string>`+case_record.region_path` : eb.ref('case_record.region_path');
  const ors = scope.regionPaths.map((p) => eb.and([eb(region, '>=', p), eb(region, '<', subtreeUpperBound(p))]));
  if (scope.handlerUnitIds.length > 0) {
    // The unit's current assignments first, then their cases: an EXISTS per case row would scan
    // the unit's whole assignment history for every case.
    ors.push(
      eb(
        'case_record.id',
        'in',
        eb
          .selectFrom('case_assignment')
          .select('case_assignment.case_id')
          .where('case_assignment.unit_id', 'in', scope.handlerUnitIds)
          // A unit sees what it is assigned now, not what it returned or was taken off.
          .where('case_assignment.active', '=', 1),
      ),
    );
  }
  if (scope.reporterUserId !== null) ors.push(eb('case_record.reporter_user_id', '=', scope.reporterUserId));
  return eb.or(ors);
}

/** What a case list shows (presentCaseSummary): the full rows are several times larger. */
export const SUMMARY_COLUMNS = [
  'id',
  'number',
  'title',
  'kind',
  'category_code',
  'channel',
  'status',
  'version',
  'region_id',
  'grid_id',
  'centre_id',
  'lead_unit_id',
  'address',
  'created_at',
  'updated_at',
  'stage',
  'stage_deadline',
  'rating',
] as const satisfies readonly (keyof CaseRow)[];
export type CaseSummaryRow = Pick<CaseRow, (typeof SUMMARY_COLUMNS)[number]>;

export async function listCases(db: Executor, dialect: DialectName, filter: CaseFilter): Promise<CaseSummaryRow[]> {
  const { scope } = filter;
  if (scope.regionPaths.length === 0 && scope.handlerUnitIds.length === 0 && scope.reporterUserId === null) return [];
  if (dialect === 'sqlite' && filter.words?.length) return searchSqlite(db, filter);
  const statuses = [...new Set(filter.status ?? [])];
  if (statuses.length > 1 && !filter.words?.length) {
    // Newest first of each status (one range of case_status_id_idx each, ids only), merged: one
    // query over all of them would sort every open case of the scope to find the first page.
    // One statement: the ranges as subqueries, their newest ids, then those rows.
    const newest = statuses
      .map((status) =>
        db
          .selectFrom(
            casesQuery(db, dialect, { ...filter, status: [status] })
              .clearSelect()
              .select('case_record.id')
              .orderBy('id', 'desc')
              .limit(filter.limit)
              .as('range'),
          )
          .select('range.id'),
      )
      .reduce((merged, range) => merged.unionAll(range));
    return db
      .selectFrom('case_record')
      .select(SUMMARY_COLUMNS)
      .where(
        'id',
        'in',
        db.selectFrom(newest.as('open')).select('open.id').orderBy('open.id', 'desc').limit(filter.limit),
      )
      .orderBy('id', 'desc')
      .execute();
  }
  return casesQuery(db, dialect, filter).orderBy('id', 'desc').limit(filter.limit).execute();
}

/**
 * Full-text search on SQLite, newest first: the match list is read backwards from the newest
 * case in growing chunks and each chunk filtered by scope and filters, until the page is full.
 * Asking for all matches at once (`id in (select rowid … match …)`) materialised every case that
 * holds a common word (24,000 of a million for 噪音) to return 20.
 */
async function searchSqlite(db: Executor, filter: CaseFilter): Promise<CaseSummaryRow[]> {
  const match = filter.words!.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
  const rest: CaseFilter = { ...filter, words: undefined, beforeId: undefined };
  const found: CaseSummaryRow[] = [];
  let below = filter.beforeId;
  for (let chunk = Math.max(64, filter.limit * 4); ; chunk = Math.min(chunk * 4, 16_384)) {
    const before = below === undefined ? sql`` : sql`and rowid < ${below}`;
    const { rows } = await sql<{ rowid: number }>`
      select rowid from case_fts where case_fts match ${match} ${before} order by rowid desc limit ${chunk}`.execute(
      db,
    );
    if (rows.length === 0) break;
    const ids = rows.map((r) => r.rowid);
    found.push(
      ...(await casesQuery(db, 'sqlite', rest)
        .where('id', 'in', ids)
        .orderBy('id', 'desc')
        .limit(filter.limit - found.length)
        .execute()),
    );
    if (found.length >= filter.limit || rows.length < chunk) break;
    below = ids[ids.length - 1];
  }
  return found;
}

function casesQuery(db: Executor, dialect: DialectName, filter: CaseFilter) {
  const { scope } = filter;
  // One status, newest first: SQLite estimates the region index plus a sort as cheaper than
  // walking case_status_id_idx back from the newest case, and is wrong by 100x for a township.
  const byStatus = dialect === 'sqlite' && new Set(filter.status ?? []).size === 1;
  let query = db
    .selectFrom('case_record')
    .select(SUMMARY_COLUMNS)
    .where((eb) => inCaseScope(eb, scope, byStatus));
  if (filter.status && filter.status.length > 0)
    query = query.where('status', 'in', filter.status as CaseRow['status'][]);
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.categoryCode) {
    const code = filter.categoryCode;
    query = query.where((eb) => eb.or([eb('category_code', '=', code), eb('category_code', 'like', `${code}.%`)]));
  }
  if (filter.channel) query = query.where('channel', '=', filter.channel);
  if (filter.withinPath) {
    query = query
      .where('region_path', '>=', filter.withinPath)
      .where('region_path', '<', subtreeUpperBound(filter.withinPath));
  }
  if (filter.overdueAt) query = query.where(ruleSql(KPIS.overdue.rule, { now: filter.overdueAt }));
  if (filter.leaderUserId !== undefined) query = query.where('leader_user_id', '=', filter.leaderUserId);
  if (filter.leadUnitId !== undefined) query = query.where('lead_unit_id', '=', filter.leadUnitId);
  if (filter.createdBy !== undefined) query = query.where('created_by', '=', filter.createdBy);
  if (filter.kpi) query = query.where(ruleSql(KPIS[filter.kpi].rule, { now: filter.kpiAt }));
  if (filter.createdFrom) query = query.where('created_at', '>=', filter.createdFrom);
  if (filter.createdTo) query = query.where('created_at', '<', filter.createdTo);
  if (filter.words && filter.words.length > 0) {
    if (dialect === 'sqlite') {
      const match = filter.words.map((w) => `"${w.replace(/"/g, '""')}"`).join(' AND ');
      query = query.where('id', 'in', sql<number>`(select rowid from case_fts where case_fts match ${match})`);
    } else {
      const tsquery = filter.words
        .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ''))
        .filter(Boolean)
        .join(' & ');
      query = query.where(sql<boolean>`to_tsvector('simple', search_text) @@ to_tsquery('simple', ${tsquery})`);
    }
  }
  if (filter.number !== undefined) query = query.where('number', '=', filter.number);
  if (filter.numberSuffix !== undefined) {
    if (!/^[0-9A-Z-]+$/.test(filter.numberSuffix)) throw new Error('a number suffix is digits, letters and dashes');
    query = query.where('number', 'like', `%${filter.numberSuffix}`);
  }
  if (filter.reporterPhoneHash !== undefined) query = query.where('reporter_phone_hash', '=', filter.reporterPhoneHash);
  if (filter.excludeIds && filter.excludeIds.length > 0) query = query.where('id', 'not in', filter.excludeIds);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query;
}

/** What the duplicate check compares and shows. */
export type NearbyCaseRow = Pick<CaseRow, 'id' | 'number' | 'title' | 'search_text'>;

/**
 * Open cases of a category near a point and recent: candidates for 并单, newest first, at most 20.
 * The newest 50 candidates come from case_nearby_idx alone (no row read); the actor's scope is
 * applied to their rows, in the same statement (each candidate comes back, its columns null where
 * the scope hides it, so the count of candidates is known too). Only when that leaves fewer than
 * 20 and there were more candidates is the whole query run with the scope.
 */
export async function findNearbyOpenCases(
  db: Executor,
  input: { categoryCode: string; lng: number; lat: number; since: string; excludeId?: number },
  scope: CaseScope,
): Promise<NearbyCaseRow[]> {
  if (scope.regionPaths.length === 0 && scope.handlerUnitIds.length === 0 && scope.reporterUserId === null) return [];
  const LIMIT = 20;
  const CANDIDATES = 50;
  // About 500 m at Shandong's latitude.
  const dLat = 0.0045;
  const dLng = 0.0056;
  let candidates = db
    .selectFrom('case_record')
    .where('category_code', '=', input.categoryCode)
    .where('status', 'in', ['registered', 'dispatched', 'in_progress'])
    .where('lat', '>=', input.lat - dLat)
    .where('lat', '<=', input.lat + dLat)
    .where('lng', '>=', input.lng - dLng)
    .where('lng', '<=', input.lng + dLng)
    .where('created_at', '>=', input.since);
  if (input.excludeId !== undefined) candidates = candidates.where('id', '!=', input.excludeId);
  const newest = candidates.select('id').orderBy('id', 'desc').limit(CANDIDATES);
  // Only cases this actor may see: a suggestion must not leak another resident's report.
  const rows = await db
    .with('candidate', () => newest)
    .selectFrom('candidate')
    .leftJoin('case_record', (join) =>
      join
        .onRef('case_record.id', '=', 'candidate.id')
        .on((eb) => inCaseScope(eb as unknown as ExpressionBuilder<DB, 'case_record'>, scope)),
    )
    .select(['case_record.id', 'case_record.number', 'case_record.title', 'case_record.search_text'])
    .orderBy('candidate.id', 'desc')
    .execute();
  const visible = rows.filter((r): r is NearbyCaseRow => r.id !== null).slice(0, LIMIT);
  if (visible.length === LIMIT || rows.length < CANDIDATES) return visible;
  return candidates
    .select(['id', 'number', 'title', 'search_text'])
    .where((eb) => inCaseScope(eb, scope))
    .orderBy('id', 'desc')
    .limit(LIMIT)
    .execute();
}

/**
 * A timeline entry that changes no status (a mediation session, a hearing), written by another
 * module in its own transaction. On PostgreSQL the case row is locked first so that it takes its
 * turn with workflow actions appending to the same timeline.
 */
export async function recordCaseEvent(
  trx: Trx,
  dialect: DialectName,
  event: Omit<Insertable<CaseEventTable>, 'seq' | 'id' | 'from_status' | 'to_status'>,
): Promise<void> {
  let query = trx.selectFrom('case_record').select('status').where('id', '=', event.case_id);
  if (dialect === 'postgres') query = query.forUpdate();
  const row = await query.executeTakeFirstOrThrow();
  await appendEvent(trx, { ...event, from_status: row.status, to_status: row.status });
}
