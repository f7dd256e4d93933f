// HTTP for the resident's follow-up page: public, found by the case's tracking code (issue 15) or
// by its number and the last four digits of the reporter's phone, and masked (track-view.ts).
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { WindowLimiter } from '../../platform/http/window-limiter.ts';
import { CASE_STATUSES } from '../../../common/workflow.ts';
import { CaseStatusCode } from './cases.schemas.ts';
import { findCategory } from './category.repository.ts';
import { findCaseByNumber, findCaseByTrackingCode, findTimeline, type CaseRow } from './cases.repository.ts';
import { presentTrackedCase } from './track-view.ts';
import { normaliseTrackingCode } from './tracking-code.ts';

const TrackQuery = Type.Object(
  {
    code: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        pattern: '^[0-9A-Za-z -]+$',
        description:
          '查询码（回执或短信上的；不区分大小写） / The tracking code from the receipt or SMS (any case, spaces and dashes ignored)',
      }),
    ),
    number: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 40,
        pattern: '^[0-9A-Za-z-]+$',
        description: '事件编号（与 phoneLast4 一起） / Case number, with phoneLast4',
      }),
    ),
    phoneLast4: Type.Optional(
      Type.String({
        pattern: '^[0-9]{4}$',
        description: '报告人手机号后四位 / Last four digits of the phone',
      }),
    ),
  },
  { additionalProperties: false },
);

const TrackedCase = Type.Object(
  {
    number: Type.String(),
    title: Type.String(),
    status: Type.String({ enum: [...CASE_STATUSES], description: 'status code; the client translates it' }),
    categoryName: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
    timeline: Type.Array(
      Type.Object({
        action: Type.String(),
        toStatus: CaseStatusCode,
        at: Type.String(),
        unitName: Type.Optional(
          Type.String({
            description: '给出办理结果的主办单位（仅此一步） / The lead unit, on the step of its result only',
          }),
        ),
      }),
    ),
  },
  { title: 'TrackedCase' },
);

const notFound = () => new AppError('NOT_FOUND', '未找到该事件，请核对查询码或编号和手机号后四位 / No such case');

const askedWrong = () =>
  new AppError(
    'VALIDATION_FAILED',
    '请提供查询码，或事件编号和手机号后四位 / Give a tracking code, or a number and the last four digits',
    [{ field: 'code', message: '查询码，或 number 与 phoneLast4 / code, or number with phoneLast4' }],
  );

export function trackRoutes(app: Api, ctx: AppContext): void {
  // Four digits are a weak secret: besides the requests per minute, each client address may miss
  // only this many times per window, on any numbers. Per address and never per case number, which
  // would let anyone lock a resident out of following their own case by missing on purpose.
  // Unknown numbers count the same, so the limit says nothing about whether a number exists.
  // Per process, like every cache here.
  const missesPerAddress = new WindowLimiter(20, 15 * 60_000);

  app.get(
    '/api/v1/track',
    {
      config: { auth: 'public', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['cases'],
        summary: '群众查询办理进度 / Follow a case (public)',
        description:
          'No sign-in. Either `code`, the tracking code on the receipt and in the SMS, or both `number` and `phoneLast4`, the case number and the last four digits of the phone given at intake (not both ways at once: 400). A code that finds no case, or a number and digits that do not match, is 404 NOT_FOUND, the same for every miss. Shows the title, status code, category, times and a timeline of the changes of status and the rating, naming no unit but the lead unit on the step where it gave the result. Per client address: 30 requests a minute, and 20 failed lookups per 15 minutes (then 429 with Retry-After, even for the right digits).',
        security: [],
        querystring: TrackQuery,
        response: { 200: TrackedCase, ...errorResponses(400, 404, 429) },
      },
    },
    async (request, reply) => {
      const { code, number, phoneLast4 } = request.query;
      const byCode = code !== undefined;
      if (
        byCode ? number !== undefined || phoneLast4 !== undefined : number === undefined || phoneLast4 === undefined
      ) {
        throw askedWrong();
      }
      // Counted before the lookup and forgiven when it finds the case: lookups still in flight count.
      if (!missesPerAddress.hit(request.ip)) {
        void reply.header('retry-after', String(missesPerAddress.retryAfterSeconds()));
        throw new AppError('RATE_LIMITED', '查询失败次数过多，请稍后再试 / Too many failed lookups, try again later');
      }
      let row: CaseRow | undefined;
      if (byCode) {
        // A code that cannot be one is a miss like any other: the answer says nothing of the alphabet.
        const normalised = normaliseTrackingCode(code);
        row = normalised ? await findCaseByTrackingCode(ctx.db, normalised) : undefined;
      } else {
        const digest = ctx.cipher.blindIndex(phoneLast4!);
        const found = await findCaseByNumber(ctx.db, number!);
        row =
          found && found.reporter_phone_last4_hash !== null && found.reporter_phone_last4_hash === digest
            ? found
            : undefined;
      }
      if (!row) throw notFound();
      missesPerAddress.forgive(request.ip);
      const [category, timeline] = await Promise.all([
        findCategory(ctx.db, row.category_code),
        findTimeline(ctx.db, row.id),
      ]);
      return presentTrackedCase(row, category?.name ?? row.category_code, timeline);
    },
  );
}
