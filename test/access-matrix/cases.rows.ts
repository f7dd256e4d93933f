// Access-matrix rows: Cases: intake, lists, actions, attachments, figures, notifications, the audit log.
import { expect } from 'vitest';
import { holds } from '../../common/powers.ts';
import { multipartFile, TINY_PNG, writeStoredFile } from '../support/uploads.ts';
import { buildCase } from '../support/factories.ts';
import { GRID, SUPERVISORS, anywhere, inJurisdiction, listIsScoped, refusedToAll, type Row } from './expectations.ts';
import { newCase, newReportedCase, newResolvedCase } from './fixtures.ts';

export const CASE_ROWS: Record<string, Row> = {
  'POST /api/v1/cases': {
    // Staff record cases in their own area (outside: 422 OUTSIDE_JURISDICTION); residents anywhere,
    // through the web (the window is staff's: CHANNEL_STAFF_ONLY).
    build: (f, where, role) => ({
      method: 'POST',
      url: '/api/v1/cases',
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: role === 'resident' ? 'web' : 'window',
        description: '楼上装修噪音，周末也不停',
        unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id,
        reporter: { name: '赵六', phone: '13600003333' },
      },
    }),
    access: inJurisdiction('case:create', {
      ok: 201,
      outside: (role) => (holds(role, 'case:own_reports') ? 201 : 422),
    }),
  },
  'GET /api/v1/cases': {
    build: async (f, where) => {
      await newCase(f, where);
      return {
        method: 'GET',
        url: `/api/v1/cases?unitId=${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}&limit=200`,
      };
    },
    access: anywhere('case:read'),
    check: (res, where, role) => {
      // The resident also reported a case in 南关街道 (POST /cases above): their own, so listed.
      if (holds(role, 'case:own_reports')) return;
      const items = (res.json() as { items: unknown[] }).items;
      if (where === 'outside') expect(items).toEqual([]);
      else expect(items.length).toBeGreaterThan(0);
    },
  },
  // The search box given a caller's mobile number (issue 14): an exact look-up, so the people
  // registry's power (person:lookup_exact) is checked first; the list is scoped as usual.
  'GET /api/v1/cases?q=phone': {
    build: async (f, where) => {
      // A caller of each side, so that an outside look-up can find nothing the actor may see.
      const phone = where === 'inside' ? '13700004444' : '13700005555';
      await buildCase(f.h, { at: GRID[where], reporter: { name: '钱七', phone } });
      return { method: 'GET', url: `/api/v1/cases?q=${phone}&purpose=matrix` };
    },
    access: anywhere('person:lookup_exact'),
    check: (res, where, role) => {
      const items = (res.json() as { items: unknown[] }).items;
      // Inside: operators and dispatchers over the area see the caller's cases; the mediator's
      // committee handles none of them.
      if (where === 'inside' && holds(role, 'case:read_area')) expect(items.length).toBeGreaterThan(0);
      else expect(items).toEqual([]);
    },
  },
  // The case map (issue 14): everyone reads cases; a unit outside the actor's area does not exist.
  'GET /api/v1/map/cases': {
    build: async (f, where) => {
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      const point = where === 'inside' ? f.insidePoint : f.outsidePoint;
      const c = await buildCase(f.h, { at: GRID[where] });
      await f.h.ctx.db
        .updateTable('case_record')
        .set({ lng: point[0], lat: point[1] })
        .where('id', '=', c.id)
        .execute();
      return { method: 'GET', url: `/api/v1/map/cases?unitId=${grid.id}&zoom=16` };
    },
    access: inJurisdiction('case:read'),
    check: (res, _where, role) => {
      const map = res.json() as { type: string; features: unknown[] };
      expect(map.type).toBe('FeatureCollection');
      // Over the area: the case just placed at the point; others see what is theirs.
      if (holds(role, 'case:read_area')) expect(map.features.length).toBeGreaterThan(0);
    },
  },
  // The dispatch dialog's unit load (issue 14): units are seen as in the unit list (the grid, the
  // one unit inside every actor's area).
  'GET /api/v1/units/load': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/units/load?ids=${(where === 'inside' ? f.insideGrid : f.outsideGrid).id}`,
    }),
    access: inJurisdiction('unit:read'),
    check: (res) => expect((res.json() as { items: unknown[] }).items).toHaveLength(1),
  },
  'GET /api/v1/cases/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/cases/${(await newCase(f, where)).id}` }),
    access: inJurisdiction('case:read'),
  },
  // The resident's own reports, in the resident's schema (issue 13): residents only, own cases only.
  'GET /api/v1/my/cases': {
    build: async (f, where) => {
      await newCase(f, where);
      return { method: 'GET', url: '/api/v1/my/cases' };
    },
    access: anywhere('case:own_reports'),
    check: (res) => expect((res.json() as { items: unknown[] }).items.length).toBeGreaterThan(0),
  },
  'GET /api/v1/my/cases/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/my/cases/${(await newCase(f, where)).id}` }),
    access: inJurisdiction('case:own_reports'),
  },
  'POST /api/v1/cases/:id/actions': {
    // 督办: who may supervise is the workflow's (common/workflow.ts: a dispatcher or leader covering
    // the case), not the table's; every other actor who sees the case is refused.
    build: async (f, where) => {
      const c = await newCase(f, where);
      return {
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        payload: { action: 'supervise', note: '请加快办理', version: c.version },
      };
    },
    access: inJurisdiction('case:read', { may: (role) => SUPERVISORS.includes(role) }),
  },
  // The notification queue spans the province: the matrix admin (a township's) sees only the
  // messages to its own service accounts (issue 15) — none here — and no other message exists for
  // it; deadlines.test.ts shows the province admin reading and retrying dead letters,
  // service-account-webhook.test.ts a county admin its service accounts'.
  'GET /api/v1/notifications': {
    build: () => ({ method: 'GET', url: '/api/v1/notifications?status=dead' }),
    access: anywhere('notification:manage'),
    check: (res) => expect((res.json() as { items: unknown[] }).items).toEqual([]),
  },
  'POST /api/v1/notifications/:id/retry': {
    build: () => ({ method: 'POST', url: '/api/v1/notifications/1/retry' }),
    access: {
      power: 'notification:manage',
      expect: (role) => (holds(role, 'notification:manage') ? [404, 404] : [403, 403]),
    },
  },
  'PATCH /api/v1/categories/:code': {
    build: () => ({ method: 'PATCH', url: '/api/v1/categories/CMP.NOISE', payload: { handleDays: 5 } }),
    // Province-wide settings: the matrix admin is a township's, so refused too.
    access: refusedToAll('category:manage'),
  },
  'POST /api/v1/cases/:id/attachments': {
    // Everyone who sees the case may add a photo or document, through a role holding case:attach.
    build: async (f, where) => {
      return {
        method: 'POST',
        url: `/api/v1/cases/${(await newCase(f, where)).id}/attachments`,
        ...multipartFile('现场.png', TINY_PNG, { contentType: 'image/png' }),
      };
    },
    access: inJurisdiction('case:read', { ok: 201, may: (role) => holds(role, 'case:attach') }),
  },
  'GET /api/v1/cases/:id/attachments': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/cases/${(await newCase(f, where)).id}/attachments` }),
    access: inJurisdiction('case:read'),
  },
  'GET /api/v1/cases/:id/attachments/:attachmentId': {
    // A staff photo taken before handling, stored on the fixture case (outside too: there the case
    // hides it). The resident who reported the case sees only the report and the result: for it this
    // photo does not exist.
    build: async (f, where) => {
      const c = await newCase(f, where);
      const key = `matrix/${Math.random().toString(36).slice(2)}`;
      await writeStoredFile(f.h.ctx.config.attachmentsDir, key, TINY_PNG);
      const row = await f.h.ctx.db
        .insertInto('case_attachment')
        .values({
          case_id: c.id,
          file_name: '现场.png',
          media_type: 'image/png',
          size: TINY_PNG.length,
          sha256: '0'.repeat(64),
          storage_key: key,
          uploaded_by: null,
          stage: 'before',
          created_at: new Date().toISOString(),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return { method: 'GET', url: `/api/v1/cases/${c.id}/attachments/${row.id}` };
    },
    access: inJurisdiction('case:read', { reach: (role) => !holds(role, 'case:own_reports') }),
  },
  // 回访 (issue 14): resolved cases waiting for a rating, in the caller's area.
  'GET /api/v1/return-calls': {
    build: async (f, where) => {
      await newResolvedCase(f, where);
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      return { method: 'GET', url: `/api/v1/return-calls?unitId=${grid.id}&limit=100` };
    },
    access: anywhere('case:return_call'),
    check: listIsScoped,
  },
  'POST /api/v1/cases/:id/return-calls': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/cases/${(await newResolvedCase(f, where)).id}/return-calls`,
      payload: { outcome: 'no_answer', note: '矩阵测试' },
    }),
    access: inJurisdiction('case:return_call', { ok: 201 }),
  },
  // The caller's number in clear: the matrix mediator's committee assists the inside case.
  'POST /api/v1/cases/:id/reporter/reveal': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/cases/${(await newReportedCase(f, where)).id}/reporter/reveal`,
      payload: { reason: '矩阵测试' },
    }),
    access: inJurisdiction('case:reveal_reporter'),
    check: (res) => expect(res.json()).toEqual({ phone: '13700001234' }),
  },
  'GET /api/v1/stats/cases': {
    // Figures over the cases the actor may list, within a unit of its jurisdiction (elsewhere 404).
    build: async (f, where) => {
      await newCase(f, where);
      const day = 86_400_000;
      const now = f.h.ctx.clock.now().getTime();
      const window = `from=${new Date(now - day).toISOString()}&to=${new Date(now + day).toISOString()}`;
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      return { method: 'GET', url: `/api/v1/stats/cases?unitId=${grid.id}&${window}` };
    },
    access: inJurisdiction('stats:read'),
    check: (res) => expect((res.json() as { total: number }).total).toBeGreaterThan(0),
  },
  'GET /api/v1/stats/overdue': {
    build: async (f, where) => {
      const c = await newCase(f, where);
      // Past its acceptance deadline (the harness clock stands still).
      await f.h.ctx.db
        .updateTable('case_record')
        .set({ stage: 'accept', stage_deadline: '2026-01-01T00:00:00.000Z' })
        .where('id', '=', c.id)
        .execute();
      const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
      return { method: 'GET', url: `/api/v1/stats/overdue?unitId=${grid.id}` };
    },
    access: inJurisdiction('stats:read'),
    check: (res) => expect((res.json() as { items: unknown[] }).items.length).toBeGreaterThan(0),
  },
  'GET /api/v1/audit': {
    build: (f, where) => ({
      method: 'GET',
      url: `/api/v1/audit?actorUserId=${where === 'inside' ? f.actors.operator.id : f.actors.admin.id + 100000}`,
    }),
    access: anywhere('audit:read'),
    check: listIsScoped,
  },
};
