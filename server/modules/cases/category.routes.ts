// HTTP for administrators to edit the responsibility list (权责清单) and time limits: data, not code.
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { auditActorOf, authorize, coversWholeTree } from '../auth/index.ts';
import { STANDARD_UNIT_SUFFIXES } from '../org/index.ts';
import { CategoryOut } from './cases.schemas.ts';
import { findCategory } from './category.repository.ts';

const CategoryPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
    ownerLevel: Type.Optional(Type.Union([Type.Literal('township'), Type.Literal('county')])),
    ownerUnit: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    acceptDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 30 })),
    handleDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 90 })),
    riskWeight: Type.Optional(Type.Integer({ minimum: 0, maximum: 5 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export function categoryRoutes(app: Api, ctx: AppContext): void {
  app.patch(
    '/api/v1/categories/:code',
    {
      schema: {
        tags: ['cases'],
        summary: '修改类别的承办单位与时限 / Change a category’s owner and time limits',
        params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: CategoryPatch,
        response: { 200: CategoryOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'category:manage');
      if (!coversWholeTree(actor, 'category:manage')) {
        throw new AppError(
          'FORBIDDEN',
          '权责清单全省通用，仅省级管理员可修改 / Only a province administrator edits the list',
        );
      }
      const current = await findCategory(ctx.db, request.params.code);
      if (!current || current.owner_level === null) throw new AppError('NOT_FOUND', '类别不存在 / No such category');
      const body = request.body;
      if (body.ownerUnit !== undefined && !STANDARD_UNIT_SUFFIXES.includes(body.ownerUnit)) {
        throw new AppError('VALIDATION_FAILED', '承办单位无效 / Unknown owner unit', [
          { field: 'ownerUnit', message: `应为 ${STANDARD_UNIT_SUFFIXES.join(', ')} / One of the standard units` },
        ]);
      }
      const patch = {
        ...(body.name !== undefined ? { name: body.name } : {}),
        ...(body.ownerLevel !== undefined ? { owner_level: body.ownerLevel } : {}),
        ...(body.ownerUnit !== undefined ? { owner_unit: body.ownerUnit } : {}),
        ...(body.acceptDays !== undefined ? { accept_days: body.acceptDays } : {}),
        ...(body.handleDays !== undefined ? { handle_days: body.handleDays } : {}),
        ...(body.riskWeight !== undefined ? { risk_weight: body.riskWeight } : {}),
        ...(body.active !== undefined ? { active: body.active ? 1 : 0 } : {}),
      };
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        await trx.updateTable('category').set(patch).where('code', '=', current.code).execute();
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'category:manage'),
            action: 'category.update',
            subjectType: 'category',
            subjectId: current.code,
            outcome: 'success',
            clientIp: request.ip,
            details: { changed: Object.keys(patch) },
          },
          now,
        );
      });
      const r = (await findCategory(ctx.db, current.code))!;
      return {
        code: r.code,
        parentCode: r.parent_code,
        name: r.name,
        kind: r.kind,
        ownerLevel: r.owner_level,
        ownerUnit: r.owner_unit,
        acceptDays: r.accept_days,
        handleDays: r.handle_days,
        riskWeight: r.risk_weight,
      };
    },
  );
}
