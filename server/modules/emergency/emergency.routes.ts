// HTTP for emergency mode: declare (leader), list (banners and the board list), the board (progress
// per township and grid; .xlsx export), the door-to-door items and their marking (grid workers),
// stand-down, and the report (.docx).
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { auditActorOf, authorize, userNames } from '../auth/index.ts';
import { unitNames } from '../org/index.ts';
import { listEmergencies, listItems, findItem, findEmergency, progressCounts } from './emergency.repository.ts';
import { itemScope, loadEmergency, loadItemToMark, overlaps } from './emergency.policy.ts';
import {
  BoardQuery,
  DeclareBody,
  EmergencyDetail,
  EmergencyOut,
  ItemParams,
  ItemOut,
  ItemQuery,
  ItemsOut,
  ListQuery,
  MarkBody,
  StandDownBody,
} from './emergency.schemas.ts';
import { boardOf, maskName, presentDetail, presentEmergency, presentItems } from './emergency.view.ts';
import { declareEmergency } from './use-cases/declare-emergency.ts';
import { markEmergencyItem } from './use-cases/mark-item.ts';
import { standDownEmergency } from './use-cases/stand-down.ts';
import { emergencyTitle, renderEmergencyReportDocx } from './emergency-report-docx.ts';
import { Type } from 'typebox';

const TAGS = ['emergencies'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const isOn = (flag: string | undefined) => (flag === undefined ? undefined : flag === '1' || flag === 'true');

export function emergencyRoutes(app: Api, ctx: AppContext): void {
  app.post(
    '/api/v1/emergencies',
    {
      schema: {
        tags: TAGS,
        summary: '宣布应急状态（或演练） / Declare an emergency (or a drill)',
        description:
          'A leader or administrator declares an emergency over a region of its area (county, township, village or ' +
          'grid) with a kind, a level (I–IV) and instructions; `drill: true` runs the same flow as a drill, counted ' +
          'apart. Every house of the base data in the area and every key-group person becomes an item of the ' +
          'door-to-door list of its grid. A unit that is not a region: 422 EMERGENCY_UNIT_NOT_REGION; outside the area: 404.',
        body: DeclareBody,
        response: { 201: EmergencyDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'emergency:declare');
      const id = await declareEmergency(ctx, actor, request.body, request.ip);
      reply.code(201);
      return presentDetail(ctx, actor, (await findEmergency(ctx.db, id))!);
    },
  );

  app.get(
    '/api/v1/emergencies',
    {
      schema: {
        tags: TAGS,
        summary: '应急状态列表（横幅） / Emergencies over the caller’s area (banners)',
        description:
          'The emergencies whose area overlaps the caller’s (covering it, or inside it), newest first: kind, level, ' +
          'instructions and status, nothing personal. `active=1`: those in force (the console’s and the residents’ ' +
          'banner); `drill=1` or `0`: drills only, or real ones only. Every signed-in role.',
        querystring: ListQuery,
        response: { 200: Type.Object({ items: Type.Array(EmergencyOut) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'emergency:banner');
      const q = request.query;
      const rows = (
        await listEmergencies(ctx.db, { active: isOn(q.active), drill: isOn(q.drill), limit: 1000 })
      ).filter((e) => overlaps(actor, 'emergency:banner', e.unitPath));
      const page = rows.slice(0, q.limit ?? 50);
      const names = await unitNames(
        ctx.db,
        page.map((e) => e.unitId),
      );
      return { items: page.map((e) => presentEmergency(actor, e, names.get(e.unitId) ?? '')) };
    },
  );

  app.get(
    '/api/v1/emergencies/:id',
    {
      schema: {
        tags: TAGS,
        summary: '应急进度看板 / The emergency’s progress board',
        description:
          'Progress over the part of the area inside the caller’s own: totals, per township and per grid ' +
          '(visited/total, not reached, needs), and the items not reached and in need (up to 200 each; a key person ' +
          'by name only to roles that may see its group). `format=xlsx` exports the per-grid table (audited). ' +
          'Outside the area: 404.',
        params: IdParams,
        querystring: BoardQuery,
        response: { 200: jsonOrXlsx(EmergencyDetail, '应急进度 / The board'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'emergency:read');
      const e = await loadEmergency(ctx, actor, request.params.id, 'emergency:read');
      if (request.query.format === 'xlsx') {
        const board = await boardOf(ctx, await progressCounts(ctx.db, e.id, itemScope(actor, 'emergency:read', e)));
        const now = ctx.clock.now();
        const unitName = (await unitNames(ctx.db, [e.unitId])).get(e.unitId) ?? '';
        return sendXlsx(reply, {
          filename: `应急进度-${unitName}${e.drill ? '-演练' : ''}-${exportStamp(now)}.xlsx`,
          sheetName: '各网格进度',
          columns: [
            { key: 'townshipName', header: '乡镇（街道）', width: 18 },
            { key: 'unitName', header: '网格', width: 22 },
            { key: 'total', header: '应走访', type: 'number' },
            { key: 'visited', header: '已走访', type: 'number' },
            { key: 'rate', header: '走访率', type: 'percent', value: (g) => (g.total ? g.visited / g.total : null) },
            { key: 'reached', header: '已见到', type: 'number' },
            { key: 'notReached', header: '未见到', type: 'number' },
            { key: 'needs', header: '有需求', type: 'number' },
            { key: 'pending', header: '未走访', type: 'number' },
          ],
          rows: board.grids,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'emergency:read'),
            clientIp: request.ip,
            what: 'emergency_board',
            filters: { emergencyId: e.id },
          },
        });
      }
      return presentDetail(ctx, actor, e);
    },
  );

  app.get(
    '/api/v1/emergencies/:id/items',
    {
      schema: {
        tags: TAGS,
        summary: '入户走访清单 / The door-to-door list',
        description:
          'The items (households, key-group persons) of the grids inside the caller’s area, by grid; `gridId` one ' +
          'grid, `result=pending` those not yet marked. A key person is shown by name and groups only to roles that ' +
          'may see one of its groups; others see 重点人员走访 with the name masked. Outside the area: 404.',
        params: IdParams,
        querystring: ItemQuery,
        response: { 200: ItemsOut, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'emergency:read');
      const e = await loadEmergency(ctx, actor, request.params.id, 'emergency:read');
      const q = request.query;
      const limit = q.limit ?? 500;
      const rows = await listItems(ctx.db, e.id, {
        scopePaths: itemScope(actor, 'emergency:read', e),
        gridId: q.gridId,
        results: q.result === undefined ? undefined : [q.result === 'pending' ? null : q.result],
        limit: limit + 1,
      });
      return { items: await presentItems(ctx, actor, e, rows.slice(0, limit)), truncated: rows.length > limit };
    },
  );

  app.post(
    '/api/v1/emergencies/:id/items/:itemId',
    {
      schema: {
        tags: TAGS,
        summary: '标记入户走访结果 / Mark a visit',
        description:
          'A grid worker of the item’s grid marks it 已走访 (reached), 未见到 (not_reached) or 有需求 (need) with a ' +
          'note. Marking again updates the same item. With `version` (as read), a mark made meanwhile by someone ' +
          'else: 409 EMERGENCY_ITEM_VERSION_CONFLICT with the current item. After stand-down: 422 EMERGENCY_CLOSED.',
        params: ItemParams,
        body: MarkBody,
        response: { 200: ItemOut, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'emergency:mark');
      const e = await loadEmergency(ctx, actor, request.params.id, 'emergency:mark');
      const item = await loadItemToMark(ctx, actor, e, request.params.itemId);
      const present = async (row: typeof item) => (await presentItems(ctx, actor, e, [row]))[0]!;
      await markEmergencyItem(ctx, actor, e, item, request.body, request.ip, present);
      return present((await findItem(ctx.db, e.id, item.id))!);
    },
  );

  app.post(
    '/api/v1/emergencies/:id/stand-down',
    {
      schema: {
        tags: TAGS,
        summary: '解除应急状态 / Stand the emergency down',
        description:
          'A leader or administrator whose area holds the emergency closes it with a summary; marks stop and the ' +
          'report gives the final figures. Stood down already: 422 EMERGENCY_CLOSED. Outside the area: 404.',
        params: IdParams,
        body: StandDownBody,
        response: { 200: EmergencyDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'emergency:declare');
      const e = await loadEmergency(ctx, actor, request.params.id, 'emergency:declare');
      await standDownEmergency(ctx, actor, e, request.body?.summary, request.ip);
      return presentDetail(ctx, actor, (await findEmergency(ctx.db, e.id))!);
    },
  );

  app.get(
    '/api/v1/emergencies/:id/report',
    {
      schema: {
        tags: TAGS,
        summary: '应急处置报告（Word） / The emergency report (.docx)',
        description:
          'Headline figures, the table per township, the needs reported and who was not reached (addresses; key ' +
          'persons by masked name; no ID numbers or phones); a drill is marked as one. Over the part of the area ' +
          'inside the caller’s own. Each download is audited. Outside the area: 404.',
        params: IdParams,
        response: {
          200: {
            description: 'docx',
            content: { [DOCX]: { schema: { type: 'string', format: 'binary' } } },
          } as unknown as ReturnType<typeof Type.Any>,
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'emergency:read');
      const e = await loadEmergency(ctx, actor, request.params.id, 'emergency:read');
      const scope = itemScope(actor, 'emergency:read', e);
      const [board, needs, notReached, units, declarer] = await Promise.all([
        progressCounts(ctx.db, e.id, scope).then((c) => boardOf(ctx, c)),
        listItems(ctx.db, e.id, { scopePaths: scope, results: ['need'], limit: 5000 }),
        listItems(ctx.db, e.id, { scopePaths: scope, results: ['not_reached'], limit: 5000 }),
        unitNames(ctx.db, [e.unitId]),
        userNames(ctx.db, [e.declaredBy]),
      ]);
      const grids = await unitNames(
        ctx.db,
        [...needs, ...notReached].map((i) => i.gridId),
      );
      const line = (i: (typeof needs)[number]) => ({
        gridName: grids.get(i.gridId) ?? '',
        label: i.subject === 'household' ? i.label : `重点人员（${maskName(i.label)}）`,
        note: i.note,
      });
      const unitName = units.get(e.unitId) ?? '';
      const docx = await renderEmergencyReportDocx({
        emergency: e,
        unitName,
        declaredByName: declarer.get(e.declaredBy) ?? '',
        board,
        needs: needs.map(line),
        notReached: notReached.map(line),
      });
      const now = ctx.clock.now();
      await ctx.db.transaction().execute((trx) =>
        ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'emergency:read'),
            action: 'report.emergency',
            subjectType: 'emergency',
            subjectId: e.id,
            outcome: 'success',
            clientIp: request.ip,
            details: { bytes: docx.length },
          },
          now,
        ),
      );
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', attachmentDisposition(`${emergencyTitle(e, unitName)}.docx`))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(docx);
    },
  );
}
