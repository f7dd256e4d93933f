import { AppError } from '../../../platform/http/errors.ts';
import { leadersOver } from '../leaders.ts';
import type { ActionEffect } from './effect.ts';
import type { OutboxMessage } from '../../../platform/outbox/outbox.ts';

export const assignLeader: ActionEffect<'assign_leader'> = {
  // The leader must lead a region the case lies in (LEADER_INVALID otherwise); the timeline records
  // who, so the case's page shows it.
  async plan(env, body) {
    const { row } = env.loaded;
    const leader = (await leadersOver(env.ctx.db, row.region_path)).find((l) => l.userId === body.leaderUserId);
    if (!leader) throw new AppError('LEADER_INVALID').denying('app_user', body.leaderUserId);
    return {
      patch: { leader_user_id: leader.userId, leader_assigned_at: env.now.toISOString() },
      data: {
        leaderUserId: leader.userId,
        leaderName: leader.displayName,
        previousLeaderUserId: row.leader_user_id,
        note: body.note?.trim() ?? null,
      },
    };
  },
  // The leader hears of it in the inbox at once (no free text: see effect.ts).
  notify: (row, to, data): OutboxMessage[] => [
    {
      topic: 'case.leader_assigned',
      recipientType: 'user',
      recipient: Number(data.leaderUserId),
      subjectType: 'case',
      subjectId: row.id,
      payload: { number: row.number, categoryCode: row.category_code, action: 'assign_leader', status: to },
    },
  ],
};
