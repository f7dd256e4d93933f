// What the API shows of bodies, projects, activities and notices: contact phones masked, the
// caller's abilities with the data (the UI offers only what it may do).
import type { AppContext } from '../../context.ts';
import { maskPhone } from '../../platform/crypto/personal-data.ts';
import { can, type Actor } from '../auth/index.ts';
import { unitNames } from '../org/index.ts';
import {
  bodiesByIds,
  listMembers,
  listSignups,
  ratingSummary,
  type ActivityRow,
  type BodyRow,
  type NoticeRow,
  type ProjectRow,
} from './community.repository.ts';
import { livesIn, overlap, type ActingBody } from './community.policy.ts';

export async function presentBodies(ctx: AppContext, actor: Actor, rows: BodyRow[]) {
  const [names, members] = await Promise.all([
    unitNames(
      ctx.db,
      rows.map((b) => b.unitId),
    ),
    listMembers(
      ctx.db,
      rows.map((b) => b.id),
    ),
  ]);
  return rows.map((b) => ({
    id: b.id,
    kind: b.kind,
    name: b.name,
    unitId: b.unitId,
    unitName: names.get(b.unitId) ?? '',
    contactName: b.contactName,
    contactPhone: b.contactPhoneEnc ? maskPhone(ctx.cipher.decrypt(b.contactPhoneEnc)) : null,
    note: b.note,
    active: b.active,
    members: members
      .filter((m) => m.bodyId === b.id)
      .map((m) => ({ userId: m.userId, displayName: m.displayName, role: m.role })),
    abilities: { manage: can(actor, 'community:manage', [b.unitPath]) },
  }));
}

/** The social organisations the actor acts for whose area overlaps the project's. */
export function applyAs(acting: ActingBody[], project: Pick<ProjectRow, 'unitPath'>): ActingBody[] {
  return acting.filter((b) => b.kind === 'social_org' && overlap(b.unitPath, project.unitPath));
}

export async function presentProjects(ctx: AppContext, actor: Actor, rows: ProjectRow[], acting: ActingBody[]) {
  const ids = rows.map((p) => p.id);
  const [names, awarded, ratings, mine] = await Promise.all([
    unitNames(
      ctx.db,
      rows.map((p) => p.unitId),
    ),
    bodiesByIds(
      ctx.db,
      rows.flatMap((p) => (p.awardedBodyId === null ? [] : [p.awardedBodyId])),
    ),
    ratingSummary(ctx.db, ids),
    ids.length === 0
      ? Promise.resolve([])
      : ctx.db
          .selectFrom('service_project_rating')
          .select(['project_id', 'score'])
          .where('user_id', '=', actor.userId)
          .where('project_id', 'in', ids)
          .execute(),
  ]);
  const bodyName = new Map(awarded.map((b) => [b.id, b.name]));
  const myScore = new Map(mine.map((r) => [r.project_id, r.score]));
  return rows.map((p) => {
    const summary = ratings.get(p.id);
    const rated = myScore.get(p.id) ?? null;
    return {
      id: p.id,
      unitId: p.unitId,
      unitName: names.get(p.unitId) ?? '',
      title: p.title,
      description: p.description,
      budgetYuan: p.budgetYuan,
      startsOn: p.startsOn,
      endsOn: p.endsOn,
      awardMode: p.awardMode,
      status: p.status,
      awardedBodyId: p.awardedBodyId,
      awardedBodyName: p.awardedBodyId === null ? null : (bodyName.get(p.awardedBodyId) ?? ''),
      progressPercent: p.progressPercent,
      completedAt: p.completedAt,
      createdAt: p.createdAt,
      ratingCount: summary?.count ?? 0,
      ratingAverage: summary?.average ?? null,
      myRating: rated,
      abilities: {
        award: p.status === 'open' && can(actor, 'service_project:publish', [p.unitPath]),
        applyAs:
          p.status === 'open' && can(actor, 'service_project:act')
            ? applyAs(acting, p).map((b) => ({ id: b.id, name: b.name }))
            : [],
        progress:
          p.status === 'awarded' && can(actor, 'service_project:act') && acting.some((b) => b.id === p.awardedBodyId),
        rate:
          p.status === 'completed' &&
          rated === null &&
          can(actor, 'service_project:rate') &&
          livesIn(actor, p.unitPath),
      },
    };
  });
}

export async function presentActivities(ctx: AppContext, actor: Actor, rows: ActivityRow[], acting: ActingBody[]) {
  const ids = rows.map((a) => a.id);
  const [names, teams, signups] = await Promise.all([
    unitNames(
      ctx.db,
      rows.map((a) => a.unitId),
    ),
    bodiesByIds(
      ctx.db,
      rows.map((a) => a.teamId),
    ),
    listSignups(ctx.db, { activityIds: ids }),
  ]);
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return rows.map((a) => {
    const mine = signups.find((s) => s.activityId === a.id && s.userId === actor.userId);
    return {
      id: a.id,
      teamId: a.teamId,
      teamName: teamName.get(a.teamId) ?? '',
      unitId: a.unitId,
      unitName: names.get(a.unitId) ?? '',
      title: a.title,
      description: a.description,
      startsAt: a.startsAt,
      place: a.place,
      signupCount: signups.filter((s) => s.activityId === a.id).length,
      mine: mine ? { signedUpAt: mine.signedUpAt, hours: mine.hours } : null,
      abilities: {
        signUp: !mine && can(actor, 'volunteer:join') && livesIn(actor, a.unitPath),
        logHours: mayLogHours(actor, a, acting),
      },
    };
  });
}

/** Staff who manage volunteers in the area, or the lead of the activity's team. */
export function mayLogHours(actor: Actor, a: ActivityRow, acting: ActingBody[]): boolean {
  return (
    can(actor, 'volunteer:manage', [a.unitPath]) || acting.some((b) => b.id === a.teamId && b.memberRole === 'lead')
  );
}

export async function presentNotices(ctx: AppContext, rows: NoticeRow[], staff: boolean) {
  const names = await unitNames(
    ctx.db,
    rows.map((n) => n.unitId),
  );
  return rows.map((n) => ({
    id: n.id,
    unitId: n.unitId,
    unitName: names.get(n.unitId) ?? '',
    kind: n.kind,
    urgent: n.urgent,
    title: n.title,
    body: n.body,
    publishedAt: n.publishedAt,
    smsCount: staff ? n.smsCount : null,
  }));
}
