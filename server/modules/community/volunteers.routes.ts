// HTTP for the volunteer roster (志愿服务): activities of a volunteer team, residents' sign-ups, the
// roster with hours (.xlsx), and hours logged once per volunteer by the team's lead or staff.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { AppError } from '../../platform/http/errors.ts';
import { exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, can, type Actor } from '../auth/index.ts';
import { findActivity, listActivities, listSignups, type ActivityRow } from './community.repository.ts';
import { actingBodies, livesIn, notFound, readArea, reaches, type ActingBody } from './community.policy.ts';
import {
  ActivityCreate,
  ActivityDetail,
  ActivityOut,
  ActivityQuery,
  HoursBody,
  RosterQuery,
} from './community.schemas.ts';
import { mayLogHours, presentActivities } from './community.view.ts';
import { loadBody } from './bodies.routes.ts';
import { createActivity, logHours, signUp } from './use-cases/volunteers.ts';

const TAGS = ['volunteers'];

function reachesActivity(actor: Actor, a: ActivityRow, acting: ActingBody[]): boolean {
  return reaches(actor, 'volunteer:read', a.unitPath) || acting.some((b) => b.id === a.teamId);
}

async function loadActivity(ctx: AppContext, actor: Actor, id: number) {
  const activity = await findActivity(ctx.db, id);
  const acting = await actingBodies(ctx, actor);
  if (!activity || !reachesActivity(actor, activity, acting)) {
    throw notFound('志愿活动', 'volunteer_activity', id, !!activity);
  }
  return { activity, acting };
}

export function volunteerRoutes(app: Api, ctx: AppContext): void {
  const detail = async (actor: Actor, activity: ActivityRow, acting: ActingBody[]) => {
    const [out] = await presentActivities(ctx, actor, [activity], acting);
    // The roster (names, hours) is for those who keep it: staff of the area and the team's lead.
    const keeps = can(actor, 'community:read') || mayLogHours(actor, activity, acting);
    const roster = keeps ? await listSignups(ctx.db, { activityIds: [activity.id] }) : [];
    return {
      ...out!,
      roster: roster.map((s) => ({
        userId: s.userId,
        displayName: s.displayName,
        signedUpAt: s.signedUpAt,
        hours: s.hours,
        loggedAt: s.loggedAt,
      })),
    };
  };

  app.get(
    '/api/v1/volunteer-activities',
    {
      schema: {
        tags: TAGS,
        summary: '志愿活动 / Volunteer activities',
        description:
          'Staff: the activities whose area overlaps theirs. A resident: those of where they live and of the teams ' +
          'they act for, each with their own sign-up and hours.',
        querystring: ActivityQuery,
        response: { 200: Type.Object({ items: Type.Array(ActivityOut) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'volunteer:read');
      const acting = await actingBodies(ctx, actor);
      const area = readArea(actor, 'volunteer:read');
      const teamPaths = acting.filter((b) => b.kind === 'volunteer_team').map((b) => b.unitPath);
      const rows = await listActivities(ctx.db, {
        area: { within: area.within, covering: [...(area.covering ?? []), ...teamPaths] },
        limit: request.query.limit ?? 200,
      });
      return { items: await presentActivities(ctx, actor, rows, acting) };
    },
  );

  app.post(
    '/api/v1/volunteer-activities',
    {
      schema: {
        tags: TAGS,
        summary: '发布志愿活动 / Post a volunteer activity',
        description:
          'Staff post an activity of a volunteer team of their area (`teamId`, a body of kind volunteer_team; ' +
          'another kind: 422 COMMUNITY_BODY_WRONG_KIND). Its area is the team’s.',
        body: ActivityCreate,
        response: { 201: ActivityDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'volunteer:manage');
      const team = await loadBody(ctx, actor, request.body.teamId, 'community:manage');
      const id = await createActivity(ctx, actor, team, request.body, request.ip);
      reply.code(201);
      return detail(actor, (await findActivity(ctx.db, id))!, []);
    },
  );

  app.get(
    '/api/v1/volunteer-activities/:id',
    {
      schema: {
        tags: TAGS,
        summary: '志愿活动与花名册 / An activity and its roster',
        description:
          'The roster (who signed up, hours logged) for staff of the area and the team’s lead; `format=xlsx` ' +
          'exports it (audited). Outside the caller’s reach: 404.',
        params: IdParams,
        querystring: RosterQuery,
        response: { 200: jsonOrXlsx(ActivityDetail, '花名册 / Roster'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'volunteer:read');
      const { activity, acting } = await loadActivity(ctx, actor, request.params.id);
      const out = await detail(actor, activity, acting);
      if (request.query.format === 'xlsx') {
        if (!can(actor, 'community:read') && !mayLogHours(actor, activity, acting)) throw new AppError('FORBIDDEN');
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `志愿者花名册-${out.title}-${exportStamp(now)}.xlsx`,
          sheetName: '花名册',
          columns: [
            { key: 'displayName', header: '志愿者', width: 16 },
            { key: 'signedUpAt', header: '报名时间', type: 'datetime', width: 18 },
            { key: 'hours', header: '服务时长（小时）', type: 'number' },
            { key: 'loggedAt', header: '登记时间', type: 'datetime', width: 18 },
          ],
          rows: out.roster,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'volunteer:read'),
            clientIp: request.ip,
            what: 'volunteer_roster',
            filters: { activityId: activity.id },
          },
        });
      }
      return out;
    },
  );

  app.post(
    '/api/v1/volunteer-activities/:id/signups',
    {
      schema: {
        tags: TAGS,
        summary: '报名志愿活动 / Sign up',
        description:
          'A resident living in the activity’s area signs up (once: 409 VOLUNTEER_ALREADY_SIGNED_UP). Another ' +
          'area: 404.',
        params: IdParams,
        response: { 201: ActivityOut, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'volunteer:join');
      const activity = await findActivity(ctx.db, request.params.id);
      if (!activity || !livesIn(actor, activity.unitPath)) {
        throw notFound('志愿活动', 'volunteer_activity', request.params.id, !!activity);
      }
      await signUp(ctx, actor, activity, request.ip);
      reply.code(201);
      return (await presentActivities(ctx, actor, [activity], await actingBodies(ctx, actor)))[0]!;
    },
  );

  app.post(
    '/api/v1/volunteer-activities/:id/hours',
    {
      schema: {
        tags: TAGS,
        summary: '登记服务时长 / Log a volunteer’s hours',
        description:
          'The team’s lead or staff who manage volunteers in the area log a signed-up volunteer’s hours, once ' +
          '(again: 409 VOLUNTEER_HOURS_ALREADY_LOGGED; not signed up: 422 VOLUNTEER_NOT_SIGNED_UP). Others who ' +
          'see the activity: 403.',
        params: IdParams,
        body: HoursBody,
        response: { 200: ActivityDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'volunteer:read');
      const { activity, acting } = await loadActivity(ctx, actor, request.params.id);
      if (!mayLogHours(actor, activity, acting)) {
        throw new AppError(
          'FORBIDDEN',
          '只有队长或辖区工作人员可登记时长 / Only the team lead or staff log hours',
        ).denying('volunteer_activity', activity.id);
      }
      await logHours(ctx, actor, activity, request.body, request.ip);
      return detail(actor, activity, acting);
    },
  );
}
