// HTTP for early warnings: the inbox of warnings over the reader's area (red first), one warning
// with its history, the dispatcher's and leader's actions, the unacknowledged count for the menu's
// badge, the rules' thresholds (read by staff, edited by a province administrator) and a scan on
// demand of the rules that look across time (hot spots, broken agreements).
import { readContext, type AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { IdParams, Page, decodeCursor, encodeCursor, errorResponses } from '../../platform/http/schemas.ts';
import {
  activeMembersWithin,
  auditActorOf,
  authorize,
  can,
  coversWholeTree,
  jurisdictionPaths,
} from '../auth/index.ts';
import { rolesWith } from '../../../common/powers.ts';
import { findUnitById } from '../org/index.ts';
import { allPages, exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { WARNING_EXPORT_COLUMNS, WARNING_EXPORT_PAGE, type ExportedWarning } from './warning-export.ts';
import { countOpen, listWarnings } from './warnings.repository.ts';
import { presentWarningDetail, presentWarnings } from './warning-view.ts';
import { actOnWarning, loadReadableWarning } from './use-cases/act-on-warning.ts';
import { scanWarnings } from './scan-rules.ts';
import {
  RULE_KINDS,
  RULE_KNOBS,
  loadSettings,
  saveSetting,
  type Knob,
  type RuleKind,
  type RuleSetting,
} from './warning-settings.ts';
import {
  AssigneesOut,
  AssigneesQuery,
  ScanOut,
  SettingsBody,
  SettingsOut,
  WarningActionBody,
  WarningCounts,
  WarningDetail,
  WarningItem,
  WarningsQuery,
} from './warnings.schemas.ts';

const TAGS = ['warnings'];
const MAX_OFFSET = 10_000;

const isOffsetCursor = (value: unknown): value is { offset: number } => {
  if (typeof value !== 'object' || value === null) return false;
  const n = (value as Record<string, unknown>).offset;
  return typeof n === 'number' && Number.isSafeInteger(n) && n > 0 && n <= MAX_OFFSET;
};

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

function presentSetting(setting: RuleSetting) {
  return {
    kind: setting.kind,
    enabled: setting.enabled,
    level: setting.level,
    minCount: setting.minCount,
    windowDays: setting.windowDays,
    radiusM: setting.radiusM,
    baselineDays: setting.baselineDays,
    pValue: setting.pValue,
    knobs: [...RULE_KNOBS[setting.kind]],
    updatedAt: setting.updatedAt,
  };
}

async function allSettings(ctx: AppContext) {
  const settings = await loadSettings(ctx.db);
  return { rules: RULE_KINDS.flatMap((kind) => (settings.has(kind) ? [presentSetting(settings.get(kind)!)] : [])) };
}

export function warningsRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/warnings',
    {
      schema: {
        tags: TAGS,
        summary: '预警列表 / Early warnings',
        description:
          "The warnings over the caller's jurisdiction, red first, then orange, yellow, blue; newest first within " +
          'a level. `withinUnitId` narrows to a unit of the jurisdiction (404 outside it); `status=active` lists ' +
          'open, acknowledged and assigned ones; `caseId` those a case is part of. Each says why in one ' +
          'sentence (`explanation`, Chinese; `explanationText` in both languages) and lists its cases. ' +
          '`format=xlsx` sends every matching warning (not one page) as an Excel sheet, streamed, and audits the export.',
        querystring: WarningsQuery,
        response: {
          200: jsonOrXlsx(Page(WarningItem), '预警列表 / Early warnings'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'warning:read');
      const query = request.query;
      let withinPath: string | undefined;
      if (query.withinUnitId !== undefined) {
        const unit = await findUnitById(ctx.db, query.withinUnitId);
        if (!unit || !can(actor, 'warning:read', [unit.path])) {
          const error = new AppError('NOT_FOUND', '单位不存在 / No such unit');
          throw unit ? error.denying('org_unit', unit.id) : error;
        }
        withinPath = unit.path;
      }
      const filter = {
        scopePaths: jurisdictionPaths(actor, 'warning:read'),
        withinPath,
        kind: query.kind,
        level: query.level,
        status: query.status,
        caseId: query.caseId,
      };
      if (query.format === 'xlsx') {
        const now = ctx.clock.now();
        // Exports read the replica while it is fresh (ADR 0041); their own audit record, the primary.
        const reads = readContext(ctx, actor);
        return sendXlsx(reply, {
          filename: `预警列表-${exportStamp(now)}.xlsx`,
          sheetName: '预警列表',
          columns: WARNING_EXPORT_COLUMNS,
          rows: allPages<ExportedWarning, number>(async (at = 0) => {
            const rows = await listWarnings(reads.db, { ...filter, offset: at, limit: WARNING_EXPORT_PAGE + 1 });
            const page = rows.slice(0, WARNING_EXPORT_PAGE);
            return {
              rows: await presentWarnings(reads.db, actor, page),
              next: rows.length > WARNING_EXPORT_PAGE ? at + WARNING_EXPORT_PAGE : undefined,
            };
          }),
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'warning:read'),
            clientIp: request.ip,
            what: 'warnings',
            filters: exportFilters(query),
          },
        });
      }
      const limit = query.limit ?? 20;
      const offset = decodeCursor(query.cursor, isOffsetCursor)?.offset ?? 0;
      const rows = await listWarnings(ctx.db, { ...filter, offset, limit: limit + 1 });
      const page = rows.slice(0, limit);
      return {
        items: await presentWarnings(ctx.db, actor, page),
        nextCursor:
          rows.length > limit && offset + limit <= MAX_OFFSET ? encodeCursor({ offset: offset + limit }) : null,
      };
    },
  );

  app.get(
    '/api/v1/warnings/counts',
    {
      schema: {
        tags: TAGS,
        summary: '待处理预警数 / Unacknowledged warnings',
        description: "Open (not yet acknowledged) warnings over the caller's jurisdiction, for the menu's badge.",
        response: { 200: WarningCounts, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'warning:read');
      return countOpen(ctx.db, jurisdictionPaths(actor, 'warning:read'));
    },
  );

  app.get(
    '/api/v1/warnings/assignees',
    {
      schema: {
        tags: TAGS,
        summary: '可指派人员 / Whom a warning may be assigned to',
        description:
          "Active staff of the caller's jurisdiction in a role that reads warnings, by name or username (`q`), " +
          'at most 20: the choices of the assign action.',
        querystring: AssigneesQuery,
        response: { 200: AssigneesOut, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'warning:act');
      const items = await activeMembersWithin(ctx.db, {
        paths: jurisdictionPaths(actor, 'warning:act'),
        roles: rolesWith('warning:read'),
        q: request.query.q,
        limit: 20,
      });
      return { items };
    },
  );

  app.get(
    '/api/v1/warnings/:id',
    {
      schema: {
        tags: TAGS,
        summary: '预警详情 / One warning with its history',
        params: IdParams,
        response: { 200: WarningDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'warning:read');
      const row = await loadReadableWarning(ctx, actor, request.params.id);
      return presentWarningDetail(ctx.db, actor, row);
    },
  );

  app.post(
    '/api/v1/warnings/:id/actions',
    {
      schema: {
        tags: TAGS,
        summary: '处置预警 / Act on a warning',
        description:
          "A dispatcher or leader over the warning's unit: `acknowledge` an open one; `assign` it (`userId`: an " +
          'active member of the jurisdiction who reads warnings, told in their inbox); `dismiss` it as a false ' +
          'alarm; `close` it once handled. Any other step is refused with 422 WARNING_TRANSITION_INVALID. ' +
          'Dismissed or closed, the situation coming back raises a new warning. Audited.',
        params: IdParams,
        body: WarningActionBody,
        response: { 200: WarningDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'warning:act');
      await actOnWarning(ctx, actor, request.params.id, request.body, request.ip);
      const row = await loadReadableWarning(ctx, actor, request.params.id);
      return presentWarningDetail(ctx.db, actor, row);
    },
  );

  app.post(
    '/api/v1/warnings/scan',
    {
      schema: {
        tags: TAGS,
        summary: '立即运行预警扫描 / Run the periodic rules now',
        description:
          'Runs the rules the hourly job runs (category hot spots per grid and township, agreements found broken ' +
          'at follow-up) at once. Harmless to repeat: a situation already warned of is updated only when it ' +
          'changed. Returns how many hot spots and broken agreements it found.',
        response: { 200: ScanOut, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'warning:act');
      const result = await scanWarnings(ctx);
      await ctx.audit.append(
        ctx.db,
        {
          actor: auditActorOf(actor, 'warning:act'),
          action: 'warning.scan',
          outcome: 'success',
          clientIp: request.ip,
          details: { ...result },
        },
        ctx.clock.now(),
      );
      return result;
    },
  );

  app.get(
    '/api/v1/warning-settings',
    {
      schema: {
        tags: TAGS,
        summary: '预警规则阈值 / The rules’ thresholds',
        description: 'One row per rule: enabled, level, and the thresholds it has (`knobs`); the others are null.',
        response: { 200: SettingsOut, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'warning:read');
      return allSettings(ctx);
    },
  );

  app.put(
    '/api/v1/warning-settings',
    {
      schema: {
        tags: TAGS,
        summary: '修改预警规则阈值 / Edit the rules’ thresholds',
        description:
          'A province administrator: each rule given is replaced (enabled, level and every threshold of its ' +
          '`knobs`, all required; thresholds it does not have are ignored). Takes effect at the next case or scan. ' +
          'Audited with the values before and after.',
        body: SettingsBody,
        response: { 200: SettingsOut, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'warning:manage');
      if (!coversWholeTree(actor, 'warning:manage')) {
        throw new AppError(
          'FORBIDDEN',
          '预警规则全省通用，仅省级管理员可修改 / Only a province administrator edits the warning rules',
        );
      }
      const seen = new Set<string>();
      const next: RuleSetting[] = request.body.rules.map((rule, i) => {
        if (seen.has(rule.kind)) throw invalid(`rules.${i}.kind`, '规则重复 / A rule given twice');
        seen.add(rule.kind);
        const kind = rule.kind as RuleKind;
        const knobs: readonly Knob[] = RULE_KNOBS[kind];
        const value = (knob: Knob): number | null => {
          if (!knobs.includes(knob)) return null;
          const given = rule[knob];
          if (given === undefined || given === null) throw invalid(`rules.${i}.${knob}`, '必填 / Required');
          return given;
        };
        return {
          kind,
          enabled: rule.enabled,
          level: rule.level,
          minCount: value('minCount'),
          windowDays: value('windowDays'),
          radiusM: value('radiusM'),
          baselineDays: value('baselineDays'),
          pValue: value('pValue'),
          updatedAt: null,
        };
      });
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        const before = await loadSettings(trx);
        for (const setting of next) await saveSetting(trx, setting, actor.userId, now.toISOString());
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'warning:manage'),
            action: 'warning.settings_update',
            outcome: 'success',
            clientIp: request.ip,
            details: {
              rules: next.map((s) => ({ before: before.get(s.kind) ?? null, after: { ...s, updatedAt: undefined } })),
            },
          },
          now,
        );
      });
      return allSettings(ctx);
    },
  );
}
