// Access-matrix rows: consultations (issue 19 §1, ADR 0037). Staff rows act on a topic at the matrix
// grid (inside every staff actor's area) or at 南关街道's first grid (outside); the resident's rows on a
// topic of its home village 370702001001 (inside) or of a village of another township (outside). Each
// request gets a fresh topic written straight to the tables. Residents take part (support, vote,
// report) where staff are refused, and staff run topics (options, decision, progress, escalation,
// moderation) where residents are refused; reading and commenting are open to both sides.
import type { Role } from '../../common/roles.ts';
import { holds } from '../../common/powers.ts';
import { buildUser } from '../support/factories.ts';
import { inJurisdiction, open, type Access, type Fixture, type Row, type Where } from './expectations.ts';

const RESIDENT_VILLAGE: Record<Where, string> = { inside: '370702001001', outside: '370702002001' };

async function unitFor(f: Fixture, where: Where, role: Role): Promise<{ id: number; path: string }> {
  if (role === 'resident') return f.h.unit(RESIDENT_VILLAGE[where]);
  return where === 'inside' ? f.insideGrid : f.outsideGrid;
}

/** A topic with two options, of the given status; its id, its options' ids, and one comment's id. */
async function newTopic(
  f: Fixture,
  where: Where,
  role: Role,
  status: 'gathering' | 'open' | 'closed' = 'open',
): Promise<{ id: number; optionId: number; commentId: number }> {
  const unit = await unitFor(f, where, role);
  const at = f.h.clock.now().toISOString();
  return f.h.ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('consultation')
      .values({
        unit_id: unit.id,
        unit_path: unit.path,
        level: role === 'resident' ? 'village' : 'grid',
        building_label: null,
        title: '矩阵议题',
        body: '矩阵议题内容',
        status,
        origin: 'staff',
        raised_by: f.actors.leader.id,
        supporters_needed: status === 'gathering' ? 5 : 0,
        supporter_count: 0,
        created_at: at,
        opened_at: status === 'gathering' ? null : at,
        closed_at: status === 'closed' ? at : null,
        closed_by: status === 'closed' ? f.actors.leader.id : null,
        decision: status === 'closed' ? '矩阵决定' : null,
        decision_unit_id: status === 'closed' ? unit.id : null,
        decision_due: status === 'closed' ? '2027-01-31' : null,
        progress: 0,
        escalated_from_id: null,
        escalation_reason: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const options = await trx
      .insertInto('consultation_option')
      .values([
        { consultation_id: id, position: 1, label: '同意' },
        { consultation_id: id, position: 2, label: '反对' },
      ])
      .returning('id')
      .execute();
    const comment = await trx
      .insertInto('consultation_comment')
      .values({
        consultation_id: id,
        author_id: f.actors.leader.id,
        author_kind: 'staff',
        body: '矩阵评论',
        created_at: at,
        report_count: 0,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, optionId: options[0]!.id, commentId: comment.id };
  });
}

/** Staff who read, and residents of the area: both reach the topic; nobody else exists here. */
const readers = (ok = 200): Access => ({
  power: null,
  expect: () => [ok, 404],
});

/** Staff who run the topic, or residents of its area: the others (read-only staff) are refused. */
const staffOrResident = (ok: number): Access => ({
  power: null,
  expect: (role: Role) =>
    holds(role, 'consultation:manage') || holds(role, 'consultation:take_part') ? [ok, 404] : [403, 403],
});

export const CONSULTATION_ROWS: Record<string, Row> = {
  'GET /api/v1/consultations': {
    build: () => ({ method: 'GET', url: '/api/v1/consultations' }),
    access: open(200),
  },
  'POST /api/v1/consultations': {
    build: async (f, where, role) => ({
      method: 'POST',
      url: '/api/v1/consultations',
      payload: {
        unitId: (await unitFor(f, where, role)).id,
        title: '矩阵议题',
        body: '矩阵内容',
        options: ['是', '否'],
      },
    }),
    access: staffOrResident(201),
  },
  'GET /api/v1/consultations/:id': {
    build: async (f, where, role) => ({
      method: 'GET',
      url: `/api/v1/consultations/${(await newTopic(f, where, role)).id}`,
    }),
    access: readers(),
  },
  'POST /api/v1/consultations/:id/supports': {
    build: async (f, where, role) => ({
      method: 'POST',
      url: `/api/v1/consultations/${(await newTopic(f, where, role, 'gathering')).id}/supports`,
    }),
    access: inJurisdiction('consultation:take_part'),
  },
  'POST /api/v1/consultations/:id/votes': {
    build: async (f, where, role) => {
      const t = await newTopic(f, where, role);
      return { method: 'POST', url: `/api/v1/consultations/${t.id}/votes`, payload: { optionId: t.optionId } };
    },
    access: inJurisdiction('consultation:take_part'),
  },
  'POST /api/v1/consultations/:id/comments': {
    build: async (f, where, role) => ({
      method: 'POST',
      url: `/api/v1/consultations/${(await newTopic(f, where, role)).id}/comments`,
      payload: { body: '矩阵评论' },
    }),
    access: staffOrResident(201),
  },
  'POST /api/v1/consultations/:id/comments/:commentId/reports': {
    build: async (f, where, role) => {
      const t = await newTopic(f, where, role);
      return { method: 'POST', url: `/api/v1/consultations/${t.id}/comments/${t.commentId}/reports` };
    },
    access: inJurisdiction('consultation:take_part'),
  },
  'POST /api/v1/consultations/:id/comments/:commentId/hide': {
    build: async (f, where, role) => {
      const t = await newTopic(f, where, role);
      return {
        method: 'POST',
        url: `/api/v1/consultations/${t.id}/comments/${t.commentId}/hide`,
        payload: { reason: '矩阵' },
      };
    },
    access: inJurisdiction('consultation:manage'),
  },
  'POST /api/v1/consultations/:id/options': {
    build: async (f, where, role) => ({
      method: 'POST',
      url: `/api/v1/consultations/${(await newTopic(f, where, role)).id}/options`,
      payload: { options: ['甲', '乙', '丙'] },
    }),
    access: inJurisdiction('consultation:manage'),
  },
  'POST /api/v1/consultations/:id/decision': {
    build: async (f, where, role) => ({
      method: 'POST',
      url: `/api/v1/consultations/${(await newTopic(f, where, role)).id}/decision`,
      payload: { decision: '矩阵决定', carriedOutByUnitId: f.insideGrid.id, dueDate: '2027-01-31' },
    }),
    access: inJurisdiction('consultation:manage'),
  },
  'POST /api/v1/consultations/:id/progress': {
    build: async (f, where, role) => ({
      method: 'POST',
      url: `/api/v1/consultations/${(await newTopic(f, where, role, 'closed')).id}/progress`,
      payload: { percent: 50, note: '矩阵进度' },
    }),
    access: inJurisdiction('consultation:manage'),
  },
  'POST /api/v1/consultations/:id/escalate': {
    build: async (f, where, role) => ({
      method: 'POST',
      url: `/api/v1/consultations/${(await newTopic(f, where, role)).id}/escalate`,
      payload: { reason: '矩阵上报' },
    }),
    access: inJurisdiction('consultation:manage', { ok: 201 }),
  },
  'PUT /api/v1/residents/:userId/home': {
    build: async (f, where) => {
      const newcomer = await buildUser(f.h, { role: 'resident', unit: '370702', signIn: false });
      return {
        method: 'PUT',
        url: `/api/v1/residents/${newcomer.id}/home`,
        payload: { unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id },
      };
    },
    access: inJurisdiction('resident_home:verify'),
  },
  'GET /api/v1/public/consultations': {
    build: (f) => ({ method: 'GET', url: `/api/v1/public/consultations?unitId=${f.insideGrid.id}` }),
    anonymous: true,
    access: open(200),
  },
};
