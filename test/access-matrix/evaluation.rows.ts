// Access-matrix rows: third-party evaluation samples (issue 16). A sample is drawn for a township:
// inside, the actors' 城关街道; outside, 南关街道. Its one case is a reported case of that township
// marked closed this month (written directly: the matrix needs the frame, not the workflow).
import { expect } from 'vitest';
import { currentMonth } from '../../common/period.ts';
import { buildUser } from '../support/factories.ts';
import { anywhere, inJurisdiction, listIsScoped, type Fixture, type Row, type Where } from './expectations.ts';
import { newReportedCase } from './fixtures.ts';

const TOWNSHIP: Record<Where, string> = { inside: '370702001', outside: '370702002' };

async function closedCase(f: Fixture, where: Where): Promise<number> {
  const c = await newReportedCase(f, where);
  await f.h.ctx.db
    .updateTable('case_record')
    .set({ status: 'closed', closed_at: f.h.ctx.clock.now().toISOString() })
    .where('id', '=', c.id)
    .execute();
  return c.id;
}

const drawers = new WeakMap<Fixture, Promise<string>>();

/** A sample of the township of `where` holding one closed case, drawn by a county evaluator. */
async function newSample(f: Fixture, where: Where): Promise<{ id: number; itemId: number }> {
  await closedCase(f, where);
  let drawer = drawers.get(f);
  if (!drawer) {
    drawer = buildUser(f.h, { role: 'evaluator', unit: '370702' }).then((u) => u.token);
    drawers.set(f, drawer);
  }
  const res = await f.h.inject({
    method: 'POST',
    url: '/api/v1/evaluation-samples',
    token: await drawer,
    payload: { unitId: (await f.h.unit(TOWNSHIP[where])).id, period: currentMonth(f.h.ctx.clock.now()).label, size: 1 },
  });
  if (res.statusCode !== 201) throw new Error(`newSample: ${res.statusCode} ${res.body}`);
  const sample = res.json() as { id: number; items: { id: number }[] };
  return { id: sample.id, itemId: sample.items[0]!.id };
}

export const EVALUATION_ROWS: Record<string, Row> = {
  // Only the evaluator draws; a township outside its area does not exist for it.
  'POST /api/v1/evaluation-samples': {
    build: async (f, where) => {
      await closedCase(f, where);
      return {
        method: 'POST',
        url: '/api/v1/evaluation-samples',
        payload: {
          unitId: (await f.h.unit(TOWNSHIP[where])).id,
          period: currentMonth(f.h.ctx.clock.now()).label,
          size: 3,
        },
      };
    },
    access: inJurisdiction('evaluation:sample', { ok: 201 }),
  },
  'GET /api/v1/evaluation-samples': {
    build: async (f, where) => {
      await newSample(f, where);
      return { method: 'GET', url: `/api/v1/evaluation-samples?unitId=${(await f.h.unit(TOWNSHIP[where])).id}` };
    },
    access: anywhere('evaluation:read'),
    check: listIsScoped,
  },
  'GET /api/v1/evaluation-samples/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/evaluation-samples/${(await newSample(f, where)).id}` }),
    access: inJurisdiction('evaluation:read'),
    check: (res) => expect(JSON.stringify(res.json())).not.toContain('13700001234'),
  },
  'GET /api/v1/evaluation-samples/:id/comparison': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/evaluation-samples/${(await newSample(f, where)).id}/comparison`,
    }),
    access: inJurisdiction('evaluation:read'),
  },
  'POST /api/v1/evaluation-samples/:id/items/:itemId/reveal-phone': {
    build: async (f, where) => {
      const s = await newSample(f, where);
      return {
        method: 'POST',
        url: `/api/v1/evaluation-samples/${s.id}/items/${s.itemId}/reveal-phone`,
        payload: { reason: '矩阵测试' },
      };
    },
    access: inJurisdiction('evaluation:reveal_phone'),
    check: (res) => expect(res.json()).toEqual({ phone: '13700001234' }),
  },
  'POST /api/v1/evaluation-samples/:id/items/:itemId/calls': {
    build: async (f, where) => {
      const s = await newSample(f, where);
      return {
        method: 'POST',
        url: `/api/v1/evaluation-samples/${s.id}/items/${s.itemId}/calls`,
        payload: { reached: true, rating: 'satisfied', solved: true },
      };
    },
    access: inJurisdiction('evaluation:sample', { ok: 201 }),
  },
};
