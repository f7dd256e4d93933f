// Access-matrix rows: meetings (issue 19 §2). Inside is a meeting organised by the matrix grid
// worker's grid (in every actor's area); outside one by 南关街道's first grid. Each row gets a fresh
// meeting with one outside participant; those to close are an hour past their time.
import type { Fixture, Row, Where } from './expectations.ts';
import { anywhere, inJurisdiction, listIsScoped } from './expectations.ts';

const gridOf = (f: Fixture, where: Where) => (where === 'inside' ? f.insideGrid : f.outsideGrid);

/** A meeting of the grid of `where`, `hours` from now; its id and its participant's. */
async function newMeeting(
  f: Fixture,
  where: Where,
  options: { hours?: number; held?: boolean } = {},
): Promise<{ id: number; participantId: number }> {
  const grid = gridOf(f, where);
  const now = f.h.clock.now();
  const at = now.toISOString();
  const scheduledAt = new Date(now.getTime() + (options.hours ?? 24) * 3_600_000).toISOString();
  return f.h.ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('meeting')
      .values({
        kind: 'coordination',
        title: '矩阵协调会',
        unit_id: grid.id,
        unit_path: grid.path,
        scheduled_at: scheduledAt,
        place: '矩阵会议室',
        agenda: '矩阵议程',
        status: options.held ? 'held' : 'scheduled',
        subject_kind: null,
        subject_id: null,
        minutes: options.held ? '矩阵会议纪要内容' : null,
        cancel_reason: null,
        created_by: f.actors.leader.id,
        closed_by: null,
        closed_at: options.held ? at : null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const participant = await trx
      .insertInto('meeting_participant')
      .values({
        meeting_id: id,
        position: 1,
        user_id: null,
        name: '矩阵居民代表',
        role: '居民代表',
        phone_enc: null,
        attended: options.held ? 1 : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id, participantId: participant.id };
  });
}

export const MEETING_ROWS: Record<string, Row> = {
  'GET /api/v1/meetings': {
    // Every staff role lists; only the meetings of its area appear (outside: the other grid's, none).
    build: async (f, where) => {
      await newMeeting(f, where);
      return { method: 'GET', url: `/api/v1/meetings?unitId=${gridOf(f, where).id}` };
    },
    access: anywhere('meeting:read'),
    check: listIsScoped,
  },
  'GET /api/v1/meetings/staff': {
    build: () => ({ method: 'GET', url: '/api/v1/meetings/staff?q=' }),
    access: anywhere('meeting:manage'),
  },
  'POST /api/v1/meetings': {
    build: (f, where) => ({
      method: 'POST',
      url: '/api/v1/meetings',
      payload: {
        kind: 'consultation',
        title: '矩阵议事会',
        unitId: gridOf(f, where).id,
        scheduledAt: new Date(f.h.clock.now().getTime() + 48 * 3_600_000).toISOString(),
        place: '矩阵会议室',
        agenda: '矩阵议程',
        participants: [{ name: '矩阵居民代表', role: '居民代表' }],
      },
    }),
    access: inJurisdiction('meeting:manage', { ok: 201 }),
  },
  'GET /api/v1/meetings/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/meetings/${(await newMeeting(f, where)).id}` }),
    access: inJurisdiction('meeting:read'),
  },
  'PATCH /api/v1/meetings/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/meetings/${(await newMeeting(f, where)).id}`,
      payload: { place: '矩阵新会议室' },
    }),
    access: inJurisdiction('meeting:manage'),
  },
  'POST /api/v1/meetings/:id/attendance': {
    build: async (f, where) => {
      const m = await newMeeting(f, where, { hours: -1 });
      return {
        method: 'POST',
        url: `/api/v1/meetings/${m.id}/attendance`,
        payload: { attendance: [{ participantId: m.participantId, attended: true }] },
      };
    },
    access: inJurisdiction('meeting:manage'),
  },
  'POST /api/v1/meetings/:id/close': {
    build: async (f, where) => {
      const m = await newMeeting(f, where, { hours: -1 });
      return {
        method: 'POST',
        url: `/api/v1/meetings/${m.id}/close`,
        payload: { minutes: '矩阵会议纪要内容', attendance: [{ participantId: m.participantId, attended: true }] },
      };
    },
    access: inJurisdiction('meeting:manage'),
  },
  'POST /api/v1/meetings/:id/cancel': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/meetings/${(await newMeeting(f, where)).id}/cancel`,
      payload: { reason: '矩阵取消' },
    }),
    access: inJurisdiction('meeting:manage'),
  },
  'GET /api/v1/meetings/:id/minutes': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/meetings/${(await newMeeting(f, where, { held: true })).id}/minutes`,
    }),
    access: inJurisdiction('meeting:read'),
  },
};
