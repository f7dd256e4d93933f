// HTTP for rankings (排名) and assessment (考核): the ranking of a level's units for a period, the
// scheme versions, and the scores a period got under the scheme in force.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readContext, type AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { exportFilters, exportStamp, jsonOrXlsx, sendXlsx, type XlsxColumn } from '../../platform/http/xlsx.ts';
import { currentMonth, parsePeriod, rangePeriod, type ReportPeriod } from '../../../common/period.ts';
import { auditActorOf, authorize, jurisdictionPaths, type Action } from '../auth/index.ts';
import { KPIS, RATES } from '../cases/index.ts';
import { findUnitById, type OrgUnitRow } from '../org/index.ts';
import type { Static } from 'typebox';
import {
  CreateSchemeBody,
  RankingQuery,
  RankingRowOut,
  RankingTableOut,
  RecomputeBody,
  SchemeList,
  SchemeOut,
  ScoreOut,
  ScoreQuery,
} from './assessment.schemas.ts';
import { keptRankings } from './ranking-snapshot.ts';
import { listSchemes, usedSchemeIds, type SchemeVersion } from './scheme.repository.ts';
import { createScheme } from './use-cases/create-scheme.ts';
import { periodScores, recomputeScores } from './use-cases/score-period.ts';

const TAGS = ['assessment'];

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

type ExportedRow = Static<typeof RankingRowOut>;

const UNRANKED: Record<string, string> = {
  no_cases: '无案件，不排名',
  below_minimum_sample: '样本不足，不排名',
  no_rates: '无可计算比率，不排名',
};

/** The columns of a ranking or score sheet: as the rankings page shows them, rates as percentages. */
export const RANKING_EXPORT_COLUMNS: readonly XlsxColumn<ExportedRow>[] = [
  { key: 'rank', header: '排名', width: 8, type: 'number' },
  { key: 'tied', header: '并列', width: 6, value: (r) => (r.tied ? '是' : '') },
  { key: 'unitName', header: '单位', width: 24 },
  { key: 'received', header: '受理量', width: 10, type: 'number' },
  { key: 'responseRate', header: '响应率', width: 10, type: 'percent' },
  { key: 'resolutionRate', header: '解决率', width: 10, type: 'percent' },
  { key: 'satisfactionRate', header: '满意率', width: 10, type: 'percent' },
  {
    key: 'satisfactionSource',
    header: '满意率来源',
    width: 12,
    value: (r) => (r.satisfactionSource === 'sampled' ? '第三方抽样' : '自报'),
  },
  { key: 'onTimeRate', header: '按时办结率', width: 12, type: 'percent' },
  { key: 'acceptedOnTimeRate', header: '按时受理率', width: 12, type: 'percent' },
  { key: 'reopened', header: '重新办理', width: 10, type: 'number' },
  { key: 'overdueNow', header: '当前超期', width: 10, type: 'number' },
  { key: 'supervised', header: '督办', width: 8, type: 'number' },
  { key: 'redCarded', header: '红牌', width: 8, type: 'number' },
  { key: 'leaderSettled', header: '领导包案已办结', width: 14, type: 'number' },
  { key: 'leaderOpen', header: '领导包案未办结', width: 14, type: 'number' },
  { key: 'score', header: '综合得分', width: 10, type: 'number' },
  { key: 'previousRank', header: '上期排名', width: 10, type: 'number', value: (r) => r.previous.rank },
  { key: 'rankChange', header: '名次变化', width: 10, type: 'number', value: (r) => r.change.rank },
  {
    key: 'unrankedReason',
    header: '未排名原因',
    width: 18,
    value: (r) => (r.unrankedReason ? UNRANKED[r.unrankedReason] : null),
  },
];

const rateLine = (r: keyof typeof RATES) =>
  `  - \`${r}Rate\` (${RATES[r].zh}) = *${KPIS[RATES[r].numerator].en}* ÷ *${KPIS[RATES[r].denominator].en}*`;

const RANKING_DESCRIPTION = `The units of one \`level\` under \`withinUnitId\` (default: the caller's own area; outside the caller's jurisdiction it does not exist, 404) for a period: \`period\` (\`2026-11\`, \`2026-Q4\`, \`2026\`, \`2026-11-01..2026-11-15\`) or \`from\`/\`to\` (Beijing days, both included); default the current Beijing month.

Levels and where a case counts:
- \`township\` (the townships of a county) and \`county\` (the counties of a city): by **location** — the cases located in the unit's subtree, as the dashboard (\`GET /api/v1/stats/cases\`) counts them, so the townships of a county add up to the county's dashboard figures except for cases placed directly on the county itself.
- \`department\` (the departments right under a county or township) and \`committee\` (the mediation committees anywhere under the unit): by **lead unit** — the cases the unit leads now.

Each row counts the cases registered in the period by the KPI rules of the cases module (the same rules as the dashboard): \`received\` (${KPIS.all.zh}), ${(['responded', 'notCancelled', 'resolved', 'rated', 'satisfied', 'unsatisfied', 'handlingDue', 'handledOnTime', 'reopened', 'supervised', 'redCarded'] as const).map((k) => `\`${k}\` (${KPIS[k].zh}: ${KPIS[k].description})`).join(', ')}, \`overdueNow\` (${KPIS.overdue.description}), \`accepted\`/\`acceptedOnTime\` (按时签收: the first acceptance no later than the deadline of the assignment it answered). Rates are 0–1 or null:
${(Object.keys(RATES) as (keyof typeof RATES)[]).map(rateLine).join('\n')}
  - \`acceptedOnTimeRate\` = acceptedOnTime ÷ accepted

\`score\` is computed by the assessment scheme in force on the period's first day (see \`GET /api/v1/assessment-schemes\`); \`rank\` is a competition rank (1, 2, 2, 4: equal scores share a rank and are flagged \`tied\`). A unit with no cases, or fewer than the scheme's minimum sample, is listed with \`rank: null\` and \`unrankedReason\`. \`previous\` and \`change\` compare with \`previousPeriod\` (the period of the same kind just before): \`change.rank\` is the places moved up.

The table is kept (ADR 0022): \`computedAt\` says when its figures were computed. A kept table younger than the server's bound (\`RANKINGS_MAX_AGE_SECONDS\`, default 300 s) is answered as it is; an older one is still answered while the server recomputes it in the background, so figures may lag the cases by the bound plus one computation. A new scheme version or a recompute of scores discards every kept table.`;

export function assessmentRoutes(app: Api, ctx: AppContext): void {
  function periodOf(q: { period?: string | undefined; from?: string | undefined; to?: string | undefined }) {
    if (q.period !== undefined && (q.from !== undefined || q.to !== undefined))
      throw invalid('period', '请只给出 period 或 from/to 之一 / Give period or from/to, not both');
    if (q.period !== undefined) {
      const period = parsePeriod(q.period);
      if (!period) throw invalid('period', '周期无效 / Not a period (2026-11, 2026-Q4, 2026, or a day range)');
      return period;
    }
    if (q.from !== undefined || q.to !== undefined) {
      if (q.from === undefined || q.to === undefined)
        throw invalid('to', '请同时给出 from 和 to / Give both from and to');
      const period = rangePeriod(q.from, q.to);
      if (!period) throw invalid('to', '日期范围无效 / Not a valid range of days');
      return period;
    }
    return currentMonth(ctx.clock.now());
  }

  /** The unit rankings are within, if the caller may see it (404 otherwise). */
  async function withinUnitOf(request: FastifyRequest, power: Action, id: number | undefined): Promise<OrgUnitRow> {
    const actor = await authorize(ctx, request, power);
    let unitId = id;
    if (unitId === undefined) {
      const roots = jurisdictionPaths(actor, power);
      if (roots.length !== 1) throw invalid('withinUnitId', '请选择单位 / Choose a unit');
      unitId = Number(roots[0]!.split('/').filter(Boolean).at(-1));
    }
    const unit = await findUnitById(ctx.db, unitId);
    if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
    await authorize(ctx, request, power, { paths: [unit.path], type: 'unit', id: unit.id });
    return unit;
  }

  const present = <T extends object>(table: T, unit: OrgUnitRow) => ({
    ...table,
    withinUnit: { id: unit.id, name: unit.name },
  });

  /** The table as an .xlsx sheet (`format=xlsx`), audited as `what`. */
  async function exportTable(
    request: FastifyRequest,
    reply: FastifyReply,
    what: 'rankings' | 'assessment_scores',
    table: { period: { label: string }; rows: ExportedRow[] },
    unit: OrgUnitRow,
  ) {
    const actor = await authorize(ctx, request, 'ranking:read');
    const now = ctx.clock.now();
    const title = what === 'rankings' ? '排名' : '考核得分';
    return sendXlsx(reply, {
      filename: `${title}-${unit.name}-${table.period.label}-${exportStamp(now)}.xlsx`,
      sheetName: title,
      columns: RANKING_EXPORT_COLUMNS,
      rows: table.rows,
      audit: {
        log: ctx.audit,
        db: ctx.db,
        at: now,
        actor: auditActorOf(actor, 'ranking:read'),
        clientIp: request.ip,
        what,
        filters: exportFilters({ ...(request.query as Record<string, unknown>), withinUnitId: unit.id }),
      },
    });
  }

  app.get(
    '/api/v1/rankings',
    {
      schema: {
        tags: TAGS,
        summary: '排名：受理、响应率、解决率、满意率与综合得分 / Rankings of units',
        description: RANKING_DESCRIPTION,
        querystring: RankingQuery,
        response: {
          200: jsonOrXlsx(RankingTableOut, '排名表 / The ranking'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const unit = await withinUnitOf(request, 'ranking:read', q.withinUnitId);
      const period = periodOf(q);
      const { table, computedAt } = await keptRankings(
        ctx,
        { level: q.level, withinUnit: unit, period },
        {
          onError: (error) => request.log.error({ err: error }, 'rankings refresh failed'),
          // Computed from the replica while it is fresh (ADR 0041); kept on the primary.
          readDb: readContext(ctx, request.actor).db,
        },
      );
      if (q.format === 'xlsx') return exportTable(request, reply, 'rankings', table, unit);
      return { ...present(table, unit), computedAt };
    },
  );

  const presentScheme = (s: SchemeVersion, used: Set<number>) => ({ ...s, used: used.has(s.id) });

  app.get(
    '/api/v1/assessment-schemes',
    {
      schema: {
        tags: TAGS,
        summary: '考核方案各版本 / Assessment scheme versions',
        description:
          'Every version, newest first. A period is scored by the version with the latest `effectiveFrom` on or before its first day. `used`: some stored score was computed by it. Versions are never edited: a change is a new version.',
        response: { 200: SchemeList, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'ranking:read');
      const [schemes, used] = await Promise.all([listSchemes(ctx.db), usedSchemeIds(ctx.db)]);
      return { items: schemes.map((s) => presentScheme(s, used)) };
    },
  );

  app.post(
    '/api/v1/assessment-schemes',
    {
      schema: {
        tags: TAGS,
        summary: '新建考核方案版本 / Add a scheme version',
        description:
          'An administrator adds the next version, in force from `effectiveFrom` (a Beijing day). `rules`: relative `weights` of the rates (response, resolution, satisfaction, onTime, acceptedOnTime; at least one above 0), `minimumSample` (cases below which a unit is not ranked; ratings below which satisfaction is not weighed), `deductions` (points per red-carded case, per supervised case, per unsatisfied rating that stands), `bonuses` (points when a rate reaches `atLeast`), `useSampledSatisfaction` (the third-party sample replaces self-reported satisfaction where it exists), and `leaderCases` (领导包案: of the cases in the unit’s area a leader was assigned within the period, `settledBonus` points per case resolved or closed, `openDeduction` points off per case still open; absent means 0 and 0, and versions stored before it existed read 0). Score = 100 × weighted mean of the rates that exist − deductions + bonuses + leader-case points. Stored scores keep their version until recomputed. Audited.',
        body: CreateSchemeBody,
        response: { 201: SchemeOut, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'assessment:manage');
      const scheme = await createScheme(ctx, actor, request.body, request.ip);
      reply.code(201);
      return presentScheme(scheme, new Set());
    },
  );

  app.get(
    '/api/v1/assessment-scores',
    {
      schema: {
        tags: TAGS,
        summary: '考核得分 / Assessment scores of a period',
        description:
          'The ranking of `GET /api/v1/rankings` for the same query, as scored by the scheme in force for the period. Once the period is over, the first request stores the scores as a snapshot with the scheme version (`stored: true`, `computedAt`) and later requests return the snapshot until an administrator recomputes it; a period still running is computed live (`stored: false`).',
        querystring: ScoreQuery,
        response: { 200: jsonOrXlsx(ScoreOut, '考核得分 / The scores'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const unit = await withinUnitOf(request, 'ranking:read', q.withinUnitId);
      const scores = await periodScores(ctx, { level: q.level, withinUnit: unit, period: periodOf(q) });
      if (q.format === 'xlsx') return exportTable(request, reply, 'assessment_scores', scores, unit);
      return present(scores, unit);
    },
  );

  app.post(
    '/api/v1/assessment-scores/recompute',
    {
      schema: {
        tags: TAGS,
        summary: '重新计算考核得分 / Recompute a period’s scores',
        description:
          'An administrator computes the scores of the period again by the scheme in force for it now, and stores them in place of the snapshot. Audited.',
        body: RecomputeBody,
        response: { 200: ScoreOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const b = request.body;
      const actor = await authorize(ctx, request, 'assessment:manage');
      const unit = await withinUnitOf(request, 'assessment:manage', b.withinUnitId);
      const period: ReportPeriod = periodOf(b);
      const scores = await recomputeScores(ctx, actor, { level: b.level, withinUnit: unit, period }, request.ip);
      return present(scores, unit);
    },
  );
}
