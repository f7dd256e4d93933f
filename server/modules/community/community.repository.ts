// Kysely over community bodies and their member accounts, service projects, volunteer activities
// and notices (issue 19 §6–§7).
import { sql, type RawBuilder } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import {
  activeHoldersAt,
  findMemberships,
  findUserByPhoneHash,
  findUserByUsername,
  userNames,
  usersWithPhone,
} from '../auth/index.ts';
import { listUnits } from '../org/index.ts';
import type { AwardMode, BodyKind, MemberRole, NoticeKind, ProjectStatus } from '../../../common/community.ts';

type Executor = Db | Trx;

/** Rows whose `unit_path` lies inside one of `within`, or is an ancestor-or-self of one of `covering`. */
export interface AreaFilter {
  within?: readonly string[];
  /** The unit paths whose ancestors-or-self are wanted (a resident's home: what covers it). */
  covering?: readonly string[];
}

function ancestorsOf(paths: readonly string[]): string[] {
  const out = new Set<string>();
  for (const path of paths) {
    const parts = path.split('/').filter(Boolean);
    for (let i = 1; i <= parts.length; i++) out.add(`/${parts.slice(0, i).join('/')}/`);
  }
  return [...out];
}

/** The same area condition over any table's `unit_path` (one indexed range per root, one `in` list). */
function areaWhere(column: string, area: AreaFilter): RawBuilder<boolean> {
  const ref = sql.ref(column);
  const ors = (area.within ?? []).map(
    (root) => sql<boolean>`(${ref} >= ${root} and ${ref} < ${subtreeUpperBound(root)})`,
  );
  const covering = ancestorsOf(area.covering ?? []);
  if (covering.length > 0) ors.push(sql<boolean>`${ref} in (${sql.join(covering)})`);
  return ors.length > 0 ? sql<boolean>`(${sql.join(ors, sql` or `)})` : sql<boolean>`1 = 0`;
}

// ---------------------------------------------------------------------------------------------
// Bodies

export interface BodyRow {
  id: number;
  kind: BodyKind;
  name: string;
  unitId: number;
  unitPath: string;
  contactName: string | null;
  contactPhoneEnc: string | null;
  note: string | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

const bodyColumns = [
  'id',
  'kind',
  'name',
  'unit_id',
  'unit_path',
  'contact_name',
  'contact_phone_enc',
  'note',
  'active',
  'created_at',
  'updated_at',
] as const;

function toBody(r: {
  id: number;
  kind: string;
  name: string;
  unit_id: number;
  unit_path: string;
  contact_name: string | null;
  contact_phone_enc: string | null;
  note: string | null;
  active: number;
  created_at: string;
  updated_at: string;
}): BodyRow {
  return {
    id: r.id,
    kind: r.kind as BodyKind,
    name: r.name,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    contactName: r.contact_name,
    contactPhoneEnc: r.contact_phone_enc,
    note: r.note,
    active: r.active === 1,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export async function findBody(db: Executor, id: number): Promise<BodyRow | undefined> {
  const r = await db.selectFrom('community_body').select(bodyColumns).where('id', '=', id).executeTakeFirst();
  return r && toBody(r);
}

export async function listBodies(
  db: Executor,
  query: { area: AreaFilter; kind?: BodyKind | undefined; ids?: readonly number[]; limit: number },
): Promise<BodyRow[]> {
  let select = db.selectFrom('community_body').select(bodyColumns).where(areaWhere('unit_path', query.area));
  if (query.kind) select = select.where('kind', '=', query.kind);
  if (query.ids) {
    if (query.ids.length === 0) return [];
    select = select.where('id', 'in', [...query.ids]);
  }
  const rows = await select.orderBy('unit_path').orderBy('kind').orderBy('id').limit(query.limit).execute();
  return rows.map(toBody);
}

export async function bodiesByIds(db: Executor, ids: readonly number[]): Promise<BodyRow[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('community_body')
    .select(bodyColumns)
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return rows.map(toBody);
}

export interface MemberRow {
  bodyId: number;
  userId: number;
  displayName: string;
  role: MemberRole;
}

export async function listMembers(db: Executor, bodyIds: readonly number[]): Promise<MemberRow[]> {
  if (bodyIds.length === 0) return [];
  const rows = await db
    .selectFrom('community_body_member')
    .select(['body_id', 'user_id', 'role'])
    .where('body_id', 'in', [...bodyIds])
    .orderBy('body_id')
    .orderBy('role')
    .orderBy('user_id')
    .execute();
  const names = await userNames(
    db,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => ({
    bodyId: r.body_id,
    userId: r.user_id,
    displayName: names.get(r.user_id) ?? '',
    role: r.role as MemberRole,
  }));
}

/** The bodies an account acts for, with its role in each. */
export async function membershipsOf(db: Executor, userId: number): Promise<{ bodyId: number; role: MemberRole }[]> {
  const rows = await db
    .selectFrom('community_body_member')
    .select(['body_id', 'role'])
    .where('user_id', '=', userId)
    .execute();
  return rows.map((r) => ({ bodyId: r.body_id, role: r.role as MemberRole }));
}

/** An enabled account holding a resident membership, by username or by the phone it signed up with. */
export async function findResidentAccount(
  db: Executor,
  by: { username?: string | undefined; phoneHash?: string | undefined },
): Promise<{ id: number; displayName: string } | undefined> {
  const user =
    by.username !== undefined
      ? await findUserByUsername(db, by.username)
      : by.phoneHash !== undefined
        ? await findUserByPhoneHash(db, by.phoneHash)
        : undefined;
  if (!user || user.disabled !== 0) return undefined;
  const memberships = await findMemberships(db, [user.id]);
  if (!memberships.some((m) => m.role === 'resident')) return undefined;
  return { id: user.id, displayName: user.display_name };
}

/**
 * Resident accounts whose home (resident membership) lies inside `path`, with a phone when
 * `withPhone`: the verified residents of a township or village (a self-registered account is
 * anchored at the county, above every such unit, until staff verify its home).
 */
export async function residentsWithin(db: Executor, path: string, withPhone: boolean): Promise<number[]> {
  const units = await listUnits(db, { scopePaths: [path], limit: 100_000 });
  const holders = await activeHoldersAt(
    db,
    units.map((u) => u.id),
    'resident',
  );
  const ids = [...new Set(holders.map((h) => h.userId))].sort((a, b) => a - b);
  if (!withPhone) return ids;
  const reachable = await usersWithPhone(db, ids);
  return ids.filter((id) => reachable.has(id));
}

// ---------------------------------------------------------------------------------------------
// Service projects

export interface ProjectRow {
  id: number;
  unitId: number;
  unitPath: string;
  title: string;
  description: string;
  budgetYuan: number | null;
  startsOn: string | null;
  endsOn: string | null;
  awardMode: AwardMode;
  status: ProjectStatus;
  awardedBodyId: number | null;
  awardedAt: string | null;
  progressPercent: number;
  completedAt: string | null;
  createdAt: string;
}

const projectColumns = [
  'id',
  'unit_id',
  'unit_path',
  'title',
  'description',
  'budget_yuan',
  'starts_on',
  'ends_on',
  'award_mode',
  'status',
  'awarded_body_id',
  'awarded_at',
  'progress_percent',
  'completed_at',
  'created_at',
] as const;

function toProject(r: {
  id: number;
  unit_id: number;
  unit_path: string;
  title: string;
  description: string;
  budget_yuan: number | null;
  starts_on: string | null;
  ends_on: string | null;
  award_mode: string;
  status: string;
  awarded_body_id: number | null;
  awarded_at: string | null;
  progress_percent: number;
  completed_at: string | null;
  created_at: string;
}): ProjectRow {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    title: r.title,
    description: r.description,
    budgetYuan: r.budget_yuan,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    awardMode: r.award_mode as AwardMode,
    status: r.status as ProjectStatus,
    awardedBodyId: r.awarded_body_id,
    awardedAt: r.awarded_at,
    progressPercent: Number(r.progress_percent),
    completedAt: r.completed_at,
    createdAt: r.created_at,
  };
}

export async function findProject(db: Executor, id: number): Promise<ProjectRow | undefined> {
  const r = await db.selectFrom('service_project').select(projectColumns).where('id', '=', id).executeTakeFirst();
  return r && toProject(r);
}

export async function listProjects(
  db: Executor,
  query: { area: AreaFilter; status?: ProjectStatus | undefined; limit: number },
): Promise<ProjectRow[]> {
  let select = db.selectFrom('service_project').select(projectColumns).where(areaWhere('unit_path', query.area));
  if (query.status) select = select.where('status', '=', query.status);
  const rows = await select.orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(toProject);
}

export async function listApplications(db: Executor, projectIds: readonly number[]) {
  if (projectIds.length === 0) return [];
  return db
    .selectFrom('service_project_application')
    .innerJoin('community_body', 'community_body.id', 'service_project_application.body_id')
    .select([
      'service_project_application.id',
      'service_project_application.project_id',
      'service_project_application.body_id',
      'community_body.name as body_name',
      'service_project_application.note',
      'service_project_application.created_at',
    ])
    .where('service_project_application.project_id', 'in', [...projectIds])
    .orderBy('service_project_application.id')
    .execute();
}

export async function listProgress(db: Executor, projectId: number) {
  return db
    .selectFrom('service_project_progress')
    .select(['id', 'percent', 'note', 'created_at'])
    .where('project_id', '=', projectId)
    .orderBy('id')
    .execute();
}

export async function ratingSummary(
  db: Executor,
  projectIds: readonly number[],
): Promise<Map<number, { count: number; average: number | null }>> {
  if (projectIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('service_project_rating')
    .select((eb) => [
      'project_id',
      eb.fn.countAll<string | number>().as('n'),
      eb.fn.sum<string | number>('score').as('total'),
    ])
    .where('project_id', 'in', [...projectIds])
    .groupBy('project_id')
    .execute();
  return new Map(
    rows.map((r) => {
      const count = Number(r.n);
      return [r.project_id, { count, average: count ? Math.round((Number(r.total) / count) * 10) / 10 : null }];
    }),
  );
}

export async function ratingsOf(db: Executor, projectId: number) {
  return db
    .selectFrom('service_project_rating')
    .select(['user_id', 'score', 'comment', 'created_at'])
    .where('project_id', '=', projectId)
    .orderBy('created_at')
    .execute();
}

// ---------------------------------------------------------------------------------------------
// Volunteers

export interface ActivityRow {
  id: number;
  teamId: number;
  unitId: number;
  unitPath: string;
  title: string;
  description: string;
  startsAt: string;
  place: string | null;
  createdAt: string;
}

const activityColumns = [
  'id',
  'team_id',
  'unit_id',
  'unit_path',
  'title',
  'description',
  'starts_at',
  'place',
  'created_at',
] as const;

function toActivity(r: {
  id: number;
  team_id: number;
  unit_id: number;
  unit_path: string;
  title: string;
  description: string;
  starts_at: string;
  place: string | null;
  created_at: string;
}): ActivityRow {
  return {
    id: r.id,
    teamId: r.team_id,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    title: r.title,
    description: r.description,
    startsAt: r.starts_at,
    place: r.place,
    createdAt: r.created_at,
  };
}

export async function findActivity(db: Executor, id: number): Promise<ActivityRow | undefined> {
  const r = await db.selectFrom('volunteer_activity').select(activityColumns).where('id', '=', id).executeTakeFirst();
  return r && toActivity(r);
}

export async function listActivities(db: Executor, query: { area: AreaFilter; limit: number }): Promise<ActivityRow[]> {
  const rows = await db
    .selectFrom('volunteer_activity')
    .select(activityColumns)
    .where(areaWhere('unit_path', query.area))
    .orderBy('starts_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit)
    .execute();
  return rows.map(toActivity);
}

export interface SignupRow {
  activityId: number;
  userId: number;
  displayName: string;
  signedUpAt: string;
  hours: number | null;
  loggedAt: string | null;
}

export async function listSignups(
  db: Executor,
  query: { activityIds?: readonly number[]; userId?: number },
): Promise<SignupRow[]> {
  let select = db
    .selectFrom('volunteer_signup')
    .select(['activity_id', 'user_id', 'created_at', 'hours_tenths', 'hours_logged_at']);
  if (query.activityIds) {
    if (query.activityIds.length === 0) return [];
    select = select.where('activity_id', 'in', [...query.activityIds]);
  }
  if (query.userId !== undefined) select = select.where('user_id', '=', query.userId);
  const rows = await select.orderBy('activity_id').orderBy('created_at').orderBy('user_id').execute();
  const names = await userNames(
    db,
    rows.map((r) => r.user_id),
  );
  return rows.map((r) => ({
    activityId: r.activity_id,
    userId: r.user_id,
    displayName: names.get(r.user_id) ?? '',
    signedUpAt: r.created_at,
    hours: r.hours_tenths === null ? null : Number(r.hours_tenths) / 10,
    loggedAt: r.hours_logged_at,
  }));
}

// ---------------------------------------------------------------------------------------------
// Notices

export interface NoticeRow {
  id: number;
  unitId: number;
  unitPath: string;
  kind: NoticeKind;
  urgent: boolean;
  title: string;
  body: string;
  smsCount: number;
  publishedAt: string;
}

const noticeColumns = [
  'id',
  'unit_id',
  'unit_path',
  'kind',
  'urgent',
  'title',
  'body',
  'sms_count',
  'published_at',
] as const;

export async function findNotice(db: Executor, id: number): Promise<NoticeRow | undefined> {
  const r = await db.selectFrom('notice').select(noticeColumns).where('id', '=', id).executeTakeFirst();
  return r && toNotice(r);
}

export async function listNotices(
  db: Executor,
  query: { area: AreaFilter; kind?: NoticeKind | undefined; limit: number },
): Promise<NoticeRow[]> {
  let select = db.selectFrom('notice').select(noticeColumns).where(areaWhere('unit_path', query.area));
  if (query.kind) select = select.where('kind', '=', query.kind);
  const rows = await select.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(query.limit).execute();
  return rows.map(toNotice);
}

function toNotice(r: {
  id: number;
  unit_id: number;
  unit_path: string;
  kind: string;
  urgent: number;
  title: string;
  body: string;
  sms_count: number;
  published_at: string;
}): NoticeRow {
  return {
    id: r.id,
    unitId: r.unit_id,
    unitPath: r.unit_path,
    kind: r.kind as NoticeKind,
    urgent: r.urgent === 1,
    title: r.title,
    body: r.body,
    smsCount: Number(r.sms_count),
    publishedAt: r.published_at,
  };
}
