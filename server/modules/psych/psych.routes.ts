// HTTP for psychological referrals (心理服务转介, issue 18 §7): refer a person, the list and page of
// a referral for its referrer and its team, the team's records (contact, follow-ups, closing), the
// audited reveal of the phone, and the team's list as .xlsx. A referral anyone else asks for does
// not exist (404), whatever their role or jurisdiction.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, Page, decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, requireActor, rolesAllow, type Actor } from '../auth/index.ts';
import { listReferrals, type ReferralFilter } from './psych.repository.ts';
import { teamUnitIdsOf } from './psych.policy.ts';
import { loadReadableReferral, loadTeamReferral } from './referral-access.ts';
import { presentReferralDetail, presentReferrals } from './referral-view.ts';
import { REFERRAL_EXPORT_COLUMNS, REFERRAL_EXPORT_PAGE, type ExportedReferral } from './referral-export.ts';
import { referPerson } from './use-cases/refer-person.ts';
import { addFollowUp, closeReferral, recordContact } from './use-cases/team-records.ts';
import {
  CloseBody,
  ContactBody,
  CreateReferralBody,
  FollowUpBody,
  ReferralDetail,
  ReferralItem,
  ReferralsQuery,
  RevealBody,
  RevealOut,
} from './psych.schemas.ts';

const TAGS = ['psych-referrals'];

const isIdCursor = (value: unknown): value is { before: number } => {
  if (typeof value !== 'object' || value === null) return false;
  const n = (value as Record<string, unknown>).before;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
};

/** Whom the list shows: the actor's teams' referrals and the actor's own. */
function reachOf(actor: Actor): Pick<ReferralFilter, 'teamUnitIds' | 'referrerUserId'> {
  return { teamUnitIds: teamUnitIdsOf(actor), referrerUserId: rolesAllow(actor, 'psych:refer') ? actor.userId : null };
}

export function psychRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/psych-referrals',
    {
      schema: {
        tags: TAGS,
        summary: '心理服务转介 / Refer a person to the psychological service team',
        description:
          'A grid worker, mediator or dispatcher refers a person at risk to the psychological service team of ' +
          'their county (the department of kind `psych_service`; 422 PSYCH_TEAM_MISSING when there is none). ' +
          '`urgency`: normal (一般) or urgent (紧急: not contacted within 24 h, the team is warned). `caseId` links ' +
          'a case the referrer sees. Name, phone and reason are encrypted at rest; the team is told in its inbox ' +
          'without them; the audit record names neither. Only the referrer and the team ever see the referral.',
        body: CreateReferralBody,
        response: { 201: ReferralDetail, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'psych:refer');
      const id = await referPerson(ctx, actor, request.body, request.ip);
      const row = await loadReadableReferral(ctx, actor, id);
      return reply.status(201).send(await presentReferralDetail(ctx, actor, row));
    },
  );

  app.get(
    '/api/v1/psych-referrals',
    {
      schema: {
        tags: TAGS,
        summary: '心理转介列表 / Psychological referrals',
        description:
          "The referrals sent to the caller's team (a team member) and those the caller made, newest first. " +
          'Nobody else sees any: not a leader, an administrator, an evaluator or another dispatcher. ' +
          '`format=xlsx` sends every matching referral as an Excel sheet (no reason or notes; phones masked), audited.',
        querystring: ReferralsQuery,
        response: {
          200: jsonOrXlsx(Page(ReferralItem), '心理转介列表 / Psychological referrals'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'psych:read');
      const query = request.query;
      const filter = { ...reachOf(actor), status: query.status, urgency: query.urgency };
      if (query.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `心理转介-${exportStamp(now)}.xlsx`,
          sheetName: '心理转介',
          columns: REFERRAL_EXPORT_COLUMNS,
          rows: allPages<ExportedReferral, number>(async (before) => {
            const rows = await listReferrals(ctx.db, { ...filter, beforeId: before, limit: REFERRAL_EXPORT_PAGE + 1 });
            const page = rows.slice(0, REFERRAL_EXPORT_PAGE);
            return {
              rows: await presentReferrals(ctx, actor, page),
              next: rows.length > REFERRAL_EXPORT_PAGE ? page[page.length - 1]!.id : undefined,
            };
          }),
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'psych:read'),
            clientIp: request.ip,
            what: 'psych_referrals',
            filters: exportFilters(query),
          },
        });
      }
      const limit = query.limit ?? 20;
      const before = decodeCursor(query.cursor, isIdCursor)?.before;
      const rows = await listReferrals(ctx.db, { ...filter, beforeId: before, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: await presentReferrals(ctx, actor, page),
        nextCursor: rows.length > limit ? encodeCursor({ before: page[page.length - 1]!.id }) : null,
      };
    },
  );

  app.get(
    '/api/v1/psych-referrals/:id',
    {
      schema: {
        tags: TAGS,
        summary: '心理转介详情 / One referral',
        description:
          'For its referrer and its team only (404 for everyone else). The team also gets the assessment, the ' +
          'contact note and the follow-ups; `abilities` says what the caller may do.',
        params: IdParams,
        response: { 200: ReferralDetail, ...errorResponses(400, 401, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return presentReferralDetail(ctx, actor, await loadReadableReferral(ctx, actor, request.params.id));
    },
  );

  app.post(
    '/api/v1/psych-referrals/:id/contact',
    {
      schema: {
        tags: TAGS,
        summary: '记录首次联系与评估 / Record the first contact and the assessment',
        description:
          'A team member: when the person was reached (`contactedAt`, default now; not in the future, not before ' +
          'the referral) and the assessment level (低/中/高/危机). Once only (422 PSYCH_REFERRAL_CONTACTED); later ' +
          'contacts are follow-ups. Audited without the note.',
        params: IdParams,
        body: ContactBody,
        response: { 200: ReferralDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await loadTeamReferral(ctx, actor, request.params.id);
      await recordContact(ctx, actor, row, request.body, request.ip);
      return presentReferralDetail(ctx, actor, await loadReadableReferral(ctx, actor, row.id));
    },
  );

  app.post(
    '/api/v1/psych-referrals/:id/follow-ups',
    {
      schema: {
        tags: TAGS,
        summary: '记录随访 / Record a follow-up',
        description:
          'A team member, after the first contact (422 PSYCH_REFERRAL_NOT_CONTACTED before it): the day (not in ' +
          'the future, not before the referral), what was found and, when it changed, the assessment level.',
        params: IdParams,
        body: FollowUpBody,
        response: { 200: ReferralDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await loadTeamReferral(ctx, actor, request.params.id);
      await addFollowUp(ctx, actor, row, request.body, request.ip);
      return presentReferralDetail(ctx, actor, await loadReadableReferral(ctx, actor, row.id));
    },
  );

  app.post(
    '/api/v1/psych-referrals/:id/close',
    {
      schema: {
        tags: TAGS,
        summary: '结案 / Close the referral',
        description:
          'A team member closes the referral with a note (also one never reached: the note says why). A closed ' +
          'referral takes no more records (422 PSYCH_REFERRAL_CLOSED).',
        params: IdParams,
        body: CloseBody,
        response: { 200: ReferralDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await loadTeamReferral(ctx, actor, request.params.id);
      await closeReferral(ctx, actor, row, request.body, request.ip);
      return presentReferralDetail(ctx, actor, await loadReadableReferral(ctx, actor, row.id));
    },
  );

  app.post(
    '/api/v1/psych-referrals/:id/reveal',
    {
      schema: {
        tags: TAGS,
        summary: '查看完整电话（留痕） / Show the phone in clear (audited)',
        description: 'A team member, to call the person. Every reveal is audited (the number itself is not).',
        params: IdParams,
        body: RevealBody,
        response: { 200: RevealOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const row = await loadTeamReferral(ctx, actor, request.params.id);
      const now = ctx.clock.now();
      await ctx.db.transaction().execute((trx) =>
        ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'psych:handle'),
            action: 'psych_referral.reveal',
            subjectType: 'psych_referral',
            subjectId: row.id,
            outcome: 'success',
            clientIp: request.ip,
            details: { fields: ['phone'] },
          },
          now,
        ),
      );
      return { phone: row.phone_enc ? ctx.cipher.decrypt(row.phone_enc) : null };
    },
  );
}
