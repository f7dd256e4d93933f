// 队伍建设's reads and commands: a staff record presented with its trainings (each certificate's
// state on the clock's Beijing day), the certificate alerts, the grids without a grid worker, a
// person's monthly figures (counted by the cases module's KPI rules over the cases they registered,
// in the reader's case scope — the same cases GET /cases lists with createdBy, from, to and kpi),
// and the cadres attached to grids (phones sealed, masked in every answer).
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { isValidPhone, maskPhone } from '../../platform/crypto/personal-data.ts';
import {
  activeHoldersAt,
  activeMembersWithin,
  auditActorOf,
  can,
  findMemberships,
  jurisdictionPaths,
  userNames,
  type Actor,
} from '../auth/index.ts';
import { caseScope, countKpis, rate } from '../cases/index.ts';
import { findUnitById, findUnitsByIds, listUnits, unitNames, type OrgUnitRow } from '../org/index.ts';
import { parsePeriod } from '../../../common/period.ts';
import {
  STAFF_POSTS,
  STAFF_ROLES,
  certificateState,
  type CadreRole,
  type CertificateState,
  type EvaluationGrade,
  type StaffPost,
} from '../../../common/workforce.ts';
import {
  evaluationsOf,
  findStaff,
  findStaffByUser,
  insertCadre,
  insertEvaluation,
  insertStaff,
  insertTraining,
  listCadres,
  listStaff,
  staffUserIds,
  trainingsOf,
  type CadreRow,
  type StaffRow,
  type TrainingRow,
} from './workforce.repository.ts';

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The Beijing calendar day of `now`, YYYY-MM-DD: certificates are valid through their last day. */
export const beijingDay = (now: Date) => new Date(now.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10);

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

const notFound = (what: string, type: string, id: number, exists: boolean) => {
  const error = new AppError('NOT_FOUND', `${what}不存在 / No such record`);
  return exists ? error.denying(type, id) : error;
};

/** A unit the actor reaches with `power`; 404 for any other (it does not exist for the actor). */
export async function unitInReach(
  ctx: AppContext,
  actor: Actor,
  unitId: number,
  power: 'workforce:read' | 'workforce:manage',
): Promise<OrgUnitRow> {
  const unit = await findUnitById(ctx.db, unitId);
  if (!unit || !can(actor, power, [unit.path])) throw notFound('单位', 'org_unit', unitId, unit !== undefined);
  return unit;
}

/** The staff record if the actor reads (or manages) its unit; 404 otherwise. */
export async function staffInReach(
  ctx: AppContext,
  actor: Actor,
  id: number,
  power: 'workforce:read' | 'workforce:manage',
): Promise<StaffRow> {
  const staff = await findStaff(ctx.db, id);
  if (!staff || !can(actor, power, [staff.unit_path]))
    throw notFound('人员档案', 'staff_record', id, staff !== undefined);
  return staff;
}

// ---------------------------------------------------------------------------------------------
// Certificates

export interface JudgedTraining extends TrainingRow {
  certificate: CertificateState;
  superseded: boolean;
}

/**
 * Each training with its certificate's state on `today`. A certificate renewed by a later training
 * of the same course (same person) is superseded and flagged no more: the renewal is what counts.
 */
export function judgeTrainings(trainings: readonly TrainingRow[], today: string): JudgedTraining[] {
  const latest = new Map<string, TrainingRow>();
  for (const t of trainings) {
    const key = `${t.staff_id}\u0000${t.course}`;
    const known = latest.get(key);
    if (!known || t.completed_on > known.completed_on || (t.completed_on === known.completed_on && t.id > known.id))
      latest.set(key, t);
  }
  return trainings.map((t) => ({
    ...t,
    certificate: certificateState(t.expires_on, today),
    superseded: latest.get(`${t.staff_id}\u0000${t.course}`) !== t,
  }));
}

const SEVERITY: Record<CertificateState, number> = { expired: 3, expiring: 2, valid: 1, none: 0 };

/** A person's flag: the worst state among their current (not superseded) certificates. */
export function worstCertificate(trainings: readonly JudgedTraining[]): CertificateState {
  let worst: CertificateState = 'none';
  for (const t of trainings) if (!t.superseded && SEVERITY[t.certificate] > SEVERITY[worst]) worst = t.certificate;
  return worst;
}

// ---------------------------------------------------------------------------------------------
// The staff list and one person's record

export interface StaffListFilter {
  post?: StaffPost | undefined;
  unitId?: number | undefined;
  certificate?: 'expired' | 'expiring' | undefined;
}

export async function staffList(ctx: AppContext, actor: Actor, filter: StaffListFilter) {
  const within = filter.unitId !== undefined ? await unitInReach(ctx, actor, filter.unitId, 'workforce:read') : null;
  const rows = await listStaff(ctx.db, {
    scopePaths: jurisdictionPaths(actor, 'workforce:read'),
    withinPath: within?.path,
    post: filter.post,
  });
  const today = beijingDay(ctx.clock.now());
  const judged = judgeTrainings(
    await trainingsOf(
      ctx.db,
      rows.map((r) => r.id),
    ),
    today,
  );
  const byStaff = new Map<number, JudgedTraining[]>();
  for (const t of judged) byStaff.set(t.staff_id, [...(byStaff.get(t.staff_id) ?? []), t]);
  const [names, units, grades] = await Promise.all([
    userNames(
      ctx.db,
      rows.map((r) => r.user_id),
    ),
    unitNames(
      ctx.db,
      rows.map((r) => r.unit_id),
    ),
    latestGrades(
      ctx,
      rows.map((r) => r.id),
    ),
  ]);
  return rows
    .map((r) => {
      const trainings = byStaff.get(r.id) ?? [];
      return {
        id: r.id,
        userId: r.user_id,
        name: names.get(r.user_id) ?? '',
        post: r.post as StaffPost,
        unitId: r.unit_id,
        unitName: units.get(r.unit_id) ?? '',
        trainingHours: trainings.reduce((sum, t) => sum + t.hours, 0),
        certificate: worstCertificate(trainings),
        latestGrade: grades.get(r.id) ?? null,
      };
    })
    .filter((s) =>
      filter.certificate === 'expired'
        ? s.certificate === 'expired'
        : filter.certificate === 'expiring'
          ? s.certificate === 'expired' || s.certificate === 'expiring'
          : true,
    );
}
export type StaffListItem = Awaited<ReturnType<typeof staffList>>[number];

async function latestGrades(ctx: AppContext, staffIds: number[]): Promise<Map<number, EvaluationGrade>> {
  const grades = new Map<number, EvaluationGrade>();
  for (const id of staffIds) {
    const [latest] = await evaluationsOf(ctx.db, id);
    if (latest) grades.set(id, latest.grade as EvaluationGrade);
  }
  return grades;
}

export async function presentStaff(ctx: AppContext, actor: Actor, staff: StaffRow) {
  const today = beijingDay(ctx.clock.now());
  const trainings = judgeTrainings(await trainingsOf(ctx.db, [staff.id]), today);
  const [names, units, evaluations] = await Promise.all([
    userNames(ctx.db, [staff.user_id]),
    unitNames(ctx.db, [staff.unit_id]),
    evaluationsOf(ctx.db, staff.id),
  ]);
  return {
    id: staff.id,
    userId: staff.user_id,
    name: names.get(staff.user_id) ?? '',
    post: staff.post as StaffPost,
    unitId: staff.unit_id,
    unitName: units.get(staff.unit_id) ?? '',
    qualifications: staff.qualifications,
    duties: (staff.duties ?? '')
      .split('\n')
      .map((d) => d.trim())
      .filter(Boolean),
    certificate: worstCertificate(trainings),
    trainings: trainings.map((t) => ({
      id: t.id,
      course: t.course,
      hours: t.hours,
      completedOn: t.completed_on,
      certificateNo: t.certificate_no,
      expiresOn: t.expires_on,
      certificate: t.certificate,
      superseded: t.superseded,
    })),
    evaluations: evaluations.map((e) => ({
      id: e.id,
      period: e.period,
      grade: e.grade as EvaluationGrade,
      comment: e.comment,
      createdAt: e.created_at,
    })),
    abilities: { manage: can(actor, 'workforce:manage', [staff.unit_path]) },
  };
}

/** Does the post fit the unit (grid workers in a grid, mediators in a committee, staff in a centre)? */
export function postFits(post: StaffPost, unit: Pick<OrgUnitRow, 'type' | 'level'>): boolean {
  switch (STAFF_POSTS[post].unit) {
    case 'grid':
      return unit.type === 'region' && unit.level === 'grid';
    case 'committee':
      return unit.type === 'committee';
    case 'centre':
      return unit.type === 'centre';
  }
}

const optionalText = (text: string | undefined) => {
  const trimmed = text?.trim() ?? '';
  return trimmed === '' ? null : trimmed;
};

export interface CreateStaffInput {
  userId: number;
  unitId: number;
  post: StaffPost;
  qualifications?: string | undefined;
  duties?: string | undefined;
}

export async function createStaff(
  ctx: AppContext,
  actor: Actor,
  input: CreateStaffInput,
  clientIp: string | null,
): Promise<StaffRow> {
  const unit = await unitInReach(ctx, actor, input.unitId, 'workforce:manage');
  if (!postFits(input.post, unit)) throw new AppError('STAFF_POST_UNIT_MISMATCH', undefined, { field: 'unitId' });
  const memberships = await findMemberships(ctx.db, [input.userId]);
  if (!memberships.some((m) => m.unitId === unit.id))
    throw new AppError('STAFF_NOT_MEMBER', undefined, { field: 'userId' });
  if (await findStaffByUser(ctx.db, input.userId))
    throw new AppError('STAFF_RECORD_EXISTS', undefined, { field: 'userId' });
  const now = ctx.clock.now();
  const at = now.toISOString();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertStaff(trx, {
      user_id: input.userId,
      unit_id: unit.id,
      unit_path: unit.path,
      post: input.post,
      qualifications: optionalText(input.qualifications),
      duties: optionalText(input.duties),
      created_by: actor.userId,
      created_at: at,
      updated_at: at,
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'workforce:manage'),
        action: 'staff.create',
        subjectType: 'staff_record',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { userId: input.userId, unitId: unit.id, post: input.post },
      },
      now,
    );
    return id;
  });
  return (await findStaff(ctx.db, id))!;
}

export interface TrainingInput {
  course: string;
  hours: number;
  completedOn: string;
  certificateNo?: string | undefined;
  expiresOn?: string | undefined;
}

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

const isRealDay = (day: string) => {
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
};

export async function addTraining(
  ctx: AppContext,
  actor: Actor,
  staff: StaffRow,
  input: TrainingInput,
  clientIp: string | null,
): Promise<void> {
  if (!isRealDay(input.completedOn)) throw invalid('completedOn', '日期无效 / Not a real date');
  const today = beijingDay(ctx.clock.now());
  if (input.completedOn > today)
    throw invalid('completedOn', '培训日期不能晚于今天 / The training cannot be in the future');
  const expiresOn = optionalText(input.expiresOn);
  if (expiresOn !== null) {
    if (!isRealDay(expiresOn)) throw invalid('expiresOn', '日期无效 / Not a real date');
    if (expiresOn < input.completedOn)
      throw invalid('expiresOn', '证书有效期不能早于培训日期 / The certificate cannot expire before the training');
  }
  const certificateNo = optionalText(input.certificateNo);
  if (expiresOn !== null && certificateNo === null)
    throw invalid('certificateNo', '填写有效期时须填写证书编号 / A certificate with an expiry needs its number');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertTraining(trx, {
      staff_id: staff.id,
      course: input.course.trim(),
      hours: input.hours,
      completed_on: input.completedOn,
      certificate_no: certificateNo,
      expires_on: expiresOn,
      created_by: actor.userId,
      created_at: now.toISOString(),
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'workforce:manage'),
        action: 'staff.training',
        subjectType: 'staff_record',
        subjectId: staff.id,
        outcome: 'success',
        clientIp,
        details: { trainingId: id, hours: input.hours, expiresOn },
      },
      now,
    );
  });
}

export async function addEvaluation(
  ctx: AppContext,
  actor: Actor,
  staff: StaffRow,
  input: { period: string; grade: EvaluationGrade; comment?: string | undefined },
  clientIp: string | null,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const id = await insertEvaluation(trx, {
      staff_id: staff.id,
      period: input.period,
      grade: input.grade,
      comment: optionalText(input.comment),
      created_by: actor.userId,
      created_at: now.toISOString(),
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'workforce:manage'),
        action: 'staff.evaluation',
        subjectType: 'staff_record',
        subjectId: staff.id,
        outcome: 'success',
        clientIp,
        details: { evaluationId: id, period: input.period, grade: input.grade },
      },
      now,
    );
  });
}

// ---------------------------------------------------------------------------------------------
// Monthly figures

/**
 * A person's figures for each month of `year` (Beijing months): the cases they registered, counted
 * by the KPI rules of the cases module, inside the reader's own case scope — so that each figure is
 * what GET /api/v1/cases lists for `createdBy`, `from`, `to` and `kpi` to the same reader.
 */
export async function monthlyPerformance(ctx: AppContext, actor: Actor, staff: StaffRow, year: number) {
  const now = ctx.clock.now().toISOString();
  const scope = caseScope(actor);
  const months = [];
  for (let m = 1; m <= 12; m++) {
    const period = parsePeriod(`${year}-${String(m).padStart(2, '0')}`)!;
    if (period.from > now) break;
    const counts = await countKpis(
      ctx.db,
      { scope, createdFrom: period.from, createdTo: period.to, createdBy: staff.user_id },
      now,
      ['all', 'resolvedOnTheSpot', 'handledOnTime', 'handlingDue', 'satisfied', 'rated'] as const,
    );
    months.push({
      month: period.label,
      from: period.from,
      to: period.to,
      found: counts.all,
      resolvedOnTheSpot: counts.resolvedOnTheSpot,
      handledOnTime: counts.handledOnTime,
      handlingDue: counts.handlingDue,
      onTimeRate: rate(counts.handledOnTime, counts.handlingDue),
      satisfied: counts.satisfied,
      rated: counts.rated,
      satisfactionRate: rate(counts.satisfied, counts.rated),
    });
  }
  return { staffId: staff.id, userId: staff.user_id, year, months };
}

// ---------------------------------------------------------------------------------------------
// Alerts

export async function certificateAlerts(ctx: AppContext, actor: Actor, unitId: number | undefined) {
  const items = await staffList(ctx, actor, { unitId, certificate: 'expiring' });
  const today = beijingDay(ctx.clock.now());
  const judged = judgeTrainings(
    await trainingsOf(
      ctx.db,
      items.map((s) => s.id),
    ),
    today,
  );
  const people = new Map(items.map((s) => [s.id, s]));
  return judged
    .filter((t) => !t.superseded && (t.certificate === 'expired' || t.certificate === 'expiring'))
    .map((t) => {
      const person = people.get(t.staff_id)!;
      return {
        trainingId: t.id,
        staffId: t.staff_id,
        name: person.name,
        post: person.post,
        unitName: person.unitName,
        course: t.course,
        certificateNo: t.certificate_no,
        expiresOn: t.expires_on!,
        certificate: t.certificate as 'expired' | 'expiring',
        daysLeft: daysBetween(today, t.expires_on!),
      };
    })
    .sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : a.expiresOn > b.expiresOn ? 1 : a.trainingId - b.trainingId));
}
export type CertificateAlert = Awaited<ReturnType<typeof certificateAlerts>>[number];

/** The grids of the area (under `unitId` when given) where no enabled account is a grid worker. */
export async function gridsWithoutWorker(ctx: AppContext, actor: Actor, unitId: number | undefined) {
  const within = unitId !== undefined ? await unitInReach(ctx, actor, unitId, 'workforce:read') : null;
  const grids = await listUnits(ctx.db, {
    scopePaths: jurisdictionPaths(actor, 'workforce:read'),
    withinPath: within?.path,
    type: 'region',
    level: 'grid',
    limit: 20_000,
  });
  const staffed = new Set<number>();
  for (let i = 0; i < grids.length; i += 500) {
    const holders = await activeHoldersAt(
      ctx.db,
      grids.slice(i, i + 500).map((g) => g.id),
      'grid_worker',
    );
    for (const h of holders) staffed.add(h.unitId);
  }
  // A closed grid (split, merged or closed: ADR 0026) needs nobody.
  const empty = grids.filter((g) => g.closed_at === null && !staffed.has(g.id));
  const parents = await unitNames(
    ctx.db,
    empty.map((g) => g.parent_id),
  );
  return empty.map((g) => ({
    id: g.id,
    code: g.code,
    name: g.name,
    kind: g.kind,
    parentName: g.parent_id !== null ? (parents.get(g.parent_id) ?? null) : null,
  }));
}
export type GridWithoutWorkerItem = Awaited<ReturnType<typeof gridsWithoutWorker>>[number];

/** Accounts of the area in a staff role that have no staff record yet: whom a new record can name. */
export async function staffCandidates(ctx: AppContext, actor: Actor, q: string | undefined) {
  const rows = await activeMembersWithin(ctx.db, {
    paths: jurisdictionPaths(actor, 'workforce:manage'),
    roles: STAFF_ROLES,
    q,
    limit: 200,
  });
  const taken = await staffUserIds(
    ctx.db,
    rows.map((r) => r.userId),
  );
  return rows
    .filter((r) => !taken.has(r.userId))
    .map((r) => ({
      userId: r.userId,
      name: r.displayName,
      role: r.role as (typeof STAFF_ROLES)[number],
      unitId: r.unitId,
      unitName: r.unitName,
    }));
}

// ---------------------------------------------------------------------------------------------
// Cadres in grids

export async function cadreList(
  ctx: AppContext,
  actor: Actor,
  filter: { gridId?: number | undefined; unitId?: number | undefined; role?: CadreRole | undefined },
) {
  const unitId = filter.gridId ?? filter.unitId;
  const within = unitId !== undefined ? await unitInReach(ctx, actor, unitId, 'workforce:read') : null;
  const rows = await listCadres(ctx.db, {
    scopePaths: jurisdictionPaths(actor, 'workforce:read'),
    withinPath: within?.path,
    role: filter.role,
  });
  return presentCadres(ctx, rows);
}

async function presentCadres(ctx: AppContext, rows: CadreRow[]) {
  const grids = new Map((await findUnitsByIds(ctx.db, [...new Set(rows.map((r) => r.grid_id))])).map((u) => [u.id, u]));
  return rows.map((r) => ({
    id: r.id,
    gridId: r.grid_id,
    gridName: grids.get(r.grid_id)?.name ?? '',
    name: r.name,
    role: r.role as CadreRole,
    organisation: r.organisation,
    phone: r.phone_enc ? maskPhone(ctx.cipher.decrypt(r.phone_enc)) : null,
    createdAt: r.created_at,
  }));
}
export type CadreItem = Awaited<ReturnType<typeof presentCadres>>[number];

export async function addCadre(
  ctx: AppContext,
  actor: Actor,
  input: {
    gridId: number;
    name: string;
    role: CadreRole;
    organisation?: string | undefined;
    phone?: string | undefined;
  },
  clientIp: string | null,
): Promise<CadreItem> {
  const grid = await unitInReach(ctx, actor, input.gridId, 'workforce:manage');
  if (grid.type !== 'region' || grid.level !== 'grid')
    throw new AppError('CADRE_UNIT_NOT_GRID', undefined, { field: 'gridId' });
  const phone = input.phone?.trim() ?? '';
  if (phone !== '' && !isValidPhone(phone)) throw invalid('phone', '手机号码格式不正确 / Not a valid phone number');
  const now = ctx.clock.now();
  const id = await ctx.db.transaction().execute(async (trx) => {
    const id = await insertCadre(trx, {
      grid_id: grid.id,
      grid_path: grid.path,
      name: input.name.trim(),
      role: input.role,
      organisation: optionalText(input.organisation),
      phone_enc: phone === '' ? null : ctx.cipher.encrypt(phone),
      phone_hash: phone === '' ? null : ctx.cipher.blindIndex(phone),
      created_by: actor.userId,
      created_at: now.toISOString(),
    });
    // Never the name or the phone: the audit log holds no personal data.
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'workforce:manage'),
        action: 'grid_cadre.create',
        subjectType: 'grid_cadre',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { gridId: grid.id, role: input.role },
      },
      now,
    );
    return id;
  });
  const rows = await listCadres(ctx.db, { scopePaths: [grid.path] });
  return (
    await presentCadres(
      ctx,
      rows.filter((r) => r.id === id),
    )
  )[0]!;
}
