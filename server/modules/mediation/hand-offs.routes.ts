// HTTP for hand-offs (诉调/警调/访调对接) and public hearings (公开听证).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  IdParams,
  Page,
  decodeCursor,
  keysetPage,
  errorResponses,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, can, membershipHolds, userNames, type Actor } from '../auth/index.ts';
import { findUnitById } from '../org/index.ts';
import { caseMatches, caseScope, findCaseBriefs, loadVisibleCase, type LoadedCase } from '../cases/index.ts';
import { oversees, memberOf } from './mediation.policy.ts';
import { REFERRAL_EXPORT_COLUMNS, REFERRAL_EXPORT_PAGE, type ExportedReferral } from './referral-export.ts';
import {
  CaseHearings,
  Hearing,
  HearingBody,
  HearingDetail,
  HearingCancelBody,
  HearingListQuery,
  HearingRecordBody,
  ReferDisputeBody,
  ReferralListQuery,
  ReferralOut,
  ReferralResultBody,
} from './mediation.schemas.ts';
import { answerReferral } from './use-cases/answer-referral.ts';
import { referDispute } from './use-cases/refer-dispute.ts';
import { findReferral, findReferrals, type ReferralRow } from './referrals.repository.ts';
import {
  closeHearing,
  mayConvene,
  presentHearing,
  scheduleHearing,
  type HearingContext,
  type HearingRow,
} from './use-cases/hearings.ts';
import { KIND_LABELS } from './referral-kinds.ts';
import { Type } from 'typebox';

const isIdCursor = positiveIntCursor('id');

function presentReferral(row: ReferralRow, now: Date) {
  return {
    id: row.id,
    kind: row.kind,
    label: KIND_LABELS[row.kind],
    status: row.status,
    caseId: row.case_id,
    caseNumber: row.case_number,
    caseTitle: row.case_title,
    caseStatus: row.case_status,
    fromUnitId: row.from_unit_id,
    fromUnitName: row.from_name,
    toUnitId: row.to_unit_id,
    toUnitName: row.to_name,
    externalRef: row.external_ref,
    note: row.note,
    deadline: row.deadline,
    overdue: row.status !== 'returned' && row.deadline !== null && row.deadline < now.toISOString().slice(0, 10),
    sentAt: row.sent_at,
    sentBy: row.sent_by_name,
    receivedAt: row.received_at,
    receivedBy: row.received_by_name,
    returnedAt: row.returned_at,
    returnedBy: row.returned_by_name,
    resultOutcome: row.result_outcome,
    result: row.result,
  };
}

/** Either end of the hand-off, or a region role overseeing where the case is. */
function mayReadReferral(actor: Actor, row: ReferralRow): boolean {
  return memberOf(actor, [row.from_unit_id, row.to_unit_id]) || oversees(actor, row.region_path);
}

/** Each hearing with its case's number and title and the name of who convened it. */
async function presentHearings(ctx: AppContext, rows: HearingRow[]) {
  const cases = await findCaseBriefs(
    ctx.db,
    rows.map((r) => r.case_id),
  );
  const people = await userNames(
    ctx.db,
    rows.map((r) => r.convened_by),
  );
  return rows.flatMap((row) => {
    const c = cases.get(row.case_id);
    if (!c) return [];
    const about: HearingContext = {
      caseNumber: c.number,
      caseTitle: c.title,
      convenedBy: row.convened_by === null ? null : { id: row.convened_by, name: people.get(row.convened_by) ?? '' },
    };
    return [presentHearing(row, about, ctx.clock.now())];
  });
}

/** One hearing of a case the actor reads, with whether the actor may record or cancel it. */
async function presentHearingDetail(ctx: AppContext, actor: Actor, loaded: LoadedCase, id: number) {
  const row = await ctx.db.selectFrom('hearing').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const [hearing] = await presentHearings(ctx, [row]);
  return { ...hearing!, abilities: { manage: row.status === 'scheduled' && mayManageHearings(actor, loaded) } };
}

/** What the routes that convene, record and cancel check: the power, then the relation to the case. */
function mayManageHearings(actor: Actor, loaded: LoadedCase): boolean {
  return actor.memberships.some((m) => membershipHolds(m, 'hearing:manage')) && mayConvene(actor, loaded);
}

async function loadReferral(ctx: AppContext, actor: Actor, id: number): Promise<ReferralRow> {
  const row = await findReferral(ctx.db, id);
  if (!row) throw new AppError('NOT_FOUND', '转办记录不存在 / No such hand-off');
  if (!mayReadReferral(actor, row))
    throw new AppError('NOT_FOUND', '转办记录不存在 / No such hand-off').denying('referral', id);
  return row;
}

export function handOffRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/referrals',
    {
      schema: {
        tags: ['hand-offs'],
        summary: '委派调解（法院、派出所、信访） / Refer a dispute to a mediation committee',
        description:
          'A court, police station or petition office refers a dispute of its area to a committee with its own reference and a deadline. The case arrives dispatched to the committee; its acceptance is the receipt and its resolution returns the result.',
        body: ReferDisputeBody,
        response: { 201: ReferralOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'referral:create');
      const { referralId } = await referDispute(ctx, actor, request.body, request.ip);
      const row = await findReferral(ctx.db, referralId);
      return reply.status(201).send(presentReferral(row!, ctx.clock.now()));
    },
  );

  app.get(
    '/api/v1/referrals',
    {
      schema: {
        tags: ['hand-offs'],
        summary: '转办收发件箱 / Hand-offs sent by or received by my units',
        description:
          '`format=xlsx` sends every hand-off of the box (not one page) as an Excel sheet, streamed, and audits the export.',
        querystring: ReferralListQuery,
        response: {
          200: jsonOrXlsx(Page(ReferralOut), '转办收发件箱 / Hand-offs'),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'referral:read');
      const q = request.query;
      const unitIds = actor.memberships.map((m) => m.unitId);
      const readIds = (before: number | undefined, limit: number) => {
        let query = ctx.db
          .selectFrom('referral')
          .select('referral.id')
          .where(q.box === 'sent' ? 'referral.from_unit_id' : 'referral.to_unit_id', 'in', unitIds);
        if (q.status) query = query.where('referral.status', '=', q.status);
        if (before !== undefined) query = query.where('referral.id', '<', before);
        return query.orderBy('referral.id', 'desc').limit(limit).execute();
      };
      if (q.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `${q.box === 'sent' ? '转办发件箱' : '转办收件箱'}-${exportStamp(now)}.xlsx`,
          sheetName: q.box === 'sent' ? '转办发件箱' : '转办收件箱',
          columns: REFERRAL_EXPORT_COLUMNS,
          rows: allPages<ExportedReferral, number>(async (before) => {
            const ids = await readIds(before, REFERRAL_EXPORT_PAGE + 1);
            const page = ids.slice(0, REFERRAL_EXPORT_PAGE);
            const rows = await findReferrals(
              ctx.db,
              page.map((r) => r.id),
            );
            return {
              rows: rows.map((r) => presentReferral(r, now)),
              next: ids.length > REFERRAL_EXPORT_PAGE ? page[page.length - 1]!.id : undefined,
            };
          }),
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'referral:read'),
            clientIp: request.ip,
            what: 'referrals',
            filters: exportFilters(q),
          },
        });
      }
      const limit = q.limit ?? 20;
      const ids = await readIds(decodeCursor(q.cursor, isIdCursor)?.id, limit + 1);
      const { page, nextCursor } = keysetPage(ids, limit, (r) => ({ id: r.id }));
      const rows = await findReferrals(
        ctx.db,
        page.map((r) => r.id),
      );
      return {
        items: rows.map((r) => presentReferral(r, ctx.clock.now())),
        nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/referrals/:id',
    {
      schema: {
        tags: ['hand-offs'],
        summary: '转办记录 / One hand-off',
        params: IdParams,
        response: { 200: ReferralOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'referral:read');
      return presentReferral(await loadReferral(ctx, actor, request.params.id), ctx.clock.now());
    },
  );

  const receiver = async (actor: Actor, id: number) => {
    const row = await loadReferral(ctx, actor, id);
    if (!memberOf(actor, [row.to_unit_id], ['department', 'mediator']))
      throw new AppError('FORBIDDEN', '只有接收单位可以签收和回复 / Only the receiving unit answers').denying(
        'referral',
        id,
      );
    return row;
  };

  app.post(
    '/api/v1/referrals/:id/receipt',
    {
      schema: {
        tags: ['hand-offs'],
        summary: '签收转办 / Receipt a hand-off',
        params: IdParams,
        response: { 200: ReferralOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'referral:read');
      const row = await receiver(actor, request.params.id);
      await answerReferral(ctx, actor, row, { step: 'receipt' }, request.ip);
      return presentReferral((await findReferral(ctx.db, row.id))!, ctx.clock.now());
    },
  );

  app.post(
    '/api/v1/referrals/:id/result',
    {
      schema: {
        tags: ['hand-offs'],
        summary: '回复转办结果 / Return the result of a hand-off',
        params: IdParams,
        body: ReferralResultBody,
        response: { 200: ReferralOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'referral:read');
      const row = await receiver(actor, request.params.id);
      await answerReferral(ctx, actor, row, { step: 'result', ...request.body }, request.ip);
      return presentReferral((await findReferral(ctx.db, row.id))!, ctx.clock.now());
    },
  );

  // 公开听证
  app.get(
    '/api/v1/cases/:id/hearings',
    {
      schema: {
        tags: ['hearings'],
        summary: '事件的听证 / Hearings of a case',
        params: IdParams,
        response: { 200: CaseHearings, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'hearing:read');
      const loaded = await loadVisibleCase(ctx, actor, request.params.id);
      const rows = await ctx.db
        .selectFrom('hearing')
        .selectAll()
        .where('case_id', '=', loaded.row.id)
        .orderBy('scheduled_at')
        .execute();
      return {
        items: await presentHearings(ctx, rows),
        abilities: { convene: mayManageHearings(actor, loaded) },
      };
    },
  );

  app.post(
    '/api/v1/cases/:id/hearings',
    {
      schema: {
        tags: ['hearings'],
        summary: '安排公开听证 / Schedule a public hearing',
        params: IdParams,
        body: HearingBody,
        response: { 201: HearingDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'hearing:manage');
      const loaded = await loadVisibleCase(ctx, actor, request.params.id);
      if (!mayConvene(actor, loaded))
        throw new AppError('FORBIDDEN', '无权安排听证 / You may not convene a hearing').denying('case', loaded.row.id);
      const id = await scheduleHearing(ctx, actor, loaded, request.body, request.ip);
      return reply.status(201).send(await presentHearingDetail(ctx, actor, loaded, id));
    },
  );

  app.get(
    '/api/v1/hearings',
    {
      schema: {
        tags: ['hearings'],
        summary: '听证日程 / Hearings in my area',
        description:
          'From `from` (now by default) on. `withinUnitId` keeps the hearings of cases in that unit and below ' +
          '(a unit of your area: 404 otherwise), e.g. to cite one in a stability risk assessment.',
        querystring: HearingListQuery,
        response: { 200: Type.Object({ items: Type.Array(Hearing) }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'hearing:read');
      const q = request.query;
      let unitPath: string | undefined;
      if (q.withinUnitId !== undefined) {
        const unit = await findUnitById(ctx.db, q.withinUnitId);
        if (!unit || !can(actor, 'hearing:read', [unit.path])) {
          const error = new AppError('NOT_FOUND', '单位不存在 / No such unit');
          throw unit ? error.denying('org_unit', unit.id) : error;
        }
        unitPath = unit.path;
      }
      const from = q.from ? new Date(q.from).toISOString() : ctx.clock.now().toISOString();
      let query = ctx.db.selectFrom('hearing').selectAll().where('hearing.scheduled_at', '>=', from);
      if (q.to) query = query.where('hearing.scheduled_at', '<=', new Date(q.to).toISOString());
      if (q.status) query = query.where('hearing.status', '=', q.status);
      // Exactly the hearings of cases in the actor's area that it may read (the case list's own condition).
      const within = actor.memberships.map((m) => m.anchorPath);
      const scope = caseScope(actor);
      const rows = await query
        .where((eb) => caseMatches(eb, 'hearing.case_id', { within, scope }))
        .$if(unitPath !== undefined, (qb) =>
          qb.where((eb) => caseMatches(eb, 'hearing.case_id', { within: [unitPath!] })),
        )
        .orderBy('hearing.scheduled_at', q.order ?? 'asc')
        .orderBy('hearing.id', q.order ?? 'asc')
        .limit(200)
        .execute();
      return { items: await presentHearings(ctx, rows) };
    },
  );

  app.get(
    '/api/v1/hearings/:id',
    {
      schema: {
        tags: ['hearings'],
        summary: '一次听证（含公告、记录） / One hearing, with its notice and minutes',
        params: IdParams,
        response: { 200: HearingDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'hearing:read');
      const { hearing, loaded } = await visibleHearing(actor, request.params.id);
      return presentHearingDetail(ctx, actor, loaded, hearing.id);
    },
  );

  /** A hearing of a case the actor reads; any other "does not exist" (404). */
  const visibleHearing = async (actor: Actor, id: number) => {
    const hearing = await ctx.db.selectFrom('hearing').selectAll().where('id', '=', id).executeTakeFirst();
    if (!hearing) throw new AppError('NOT_FOUND', '听证不存在 / No such hearing');
    const loaded = await loadVisibleCase(ctx, actor, hearing.case_id).catch(() => {
      throw new AppError('NOT_FOUND', '听证不存在 / No such hearing').denying('hearing', id);
    });
    return { hearing, loaded };
  };

  const hearingAction = async (actor: Actor, id: number) => {
    const { hearing, loaded } = await visibleHearing(actor, id);
    if (!mayConvene(actor, loaded))
      throw new AppError('FORBIDDEN', '无权办理听证 / You may not manage this hearing').denying('hearing', id);
    return { hearing, loaded };
  };

  app.post(
    '/api/v1/hearings/:id/record',
    {
      schema: {
        tags: ['hearings'],
        summary: '记录听证情况与结果 / Record what the hearing heard and decided',
        params: IdParams,
        body: HearingRecordBody,
        response: { 200: HearingDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'hearing:manage');
      const { hearing, loaded } = await hearingAction(actor, request.params.id);
      await closeHearing(ctx, actor, loaded, hearing, { step: 'record', ...request.body }, request.ip);
      return presentHearingDetail(ctx, actor, loaded, hearing.id);
    },
  );

  app.post(
    '/api/v1/hearings/:id/cancel',
    {
      schema: {
        tags: ['hearings'],
        summary: '取消听证 / Cancel a hearing',
        params: IdParams,
        body: HearingCancelBody,
        response: { 200: HearingDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'hearing:manage');
      const { hearing, loaded } = await hearingAction(actor, request.params.id);
      await closeHearing(ctx, actor, loaded, hearing, { step: 'cancel', ...request.body }, request.ip);
      return presentHearingDetail(ctx, actor, loaded, hearing.id);
    },
  );
}
