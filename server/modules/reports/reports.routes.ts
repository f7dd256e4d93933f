// HTTP for reports: the monthly Word report of a unit (.docx), audited on every download.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { currentMonth, parsePeriod } from '../../../common/period.ts';
import { auditActorOf, authorize } from '../auth/index.ts';
import { findUnitById } from '../org/index.ts';
import { caseScope } from '../cases/index.ts';
import { pathIds } from '../../platform/db/subtree.ts';
import { gatherMonthlyReport } from './monthly-report.ts';
import { renderMonthlyReportDocx } from './monthly-report-docx.ts';

const TAGS = ['reports'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const MonthlyReportQuery = Type.Object(
  {
    unitId: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2_147_483_647,
        description: '行政区域，默认本人辖区 / A region; the caller’s jurisdiction when it is one region',
      }),
    ),
    period: Type.Optional(
      Type.String({
        maxLength: 40,
        description:
          '2026-11、2026-Q4、2026 或 2026-11-01..2026-11-15，默认本月 / A month, quarter, year or day range; the current month when absent',
      }),
    ),
  },
  { additionalProperties: false },
);

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

export function reportRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/reports/monthly',
    {
      schema: {
        tags: TAGS,
        summary: '月度工作报告（Word） / The monthly report of a unit (.docx)',
        description:
          'A region’s report for a period: the summary written from the figures, the headline figures against the period before (the numbers of `GET /api/v1/stats/cases` for the same window and unit), the ranking of its children (`GET /api/v1/rankings`: townships of a county, counties of a city, committees of a township), charts as PNG, top categories and hot-spot grids, overdue and supervised cases by number (no titles, descriptions, addresses or names). Needs `report:read` within the unit (elsewhere 404); each download is audited. 503 REPORT_CHARTS_UNAVAILABLE when the server has no CJK font.',
        querystring: MonthlyReportQuery,
        response: {
          // A binary in the OpenAPI document; typed as any for the handler, which sends a Buffer.
          200: {
            description: 'docx',
            content: { [DOCX]: { schema: { type: 'string', format: 'binary' } } },
          } as unknown as ReturnType<typeof Type.Any>,
          ...errorResponses(400, 401, 403, 404, 503),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'report:read');
      const q = request.query;
      const now = ctx.clock.now();
      const period = q.period === undefined ? currentMonth(now) : parsePeriod(q.period);
      if (!period) throw invalid('period', '周期格式应为 2026-11、2026-Q4、2026 或 起..止 / Not a period');
      const roots = caseScope(actor).regionPaths;
      const unitId = q.unitId ?? (roots.length === 1 ? pathIds(roots[0]!).at(-1) : undefined);
      if (unitId === undefined) throw invalid('unitId', '请选择单位 / Choose a unit');
      const unit = await findUnitById(ctx.db, unitId);
      if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
      await authorize(ctx, request, 'report:read', { paths: [unit.path], type: 'unit', id: unit.id });
      if (unit.type !== 'region') throw invalid('unitId', '请选择行政区域或网格 / Choose a region or grid');

      const report = await gatherMonthlyReport(ctx, actor, unit, period);
      const docx = await renderMonthlyReportDocx(report);
      await ctx.db.transaction().execute((trx) =>
        ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'report:read'),
            action: 'report.monthly',
            subjectType: 'org_unit',
            subjectId: unit.id,
            outcome: 'success',
            clientIp: request.ip,
            details: { period: period.label, bytes: docx.length },
          },
          now,
        ),
      );
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', attachmentDisposition(`${unit.name}${report.periodName}工作月报.docx`))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(docx);
    },
  );
}
