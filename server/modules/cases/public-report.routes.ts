// HTTP for reports without an account (issue 15): whoever will not register still reports, gets
// the case number and the tracking code to follow it by, and nothing else. Public, so limited per
// client address and per phone number, counted in the database like every intake limit; validated
// as strictly as staff intake, and nothing is written when it refuses.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { clientKey, countHit, retryAfterSecondsOf, tryAgainIn } from '../auth/index.ts';
import { registerPublicReport } from './use-cases/register-case.ts';

/** Reports an hour from one client address, and naming one phone number, without an account. */
export const PUBLIC_REPORTS_PER_ADDRESS = 5;
export const PUBLIC_REPORTS_PER_PHONE = 3;
const HOUR_MS = 3_600_000;

const PublicReportBody = Type.Object(
  {
    categoryCode: Type.String({ minLength: 1, maxLength: 64 }),
    description: Type.String({ minLength: 1, maxLength: 5000 }),
    location: Type.Optional(
      Type.Object(
        {
          lng: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          crs: Type.Optional(Type.Union([Type.Literal('gcj02'), Type.Literal('wgs84')])),
        },
        { additionalProperties: false },
      ),
    ),
    address: Type.Optional(Type.String({ maxLength: 200 })),
    unitId: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2_147_483_647,
        description: '所在网格或村（社区），无位置时必填 / The grid or village, when no point is given',
      }),
    ),
    reporter: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          phone: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

const PublicReceipt = Type.Object(
  {
    number: Type.String({ description: '事件编号 / Case number' }),
    trackingCode: Type.String({
      description: '查询码，凭此查询进度 / Follow the case with it (GET /api/v1/track?code=)',
    }),
  },
  { title: 'PublicReceipt' },
);

export function publicReportRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/public/reports',
    {
      config: { auth: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['cases'],
        summary: '无需注册的群众上报 / Report without an account (public)',
        description: `No sign-in. Registered through the \`web\` channel like a resident's report, placed by \`location\` (the grid at the point) or \`unitId\`; one of them is required. The answer is only the case number and the tracking code (\`GET /api/v1/track?code=\` follows it); the phone, when given, is sealed and used for the received SMS, never echoed. Invalid input is refused as by staff intake (400, 422 LOCATION_OUTSIDE_GRIDS) and creates nothing. Per hour at most ${PUBLIC_REPORTS_PER_ADDRESS} valid reports from one client address and ${PUBLIC_REPORTS_PER_PHONE} naming one phone number, then 429 PUBLIC_REPORT_LIMITED with Retry-After.`,
        security: [],
        body: PublicReportBody,
        response: { 201: PublicReceipt, ...errorResponses(400, 422, 429) },
      },
    },
    async (request, reply) => {
      const spend = async (phone: string | undefined) => {
        const now = ctx.clock.now();
        const waits: number[] = [];
        // Counted in the intake windows under subjects of their own: a public report spends neither
        // a resident account's budget nor the signed-in residents' budget of the address.
        const byAddress = await countHit(
          ctx.db,
          'case_intake_address',
          `public:${clientKey(request.ip)}`,
          HOUR_MS,
          now,
        );
        if (byAddress.hits > PUBLIC_REPORTS_PER_ADDRESS) waits.push(byAddress.retryAfterSeconds);
        if (phone !== undefined) {
          // The phone's blind index, never the number: the window table is no directory.
          const byPhone = await countHit(
            ctx.db,
            'case_intake_resident',
            `phone:${ctx.cipher.blindIndex(phone)}`,
            HOUR_MS,
            now,
          );
          if (byPhone.hits > PUBLIC_REPORTS_PER_PHONE) waits.push(byPhone.retryAfterSeconds);
        }
        if (waits.length > 0) {
          throw tryAgainIn('PUBLIC_REPORT_LIMITED', { zh: '提交过于频繁', en: 'Too many reports' }, Math.max(...waits));
        }
      };
      try {
        const { row } = await registerPublicReport(ctx, request.body, request.ip, spend);
        return await reply.status(201).send({ number: row.number, trackingCode: row.tracking_code });
      } catch (error) {
        const seconds = retryAfterSecondsOf(error);
        if (seconds !== undefined) void reply.header('retry-after', String(seconds));
        throw error;
      }
    },
  );
}
