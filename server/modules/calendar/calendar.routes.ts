// HTTP for the holiday calendar: everyone signed in reads it; admins edit it (each year's
// schedule is announced only in the preceding autumn).
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { auditActorOf, authorize, coversWholeTree } from '../auth/index.ts';

const DayOut = Type.Object(
  { day: Type.String(), kind: Type.String({ enum: ['holiday', 'workday'] }), name: Type.String() },
  { title: 'CalendarDay' },
);
const DayParams = Type.Object({ day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }) });
const DayBody = Type.Object(
  {
    kind: Type.Union([Type.Literal('holiday'), Type.Literal('workday')]),
    name: Type.String({ minLength: 1, maxLength: 32 }),
  },
  { additionalProperties: false },
);

function isRealDate(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

export function calendarRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/calendar',
    {
      schema: {
        tags: ['calendar'],
        summary: '节假日与调休 / Holidays and swapped working days',
        querystring: Type.Object(
          { year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ items: Type.Array(DayOut) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      await authorize(ctx, request, 'calendar:read');
      let query = ctx.db.selectFrom('calendar_day').select(['day', 'kind', 'name']).orderBy('day');
      if (request.query.year) {
        query = query
          .where('day', '>=', `${request.query.year}-01-01`)
          .where('day', '<=', `${request.query.year}-12-31`);
      }
      return { items: await query.execute() };
    },
  );

  app.put(
    '/api/v1/calendar/:day',
    {
      schema: {
        tags: ['calendar'],
        summary: '设置一天为假日或调休工作日 / Mark a day as holiday or working day',
        params: DayParams,
        body: DayBody,
        response: { 200: DayOut, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'calendar:manage');
      if (!coversWholeTree(actor, 'calendar:manage')) {
        throw new AppError(
          'FORBIDDEN',
          '节假日全省通用，仅省级管理员可修改 / Only a province administrator edits the calendar',
        );
      }
      const { day } = request.params;
      if (!isRealDate(day)) {
        throw new AppError('VALIDATION_FAILED', '日期无效 / Invalid date', [
          { field: 'day', message: '日期无效 / Invalid date' },
        ]);
      }
      const now = ctx.clock.now();
      const row = { day, kind: request.body.kind, name: request.body.name, updated_at: now.toISOString() };
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .insertInto('calendar_day')
          .values(row)
          .onConflict((oc) =>
            oc.column('day').doUpdateSet({ kind: row.kind, name: row.name, updated_at: row.updated_at }),
          )
          .execute();
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'calendar:manage'),
            action: 'calendar.set_day',
            subjectType: 'calendar_day',
            subjectId: day,
            outcome: 'success',
            clientIp: request.ip,
            details: { kind: row.kind, name: row.name },
          },
          now,
        );
      });
      return { day, kind: row.kind, name: row.name };
    },
  );

  app.delete(
    '/api/v1/calendar/:day',
    {
      schema: {
        tags: ['calendar'],
        summary: '恢复为普通日期 / Make a day ordinary again',
        params: DayParams,
        response: { 200: Type.Object({ ok: Type.Boolean() }), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'calendar:manage');
      if (!coversWholeTree(actor, 'calendar:manage')) {
        throw new AppError(
          'FORBIDDEN',
          '节假日全省通用，仅省级管理员可修改 / Only a province administrator edits the calendar',
        );
      }
      const now = ctx.clock.now();
      await ctx.db.transaction().execute(async (trx) => {
        const removed = await trx.deleteFrom('calendar_day').where('day', '=', request.params.day).executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0)
          throw new AppError('NOT_FOUND', '该日期不是例外日 / Not an exception day');
        await ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'calendar:manage'),
            action: 'calendar.clear_day',
            subjectType: 'calendar_day',
            subjectId: request.params.day,
            outcome: 'success',
            clientIp: request.ip,
          },
          now,
        );
      });
      return { ok: true };
    },
  );
}
