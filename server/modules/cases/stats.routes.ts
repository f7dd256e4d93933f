// HTTP for dashboard figures (响应率、解决率、满意率、按时办结率) and the overdue list, scoped to the
// caller exactly like the case list.
import { readContext, type AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { auditActorOf, authorize } from '../auth/index.ts';
import { findUnitById, type OrgUnitRow } from '../org/index.ts';
import type { FastifyRequest } from 'fastify';
import { KPIS, RATES, type KpiName, type RateName } from './kpi.ts';
import { beijingMonthOf, bucketsBetween } from './stats-period.ts';
import { dashboardFigures, everyOverdueCase, overdueCases } from './stats-dashboard.ts';
import { STATS_EXPORT_COLUMNS, statsExportRows } from './stats-export.ts';
import { CASE_EXPORT_COLUMNS, withNames } from './case-export.ts';
import { exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { CaseStats, CaseStatsQuery, OverdueList, OverdueQuery } from './stats.schemas.ts';

const TAGS = ['stats'];

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

const kpiLine = (name: KpiName) => `  - *${KPIS[name].en}* (${KPIS[name].zh}): ${KPIS[name].description};`;
const RATE_NAMES = Object.keys(RATES) as RateName[];
const RATE_PARTS = [...new Set(RATE_NAMES.flatMap((r) => [RATES[r].numerator, RATES[r].denominator]))];

// The definitions come from kpi.ts, the one place they are written.
const STATS_DESCRIPTION = `Cases registered in [from, to) (ISO date-times with an offset; each bound defaults to its end of the current Beijing month), visible to the caller as in the case list, optionally within \`unitId\` (a region in the caller's jurisdiction).

- \`total\`: all those cases, cancelled included; \`byStatus\`: their current status.
- \`byUnit\`: the child regions of \`unitId\`, or of the caller's jurisdiction root (with several roots: the roots themselves). A case placed directly on the parent unit counts in none of them.
- \`byPeriod\`: Beijing days, weeks (labelled by their Monday) or months of registration, zero-filled.
- \`rates\` are numbers 0–1, or null when the denominator is 0:
${RATE_NAMES.map((r) => `  - **${r}** (${RATES[r].zh}) = *${KPIS[RATES[r].numerator].en}* ÷ *${KPIS[RATES[r].denominator].en}*`).join('\n')}
- \`overdue\`: how many of those cases are overdue now (the count of \`GET /api/v1/stats/overdue\` for the same window).

\`format=xlsx\` sends the same figures as one Excel table (totals, rates, then by unit, by category and by period, a 分组 column naming which), audited.

Where a case counts:
${[...RATE_PARTS, 'overdue' as const].map(kpiLine).join('\n')}`;

const OVERDUE_DESCRIPTION = `Open cases past their time limit now (${KPIS.overdue.description}), oldest deadline first, visible to the caller as in the case list, optionally within \`unitId\` and registered in [from, to) (each bound open when left out). \`items\` holds the first \`limit\` (default 50), \`total\` counts them all. \`format=xlsx\` sends all of them (\`limit\` is ignored) as an Excel sheet, streamed, and audits the export.`;

export function statsRoutes(app: Api, ctx: AppContext): void {
  /** The unit named by `unitId`, if the caller may see figures for it (404 otherwise). */
  async function regionParam(request: FastifyRequest, unitId: number | undefined): Promise<OrgUnitRow | undefined> {
    if (unitId === undefined) return undefined;
    const unit = await findUnitById(ctx.db, unitId);
    if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
    await authorize(ctx, request, 'stats:read', { paths: [unit.path], type: 'unit', id: unit.id });
    if (unit.type !== 'region') throw invalid('unitId', '请选择行政区域或网格 / Choose a region or grid');
    return unit;
  }

  app.get(
    '/api/v1/stats/cases',
    {
      schema: {
        tags: TAGS,
        summary: '事件统计：响应率、解决率、满意率 / Case figures for dashboards',
        description: STATS_DESCRIPTION,
        querystring: CaseStatsQuery,
        response: {
          200: jsonOrXlsx(CaseStats, '事件统计 / The case figures'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'stats:read');
      const q = request.query;
      const unit = await regionParam(request, q.unitId);
      const month = beijingMonthOf(ctx.clock.now());
      const from = q.from ? new Date(q.from) : month.from;
      const to = q.to ? new Date(q.to) : month.to;
      if (to.getTime() <= from.getTime()) throw invalid('to', '结束时间须晚于开始时间 / Must be after from');
      const period = q.period ?? 'day';
      const buckets = bucketsBetween(from, to, period);
      if (buckets === null)
        throw invalid('period', '时间段过多，请选择更粗的周期 / Too many periods; choose a coarser one');

      // Dashboards read the replica while it is fresh (ADR 0041); the export's audit row, the primary.
      const figures = await dashboardFigures(readContext(ctx, actor), actor, { from, to, unit, period });
      if (q.format !== 'xlsx') return figures;
      const now = ctx.clock.now();
      return sendXlsx(reply, {
        filename: `事件统计-${exportStamp(now)}.xlsx`,
        sheetName: '事件统计',
        columns: STATS_EXPORT_COLUMNS,
        rows: statsExportRows(figures),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, 'stats:read'),
          clientIp: request.ip,
          what: 'case_stats',
          filters: exportFilters(q),
        },
      });
    },
  );

  app.get(
    '/api/v1/stats/overdue',
    {
      schema: {
        tags: TAGS,
        summary: '超期未办结事件 / Open cases past their time limit',
        description: OVERDUE_DESCRIPTION,
        querystring: OverdueQuery,
        response: {
          200: jsonOrXlsx(OverdueList, '超期未办结事件 / The overdue cases'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'stats:read');
      const q = request.query;
      const unit = await regionParam(request, q.unitId);
      const from = q.from === undefined ? undefined : new Date(q.from);
      const to = q.to === undefined ? undefined : new Date(q.to);
      if (from && to && to.getTime() <= from.getTime())
        throw invalid('to', '结束时间须晚于开始时间 / Must be after from');
      const reads = readContext(ctx, actor);
      if (q.format !== 'xlsx') return overdueCases(reads, actor, { from, to, unit, limit: q.limit ?? 50 });
      const now = ctx.clock.now();
      async function* rows() {
        for await (const page of everyOverdueCase(reads, actor, { from, to, unit }))
          yield* await withNames(reads, page);
      }
      return sendXlsx(reply, {
        filename: `超期事件-${exportStamp(now)}.xlsx`,
        sheetName: '超期事件',
        columns: CASE_EXPORT_COLUMNS,
        rows: rows(),
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, 'stats:read'),
          clientIp: request.ip,
          what: 'overdue',
          filters: exportFilters(q),
        },
      });
    },
  );
}
