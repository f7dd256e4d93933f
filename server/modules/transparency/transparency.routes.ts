// HTTP for the public results page (公开结果, issue 16): no login. Answers from the kept snapshots
// (snapshot.ts); only the period and the region asked for are checked per request.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { currentMonth, parsePeriod, previousPeriod, type ReportPeriod } from '../../../common/period.ts';
import { findUnitById } from '../org/index.ts';
import { countyOf, defaultCounties, MEMO_MS, PublicResultsCache, type AreaKey } from './snapshot.ts';
import { PublicResults, PublicResultsQuery } from './transparency.schemas.ts';

/** How far back the public page goes (older periods are in the reports). */
export const PUBLIC_YEARS_BACK = 3;

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

/** The period asked for, or the last whole month; only months, quarters and years are published. */
export function publicPeriod(text: string | undefined, now: Date): ReportPeriod {
  if (text === undefined || text === '') return previousPeriod(currentMonth(now));
  const period = parsePeriod(text);
  if (!period) throw invalid('period', '时间段格式应为 2026-11、2026-Q4 或 2026 / Use 2026-11, 2026-Q4 or 2026');
  if (period.kind === 'range')
    throw invalid('period', '公开结果按月、季度或年份发布 / Published by month, quarter or year only');
  if (Date.parse(period.from) > now.getTime()) throw invalid('period', '该时间段尚未开始 / That period has not begun');
  const earliest = new Date(now.getTime());
  earliest.setUTCFullYear(earliest.getUTCFullYear() - PUBLIC_YEARS_BACK);
  if (Date.parse(period.to) <= earliest.getTime())
    throw invalid(
      'period',
      `只公开近${PUBLIC_YEARS_BACK}年的结果 / Only the last ${PUBLIC_YEARS_BACK} years are public`,
    );
  return period;
}

const DESCRIPTION = `No login. The results of a county and its townships, or of one township, for a period (\`2026-11\`, \`2026-Q4\`, \`2026\`; default the last whole Beijing month; at most ${PUBLIC_YEARS_BACK} years back, not a day range): the figures and rates as the dashboard defines them, the county's townships ranked, the trend of the twelve months ending with the period, the categories that rose most against the previous period, and up to five resolved cases with their title and result scrubbed of names, phone numbers, ID numbers and addresses. Without \`unitId\`: the first counties by code. \`unitId\` must be a county or township region (400 otherwise, 404 when there is none).

Answered from snapshots kept per region and period (recomputed in the background when ten minutes old): figures may lag the cases by that long.`;

export function transparencyRoutes(app: Api, ctx: AppContext): void {
  const cache = new PublicResultsCache(ctx, (error) => app.log.error({ err: error }, 'public results refresh failed'));
  // Which regions a request names also stays in memory a while: the org tree changes rarely.
  const keys = new Map<string, { value: AreaKey[]; until: number }>();

  async function areasFor(unitId: number | undefined): Promise<AreaKey[]> {
    const id = unitId === undefined ? 'default' : String(unitId);
    const now = ctx.clock.now().getTime();
    const known = keys.get(id);
    if (known && known.until > now) return known.value;
    let value: AreaKey[];
    if (unitId === undefined) {
      value = (await defaultCounties(ctx)).map((county) => ({ region: county, county }));
    } else {
      const unit = await findUnitById(ctx.db, unitId);
      if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
      if (unit.type !== 'region' || (unit.level !== 'county' && unit.level !== 'township'))
        throw invalid('unitId', '请选择县（区）或乡镇（街道） / Choose a county or a township');
      const county = await countyOf(ctx, unit);
      if (!county) throw invalid('unitId', '该乡镇不属于任何县（区） / The township belongs to no county');
      value = [{ region: unit, county }];
    }
    // Only regions that exist are remembered: the map is bounded by the org tree.
    keys.set(id, { value, until: now + MEMO_MS });
    return value;
  }

  app.get(
    '/api/v1/public/results',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['transparency'],
        summary: '公开结果：办理情况、排名、趋势（无需登录） / Public results (no login)',
        description: DESCRIPTION,
        security: [],
        querystring: PublicResultsQuery,
        response: { 200: PublicResults, ...errorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const period = publicPeriod(request.query.period, ctx.clock.now());
      const areas = await Promise.all((await areasFor(request.query.unitId)).map((key) => cache.area(key, period)));
      void reply.header('cache-control', 'public, max-age=60');
      return { period: period.label, previousPeriod: previousPeriod(period).label, areas };
    },
  );
}
