// HTTP for the safety index (平安指数): one region unit's index for a month with its components
// explained and its twelve-month trend, or the units under one ranked; an administrator edits the
// weights, normalisation bounds and populations it is computed from.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { auditActorOf, authorize } from '../auth/index.ts';
import { currentMonth } from '../../../common/period.ts';
import { SAFETY_COMPONENT_NAMES, type SafetyComponentKey } from '../../../common/safety.ts';
import { defaultRegion, regionInReach } from './safety.policy.ts';
import { computeSafetyIndex, loadSettings, monthPeriod, rankChildren, safetyTrend } from './safety-index.ts';
import { weightsAreValid } from './safety-formula.ts';
import { saveComponents, savePopulation } from './safety.repository.ts';
import { exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { COMPONENT_EXPORT_COLUMNS, RANKING_EXPORT_COLUMNS } from './safety-export.ts';
import {
  PopulationBody,
  PopulationOut,
  PopulationParams,
  SafetyIndexOut,
  SafetyIndexQuery,
  SafetyRankingOut,
  SettingsBody,
  SettingsOut,
} from './safety.schemas.ts';
import { Type } from 'typebox';

const TAGS = ['safety-index'];

const badPeriod = () =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
    { field: 'period', message: '月份无效 / Not a valid month (YYYY-MM)' },
  ]);

const nameOf = (key: string) =>
  key in SAFETY_COMPONENT_NAMES ? SAFETY_COMPONENT_NAMES[key as SafetyComponentKey] : { zh: key, en: key };

export function safetyRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/safety-index',
    {
      schema: {
        tags: TAGS,
        summary: '平安指数 / Safety index',
        description:
          "With `unitId`: the region unit's index for `period` (YYYY-MM, default this month), 0–100, its grade and " +
          'each component (raw value, normalised value, weight, contribution, a sentence saying why); the score is ' +
          'the sum of the contributions. `trend` is the twelve months ending with `period`. With `withinUnitId`: ' +
          'the region units under it at `level` (default: its direct children) ranked by score. The formula: ' +
          "docs/safety-index.md. A unit outside the caller's jurisdiction: 404. `format=xlsx` sends the components " +
          '(with `unitId` or neither) or the ranking (with `withinUnitId`) as an Excel sheet and audits the export.',
        querystring: SafetyIndexQuery,
        response: {
          200: jsonOrXlsx(Type.Union([SafetyIndexOut, SafetyRankingOut]), '平安指数 / Safety index'),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'safety:read');
      const q = request.query;
      const now = ctx.clock.now();
      const month = q.period !== undefined ? monthPeriod(q.period) : currentMonth(now);
      if (!month) throw badPeriod();
      const settings = await loadSettings(ctx.db);
      if (q.withinUnitId !== undefined) {
        const within = await regionInReach(ctx, actor, q.withinUnitId, 'safety:read');
        const ranked = await rankChildren(ctx.db, within, q.level, month, now, settings);
        if (q.format === 'xlsx') {
          return sendXlsx(reply, {
            filename: `平安指数排名-${within.name}-${month.label}-${exportStamp(now)}.xlsx`,
            sheetName: `平安指数排名 ${month.label}`,
            columns: RANKING_EXPORT_COLUMNS,
            rows: ranked,
            audit: {
              log: ctx.audit,
              db: ctx.db,
              at: now,
              actor: auditActorOf(actor, 'safety:read'),
              clientIp: request.ip,
              what: 'safety_ranking',
              filters: { ...exportFilters(q), period: month.label },
            },
          });
        }
        return {
          withinUnitId: within.id,
          period: month.label,
          items: ranked.map((r) => ({
            rank: r.rank,
            unitId: r.unitId,
            unitName: r.unitName,
            code: r.code,
            level: r.level,
            score: r.score,
            grade: r.grade,
            gradeName: r.gradeName,
            gradeNameEn: r.gradeNameEn,
          })),
        };
      }
      const unit =
        q.unitId !== undefined
          ? await regionInReach(ctx, actor, q.unitId, 'safety:read')
          : await defaultRegion(ctx, actor, 'safety:read');
      const index = await computeSafetyIndex(ctx.db, unit, month, now, settings);
      if (q.format === 'xlsx') {
        return sendXlsx(reply, {
          filename: `平安指数-${unit.name}-${month.label}-${exportStamp(now)}.xlsx`,
          sheetName: `平安指数 ${month.label}`,
          columns: COMPONENT_EXPORT_COLUMNS,
          rows: index.components,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'safety:read'),
            clientIp: request.ip,
            what: 'safety_index',
            filters: { ...exportFilters(q), unitId: unit.id, period: month.label },
          },
        });
      }
      const trend = await safetyTrend(ctx.db, unit, month, now, settings);
      const { facts: _facts, ...rest } = index;
      return { ...rest, trend };
    },
  );

  app.get(
    '/api/v1/safety-index/settings',
    {
      schema: {
        tags: TAGS,
        summary: "平安指数权重与等级 / The index's weights and grades",
        response: { 200: SettingsOut, ...errorResponses(401, 403) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'safety:read');
      const settings = await loadSettings(ctx.db);
      return {
        components: settings.components.map((c) => ({
          key: c.key,
          name: nameOf(c.key).zh,
          nameEn: nameOf(c.key).en,
          weight: c.weight,
          best: c.best,
          worst: c.worst,
        })),
        grades: settings.grades.map((g) => ({ code: g.code, name: g.nameZh, nameEn: g.nameEn, minScore: g.minScore })),
      };
    },
  );

  app.put(
    '/api/v1/safety-index/settings',
    {
      schema: {
        tags: TAGS,
        summary: "修改平安指数权重 / Edit the index's weights and normalisation",
        description:
          'Every component once, with its weight (the weights sum to 100) and the values scoring full marks ' +
          '(`best`) and nothing (`worst`). Otherwise 422 SAFETY_WEIGHTS_INVALID and nothing changes.',
        body: SettingsBody,
        response: { 200: SettingsOut, ...errorResponses(400, 401, 403, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'safety:manage');
      const current = await loadSettings(ctx.db);
      const sent = request.body.components;
      const keys = new Set(sent.map((c) => c.key));
      const sameKeys =
        keys.size === sent.length &&
        keys.size === current.components.length &&
        current.components.every((c) => keys.has(c.key));
      if (!sameKeys || !weightsAreValid(sent)) throw new AppError('SAFETY_WEIGHTS_INVALID');
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        await saveComponents(trx, sent, actor.userId, now.toISOString());
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'safety:manage'),
            action: 'safety.settings',
            subjectType: 'safety_component',
            subjectId: null,
            outcome: 'success',
            clientIp: request.ip,
            details: { components: sent },
          },
          now,
        );
      });
      reply.code(200);
      const settings = await loadSettings(ctx.db);
      return {
        components: settings.components.map((c) => ({
          key: c.key,
          name: nameOf(c.key).zh,
          nameEn: nameOf(c.key).en,
          weight: c.weight,
          best: c.best,
          worst: c.worst,
        })),
        grades: settings.grades.map((g) => ({ code: g.code, name: g.nameZh, nameEn: g.nameEn, minScore: g.minScore })),
      };
    },
  );

  app.put(
    '/api/v1/safety-index/populations/:unitId',
    {
      schema: {
        tags: TAGS,
        summary: "登记常住人口 / Record a region's residents",
        description:
          "An administrator records a region unit's residents (and where the figure comes from); a unit without " +
          'one counts the highest recorded units below it.',
        params: PopulationParams,
        body: PopulationBody,
        response: { 200: PopulationOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'safety:manage');
      const unit = await regionInReach(ctx, actor, request.params.unitId, 'safety:manage');
      const { population, source } = request.body;
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        await savePopulation(trx, unit, population, source.trim(), actor.userId, now.toISOString());
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'safety:manage'),
            action: 'safety.population',
            subjectType: 'org_unit',
            subjectId: unit.id,
            outcome: 'success',
            clientIp: request.ip,
            details: { population, source: source.trim() },
          },
          now,
        );
      });
      return { unitId: unit.id, population, source: source.trim() };
    },
  );
}
