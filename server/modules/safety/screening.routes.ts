// HTTP for the screening ledgers (排查台账): a grid worker records its grid's or village's screening
// and findings (on a phone), turns a finding into a case; the region roles read the ledgers and a
// township sees which of its grids and villages have not screened this period.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, Page, decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.ts';
import { maskPhone } from '../../platform/crypto/personal-data.ts';
import { auditActorOf, authorize, jurisdictionPaths, type Actor } from '../auth/index.ts';
import { findCaseBriefs } from '../cases/index.ts';
import { currentMonth, parsePeriod } from '../../../common/period.ts';
import { canReadLedgerAt, canRecordAt, defaultRegion, regionInReach } from './safety.policy.ts';
import {
  findFinding,
  findScreening,
  listFindings,
  listScreenings,
  saveSchedule,
  type FindingRow,
  type ScreeningRow,
} from './screening.repository.ts';
import { screeningCoverage } from './screening-coverage.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import {
  COVERAGE_EXPORT_COLUMNS,
  FINDING_EXPORT_COLUMNS,
  SCREENING_EXPORT_COLUMNS,
  SCREENING_EXPORT_PAGE,
  type ExportedScreening,
} from './screening-export.ts';
import {
  CoverageOut,
  CoverageQuery,
  CreateScreeningBody,
  FindingBody,
  FindingOut,
  FindingParams,
  ScheduleBody,
  ScheduleOut,
  ScheduleParams,
  ScreeningListItem,
  ScreeningDetailQuery,
  ScreeningOut,
  ScreeningQuery,
  ToCaseBody,
  ToCaseOut,
  ToMediationOut,
} from './screening.schemas.ts';
import { recordScreening } from './use-cases/record-screening.ts';
import { addFinding } from './use-cases/add-finding.ts';
import { findingToCase } from './use-cases/finding-to-case.ts';
import { findingToMediation } from './use-cases/finding-to-mediation.ts';
import { findFileBriefs } from '../mediation/index.ts';

const TAGS = ['screenings'];

const isIdCursor = (value: unknown): value is { before: number } =>
  typeof value === 'object' &&
  value !== null &&
  Number.isSafeInteger((value as { before?: unknown }).before) &&
  (value as { before: number }).before > 0;

const presentScreening = (s: ScreeningRow) => ({
  id: s.id,
  unitId: s.unitId,
  unitName: s.unitName,
  frequency: s.frequency,
  period: s.period,
  screenedBy: s.screenedBy,
  screenedByName: s.screenedByName,
  doneAt: s.doneAt,
  note: s.note,
  findingCount: s.findingCount,
  createdAt: s.createdAt,
});

function presentFinding(
  ctx: AppContext,
  actor: Actor,
  s: ScreeningRow,
  f: FindingRow,
  numbers: Map<number, string>,
  files: Map<number, string> = new Map(),
) {
  const open = f.caseId === null && f.mediationFileId === null && canRecordAt(actor, s.unitPath);
  return {
    id: f.id,
    screeningId: f.screeningId,
    parties: f.parties.map((p) => ({
      name: p.name,
      phone: p.phoneEnc ? maskPhone(ctx.cipher.decrypt(p.phoneEnc)) : null,
    })),
    description: f.description,
    riskGrade: f.riskGrade,
    measures: f.measures,
    responsiblePerson: f.responsiblePerson,
    caseId: f.caseId,
    caseNumber: f.caseId !== null ? (numbers.get(f.caseId) ?? null) : null,
    mediationFileId: f.mediationFileId,
    mediationFileNumber: f.mediationFileId !== null ? (files.get(f.mediationFileId) ?? null) : null,
    createdAt: f.createdAt,
    abilities: { toCase: open, toMediation: open },
  };
}

async function presentWithFindings(ctx: AppContext, actor: Actor, s: ScreeningRow) {
  const findings = await listFindings(ctx.db, s.id);
  const briefs = await findCaseBriefs(
    ctx.db,
    findings.flatMap((f) => (f.caseId !== null ? [f.caseId] : [])),
  );
  const numbers = new Map([...briefs].map(([id, b]) => [id, b.number]));
  const fileBriefs = await findFileBriefs(
    ctx.db,
    findings.flatMap((f) => (f.mediationFileId !== null ? [f.mediationFileId] : [])),
  );
  const files = new Map([...fileBriefs].map(([id, b]) => [id, b.number]));
  return {
    ...presentScreening(s),
    findings: findings.map((f) => presentFinding(ctx, actor, s, f, numbers, files)),
    abilities: { addFinding: canRecordAt(actor, s.unitPath) },
  };
}

/** The screening if the actor reads (or, for `record`, writes) its unit's ledger; 404 otherwise. */
async function loadScreening(ctx: AppContext, actor: Actor, id: number, record = false): Promise<ScreeningRow> {
  const s = await findScreening(ctx.db, id);
  if (!s || !(record ? canRecordAt(actor, s.unitPath) : canReadLedgerAt(actor, s.unitPath))) {
    const error = new AppError('NOT_FOUND', '排查记录不存在 / No such screening');
    throw s ? error.denying('screening_record', id) : error;
  }
  return s;
}

function monthOf(ctx: AppContext, label: string | undefined) {
  return label === undefined ? currentMonth(ctx.clock.now()) : parsePeriod(label);
}

const badPeriod = () =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
    { field: 'period', message: '月份无效 / Not a valid month (YYYY-MM)' },
  ]);

export function screeningRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/screenings',
    {
      schema: {
        tags: TAGS,
        summary: '排查台账 / Screening ledger',
        description:
          "The screenings of the grids and villages in the caller's jurisdiction (under `withinUnitId` when given), " +
          'newest first; `period` (YYYY-MM) keeps those done in that Beijing month. `format=xlsx` sends every ' +
          'matching screening (not one page) as an Excel sheet, streamed, and audits the export.',
        querystring: ScreeningQuery,
        response: {
          200: jsonOrXlsx(Page(ScreeningListItem), '排查台账 / Screening ledger'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'screening:read');
      const q = request.query;
      const within =
        q.withinUnitId !== undefined ? await regionInReach(ctx, actor, q.withinUnitId, 'screening:read') : null;
      const month = q.period !== undefined ? parsePeriod(q.period) : undefined;
      if (month === null) throw badPeriod();
      const filter = {
        scopePaths: jurisdictionPaths(actor, 'screening:read'),
        withinPath: within?.path,
        from: month?.from,
        to: month?.to,
      };
      if (q.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `排查台账-${exportStamp(now)}.xlsx`,
          sheetName: '排查台账',
          columns: SCREENING_EXPORT_COLUMNS,
          rows: allPages<ExportedScreening, number>(async (beforeId) => {
            const rows = await listScreenings(ctx.db, { ...filter, beforeId, limit: SCREENING_EXPORT_PAGE + 1 });
            const page = rows.slice(0, SCREENING_EXPORT_PAGE);
            return {
              rows: page.map(presentScreening),
              next: rows.length > SCREENING_EXPORT_PAGE ? page[page.length - 1]!.id : undefined,
            };
          }),
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'screening:read'),
            clientIp: request.ip,
            what: 'screenings',
            filters: exportFilters(q),
          },
        });
      }
      const limit = q.limit ?? 20;
      const before = decodeCursor(q.cursor, isIdCursor)?.before;
      const rows = await listScreenings(ctx.db, { ...filter, beforeId: before, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: page.map(presentScreening),
        nextCursor: rows.length > limit ? encodeCursor({ before: page[page.length - 1]!.id }) : null,
      };
    },
  );

  app.post(
    '/api/v1/screenings',
    {
      schema: {
        tags: TAGS,
        summary: '登记排查 / Record a screening',
        description:
          "A grid worker records its grid's or village's screening for disputes, with any `findings` (parties, " +
          "description, risk grade red/orange/yellow/blue, measures, responsible person). Parties' phones are sealed " +
          "and shown masked. The period is the unit's schedule period (weekly: the week's Monday; monthly: the month) " +
          'containing `doneAt` (default: now). A unit that is not a grid or village: 422 SCREENING_UNIT_INVALID; one ' +
          "outside the caller's area: 404.",
        body: CreateScreeningBody,
        response: { 201: ScreeningOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'screening:record');
      const id = await recordScreening(ctx, actor, request.body, request.ip);
      reply.code(201);
      return presentWithFindings(ctx, actor, (await findScreening(ctx.db, id))!);
    },
  );

  app.get(
    '/api/v1/screenings/coverage',
    {
      schema: {
        tags: TAGS,
        summary: '排查覆盖情况 / Which grids and villages have screened',
        description:
          "Every grid and village at or under `withinUnitId` (default: the top of the caller's area) with its " +
          'schedule, the periods of `period` (YYYY-MM, default: this month) begun so far, those screened, and ' +
          '`screened: false` for those still missing one — unscreened first. `format=xlsx` sends the same rows ' +
          'as an Excel sheet and audits the export.',
        querystring: CoverageQuery,
        response: {
          200: jsonOrXlsx(CoverageOut, '排查覆盖情况 / Screening coverage'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'screening:read');
      const q = request.query;
      const unit =
        q.withinUnitId !== undefined
          ? await regionInReach(ctx, actor, q.withinUnitId, 'screening:read')
          : await defaultRegion(ctx, actor, 'screening:read');
      const month = monthOf(ctx, q.period);
      if (!month) throw badPeriod();
      const rows = await screeningCoverage(ctx.db, unit.path, month, ctx.clock.now());
      const items = [...rows]
        .sort((a, b) => Number(a.screened) - Number(b.screened) || (a.code < b.code ? -1 : 1))
        .map(({ path: _path, ...rest }) => rest);
      if (q.format === 'xlsx') {
        const now = ctx.clock.now();
        return sendXlsx(reply, {
          filename: `排查覆盖-${month.label}-${exportStamp(now)}.xlsx`,
          sheetName: `排查覆盖 ${month.label}`,
          columns: COVERAGE_EXPORT_COLUMNS,
          rows: items,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'screening:read'),
            clientIp: request.ip,
            what: 'screening_coverage',
            filters: { ...exportFilters(q), withinUnitId: unit.id, period: month.label },
          },
        });
      }
      return {
        unitId: unit.id,
        period: month.label,
        units: rows.length,
        screened: rows.filter((r) => r.screened).length,
        items,
      };
    },
  );

  app.put(
    '/api/v1/screenings/schedules/:unitId',
    {
      schema: {
        tags: TAGS,
        summary: '设置排查频次 / Set a screening schedule',
        description:
          'An administrator sets how often the grids and villages at or under a region unit screen (weekly or ' +
          'monthly); the nearest unit with a schedule decides, monthly when none has one.',
        params: ScheduleParams,
        body: ScheduleBody,
        response: { 200: ScheduleOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'safety:manage');
      const unit = await regionInReach(ctx, actor, request.params.unitId, 'safety:manage');
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        await saveSchedule(trx, unit, request.body.frequency, actor.userId, now.toISOString());
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'safety:manage'),
            action: 'screening.schedule',
            subjectType: 'org_unit',
            subjectId: unit.id,
            outcome: 'success',
            clientIp: request.ip,
            details: { frequency: request.body.frequency },
          },
          now,
        );
      });
      return { unitId: unit.id, frequency: request.body.frequency };
    },
  );

  app.get(
    '/api/v1/screenings/:id',
    {
      schema: {
        tags: TAGS,
        summary: '排查记录 / One screening with its findings',
        description:
          '`format=xlsx` sends its findings (parties with masked phones) as an Excel sheet and audits the export.',
        params: IdParams,
        querystring: ScreeningDetailQuery,
        response: {
          200: jsonOrXlsx(ScreeningOut, '排查记录 / The screening'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'screening:read');
      const screening = await presentWithFindings(ctx, actor, await loadScreening(ctx, actor, request.params.id));
      if (request.query.format !== 'xlsx') return screening;
      const now = ctx.clock.now();
      return sendXlsx(reply, {
        filename: `排查发现-${screening.unitName}-${screening.period}-${exportStamp(now)}.xlsx`,
        sheetName: `排查发现 ${screening.period}`,
        columns: FINDING_EXPORT_COLUMNS,
        rows: screening.findings,
        audit: {
          log: ctx.audit,
          db: ctx.db,
          at: now,
          actor: auditActorOf(actor, 'screening:read'),
          clientIp: request.ip,
          what: 'screening_findings',
          filters: { screeningId: screening.id },
        },
      });
    },
  );

  app.post(
    '/api/v1/screenings/:id/findings',
    {
      schema: {
        tags: TAGS,
        summary: '添加排查发现 / Add a finding',
        params: IdParams,
        body: FindingBody,
        response: { 201: FindingOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'screening:record');
      const s = await loadScreening(ctx, actor, request.params.id, true);
      const fid = await addFinding(ctx, actor, s, request.body, request.ip);
      reply.code(201);
      return presentFinding(ctx, actor, s, (await findFinding(ctx.db, s.id, fid))!, new Map());
    },
  );

  app.post(
    '/api/v1/screenings/:id/findings/:fid/to-case',
    {
      schema: {
        tags: TAGS,
        summary: '排查发现转案件 / Turn a finding into a case',
        description:
          'Registers a dispute case (channel grid_patrol) in the screened grid or village through intake, the ' +
          'finding in its description and its first party as the reporter, and links the finding to it. Clicking ' +
          'again gives the same case (`created: false`).',
        params: FindingParams,
        body: ToCaseBody,
        response: { 200: ToCaseOut, 201: ToCaseOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'screening:record');
      const s = await loadScreening(ctx, actor, request.params.id, true);
      const finding = await findFinding(ctx.db, s.id, request.params.fid);
      if (!finding) throw new AppError('NOT_FOUND', '排查发现不存在 / No such finding');
      const result = await findingToCase(ctx, actor, s, finding, request.body.categoryCode, request.ip);
      reply.code(result.created ? 201 : 200);
      return { findingId: finding.id, ...result };
    },
  );

  app.post(
    '/api/v1/screenings/:id/findings/:fid/to-mediation',
    {
      schema: {
        tags: TAGS,
        summary: '排查发现转人民调解 / Hand a finding to mediation',
        description:
          "Hands the finding to the people's mediation committee of the screened unit's township (else its county): " +
          'a dispute case is registered through intake, arriving dispatched to the committee like a hand-off, and its ' +
          'mediation file is opened at once; the finding keeps both. Clicking again gives the same file ' +
          '(`created: false`); a finding already turned into a case by itself: 422 FINDING_ALREADY_CASE; no ' +
          'committee above the unit: 422 FINDING_NO_COMMITTEE.',
        params: FindingParams,
        body: ToCaseBody,
        response: { 200: ToMediationOut, 201: ToMediationOut, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'screening:record');
      const s = await loadScreening(ctx, actor, request.params.id, true);
      const finding = await findFinding(ctx.db, s.id, request.params.fid);
      if (!finding) throw new AppError('NOT_FOUND', '排查发现不存在 / No such finding');
      const result = await findingToMediation(ctx, actor, s, finding, request.body.categoryCode, request.ip);
      reply.code(result.created ? 201 : 200);
      return { findingId: finding.id, ...result };
    },
  );
}
