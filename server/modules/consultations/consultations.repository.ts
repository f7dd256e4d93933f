// Kysely over consultations: topics, options, secret ballots and voters' flags, supporters, comments
// and reports, events, and the per-level settings.
import { randomUUID } from 'node:crypto';
import type { Insertable, Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { ConsultationLevel, ConsultationStatus } from '../../../common/consultations.ts';
import type { ConsultationTable } from './consultations.table.ts';

type Executor = Db | Trx;

export interface ConsultationRow {
  id: number;
  unitId: number;
  unitPath: string;
  level: ConsultationLevel;
  buildingLabel: string | null;
  title: string;
  body: string;
  status: ConsultationStatus;
  origin: string;
  raisedBy: number;
  supportersNeeded: number;
  supporterCount: number;
  createdAt: string;
  openedAt: string | null;
  closedAt: string | null;
  closedBy: number | null;
  decision: string | null;
  decisionUnitId: number | null;
  decisionDue: string | null;
  progress: number;
  escalatedFromId: number | null;
  escalationReason: string | null;
  version: number;
}

type Raw = Selectable<ConsultationTable>;

function toRow(r: Raw): ConsultationRow {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    level: r.level,
    buildingLabel: r.building_label,
    title: r.title,
    body: r.body,
    status: r.status,
    origin: r.origin,
    raisedBy: r.raised_by,
    supportersNeeded: r.supporters_needed,
    supporterCount: r.supporter_count,
    createdAt: r.created_at,
    openedAt: r.opened_at,
    closedAt: r.closed_at,
    closedBy: r.closed_by,
    decision: r.decision,
    decisionUnitId: r.decision_unit_id,
    decisionDue: r.decision_due,
    progress: r.progress,
    escalatedFromId: r.escalated_from_id,
    escalationReason: r.escalation_reason,
    version: r.version,
  };
}

export async function settingFor(
  db: Executor,
  level: ConsultationLevel,
): Promise<{ supportersNeeded: number; reportsToHide: number }> {
  const row = await db
    .selectFrom('consultation_setting')
    .select(['supporters_needed', 'reports_to_hide'])
    .where('level', '=', level)
    .executeTakeFirst();
  return { supportersNeeded: row?.supporters_needed ?? 5, reportsToHide: row?.reports_to_hide ?? 3 };
}

export async function insertConsultation(trx: Trx, values: Insertable<ConsultationTable>): Promise<number> {
  const row = await trx.insertInto('consultation').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function findConsultation(db: Executor, id: number): Promise<ConsultationRow | undefined> {
  const row = await db.selectFrom('consultation').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

/** The topic escalated from `id`, if any. */
export async function findEscalationOf(db: Executor, id: number): Promise<ConsultationRow | undefined> {
  const row = await db.selectFrom('consultation').selectAll().where('escalated_from_id', '=', id).executeTakeFirst();
  return row ? toRow(row) : undefined;
}

export interface ListFilter {
  /** Staff: topics whose unit lies in one of these subtrees. */
  scopePaths?: readonly string[];
  /** Residents: topics held exactly at one of these units' paths (their home and its ancestors). */
  exactPaths?: readonly string[];
  /** Only topics inside this subtree. */
  within?: string;
  level?: ConsultationLevel;
  status?: ConsultationStatus;
  beforeId?: number;
  limit: number;
}

export async function listConsultations(db: Executor, f: ListFilter): Promise<ConsultationRow[]> {
  let q = db.selectFrom('consultation').selectAll();
  if (f.scopePaths) {
    const paths = f.scopePaths;
    if (paths.length === 0) return [];
    q = q.where((eb) =>
      eb.or(paths.map((p) => eb.and([eb('unit_path', '>=', p), eb('unit_path', '<', subtreeUpperBound(p))]))),
    );
  }
  if (f.exactPaths) {
    if (f.exactPaths.length === 0) return [];
    q = q.where('unit_path', 'in', [...f.exactPaths]);
  }
  if (f.within) q = q.where('unit_path', '>=', f.within).where('unit_path', '<', subtreeUpperBound(f.within));
  if (f.level) q = q.where('level', '=', f.level);
  if (f.status) q = q.where('status', '=', f.status);
  if (f.beforeId) q = q.where('id', '<', f.beforeId);
  const rows = await q.orderBy('id', 'desc').limit(f.limit).execute();
  return rows.map((r) => toRow(r));
}

/** Conditional update: only from one of `from`; false when the status moved meanwhile. */
export async function updateConsultation(
  trx: Trx,
  id: number,
  from: readonly ConsultationStatus[],
  set: Partial<Omit<Insertable<ConsultationTable>, 'id' | 'version'>>,
): Promise<boolean> {
  const result = await trx
    .updateTable('consultation')
    .set((eb) => ({ ...set, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- options, ballots, voters

export interface OptionRow {
  id: number;
  position: number;
  label: string;
}

export async function optionsOf(db: Executor, consultationId: number): Promise<OptionRow[]> {
  return db
    .selectFrom('consultation_option')
    .select(['id', 'position', 'label'])
    .where('consultation_id', '=', consultationId)
    .orderBy('position')
    .execute();
}

export async function replaceOptions(trx: Trx, consultationId: number, labels: readonly string[]): Promise<void> {
  await trx.deleteFrom('consultation_option').where('consultation_id', '=', consultationId).execute();
  if (labels.length === 0) return;
  await trx
    .insertInto('consultation_option')
    .values(labels.map((label, i) => ({ consultation_id: consultationId, position: i + 1, label })))
    .execute();
}

/** Ballots per option (the result), and how many have voted. */
export async function tallyOf(db: Executor, consultationId: number): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('consultation_ballot')
    .select(['option_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('consultation_id', '=', consultationId)
    .groupBy('option_id')
    .execute();
  return new Map(rows.map((r) => [r.option_id, Number(r.n)]));
}

export async function voterCount(db: Executor, consultationId: number): Promise<number> {
  const row = await db
    .selectFrom('consultation_voter')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', consultationId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function hasVoted(db: Executor, consultationId: number, userId: number): Promise<boolean> {
  return !!(await db
    .selectFrom('consultation_voter')
    .select('user_id')
    .where('consultation_id', '=', consultationId)
    .where('user_id', '=', userId)
    .executeTakeFirst());
}

/** The voter's flag, once: false when it was already there. */
export async function flagVoter(trx: Trx, consultationId: number, userId: number): Promise<boolean> {
  const row = await trx
    .insertInto('consultation_voter')
    .values({ consultation_id: consultationId, user_id: userId })
    .onConflict((oc) => oc.columns(['consultation_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return !!row;
}

/** The ballot: a random key and the option, nothing that names or times the voter. */
export async function castBallot(trx: Trx, consultationId: number, optionId: number): Promise<void> {
  await trx
    .insertInto('consultation_ballot')
    .values({ id: randomUUID(), consultation_id: consultationId, option_id: optionId })
    .execute();
}

// ---- supporters

export async function hasSupported(db: Executor, consultationId: number, userId: number): Promise<boolean> {
  return !!(await db
    .selectFrom('consultation_support')
    .select('user_id')
    .where('consultation_id', '=', consultationId)
    .where('user_id', '=', userId)
    .executeTakeFirst());
}

export async function addSupport(trx: Trx, consultationId: number, userId: number, at: string): Promise<boolean> {
  const row = await trx
    .insertInto('consultation_support')
    .values({ consultation_id: consultationId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(['consultation_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return !!row;
}

/** Counts one more supporter and returns the new count. */
export async function countSupporter(trx: Trx, consultationId: number): Promise<number> {
  const row = await trx
    .updateTable('consultation')
    .set((eb) => ({ supporter_count: eb('supporter_count', '+', 1), version: eb('version', '+', 1) }))
    .where('id', '=', consultationId)
    .returning('supporter_count')
    .executeTakeFirstOrThrow();
  return row.supporter_count;
}

// ---- comments

export interface CommentRow {
  id: number;
  consultationId: number;
  authorId: number;
  authorKind: 'staff' | 'resident';
  body: string;
  createdAt: string;
  reportCount: number;
  hiddenAt: string | null;
  hiddenBy: number | null;
  hiddenReason: 'reports' | 'moderation' | null;
}

export async function commentsOf(db: Executor, consultationIds: readonly number[]): Promise<CommentRow[]> {
  if (consultationIds.length === 0) return [];
  const rows = await db
    .selectFrom('consultation_comment')
    .selectAll()
    .where('consultation_id', 'in', [...consultationIds])
    .orderBy('id')
    .limit(2000)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    consultationId: r.consultation_id,
    authorId: r.author_id,
    authorKind: r.author_kind as CommentRow['authorKind'],
    body: r.body,
    createdAt: r.created_at,
    reportCount: r.report_count,
    hiddenAt: r.hidden_at,
    hiddenBy: r.hidden_by,
    hiddenReason: r.hidden_reason as CommentRow['hiddenReason'],
  }));
}

export async function findComment(
  db: Executor,
  consultationId: number,
  commentId: number,
): Promise<CommentRow | undefined> {
  return (await commentsOf(db, [consultationId])).find((c) => c.id === commentId);
}

export async function insertComment(
  trx: Trx,
  values: { consultationId: number; authorId: number; authorKind: 'staff' | 'resident'; body: string; at: string },
): Promise<number> {
  const row = await trx
    .insertInto('consultation_comment')
    .values({
      consultation_id: values.consultationId,
      author_id: values.authorId,
      author_kind: values.authorKind,
      body: values.body,
      created_at: values.at,
      report_count: 0,
      hidden_at: null,
      hidden_by: null,
      hidden_reason: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A resident's report of a comment, once each; returns the new count, or null for a repeat. */
export async function reportComment(trx: Trx, commentId: number, userId: number, at: string): Promise<number | null> {
  const added = await trx
    .insertInto('consultation_comment_report')
    .values({ comment_id: commentId, user_id: userId, created_at: at })
    .onConflict((oc) => oc.columns(['comment_id', 'user_id']).doNothing())
    .returning('user_id')
    .executeTakeFirst();
  if (!added) return null;
  const row = await trx
    .updateTable('consultation_comment')
    .set((eb) => ({ report_count: eb('report_count', '+', 1) }))
    .where('id', '=', commentId)
    .returning('report_count')
    .executeTakeFirstOrThrow();
  return row.report_count;
}

export async function hideComment(
  trx: Trx,
  commentId: number,
  reason: 'reports' | 'moderation',
  by: number | null,
  at: string,
): Promise<boolean> {
  const result = await trx
    .updateTable('consultation_comment')
    .set({ hidden_at: at, hidden_by: by, hidden_reason: reason })
    .where('id', '=', commentId)
    .where('hidden_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

// ---- events (the history)

export interface EventRow {
  id: number;
  consultationId: number;
  kind: string;
  actorId: number | null;
  note: string | null;
  progress: number | null;
  at: string;
}

export async function eventsOf(db: Executor, consultationIds: readonly number[]): Promise<EventRow[]> {
  if (consultationIds.length === 0) return [];
  const rows = await db
    .selectFrom('consultation_event')
    .selectAll()
    .where('consultation_id', 'in', [...consultationIds])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    consultationId: r.consultation_id,
    kind: r.kind,
    actorId: r.actor_id,
    note: r.note,
    progress: r.progress,
    at: r.at,
  }));
}

export async function addEvent(
  trx: Trx,
  e: {
    consultationId: number;
    kind: string;
    actorId: number | null;
    note?: string | null;
    progress?: number | null;
    at: string;
  },
): Promise<void> {
  await trx
    .insertInto('consultation_event')
    .values({
      consultation_id: e.consultationId,
      kind: e.kind,
      actor_id: e.actorId,
      note: e.note ?? null,
      progress: e.progress ?? null,
      at: e.at,
    })
    .execute();
}

/** Decided topics whose follow-up is not done, for the public page: nothing personal. */
export async function publicFollowUps(db: Executor, within: string, limit: number): Promise<ConsultationRow[]> {
  const rows = await db
    .selectFrom('consultation')
    .selectAll()
    .where('unit_path', '>=', within)
    .where('unit_path', '<', subtreeUpperBound(within))
    .where('status', '=', 'closed')
    .where('progress', '<', 100)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => toRow(r));
}
