// Who reaches a meeting: staff of its organising unit and of the units above it (the jurisdiction
// rule of every module), and staff invited to it by account, who read it. Outside that, it does
// not exist for the actor (404). Managing it takes meeting:manage over the organising unit.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { can, rolesAllow, type Actor } from '../auth/index.ts';
import { findMeeting, type MeetingRow } from './meetings.repository.ts';

/** Subject kinds whose meetings their own module keeps (created, moved and closed there). */
export const MANAGED_SUBJECT_KINDS: readonly string[] = ['mediation_hearing'];

export function mayManage(actor: Actor, m: Pick<MeetingRow, 'unitPath'>): boolean {
  return can(actor, 'meeting:manage', [m.unitPath]);
}

export async function loadMeeting(
  ctx: AppContext,
  actor: Actor,
  id: number,
  power: 'meeting:read' | 'meeting:manage',
): Promise<MeetingRow> {
  const m = await findMeeting(ctx.db, id);
  let reach = !!m && can(actor, power, [m.unitPath]);
  if (m && !reach && power === 'meeting:read' && rolesAllow(actor, 'meeting:read')) {
    const invited = await ctx.db
      .selectFrom('meeting_participant')
      .select('id')
      .where('meeting_id', '=', m.id)
      .where('user_id', '=', actor.userId)
      .executeTakeFirst();
    reach = !!invited;
  }
  if (!m || !reach) {
    const error = new AppError('NOT_FOUND', '会议不存在 / No such meeting');
    throw m ? error.denying('meeting', id) : error;
  }
  return m;
}

/** A meeting its subject's module keeps is changed there, under the same rule. */
export function assertOwnMeeting(m: MeetingRow): void {
  if (m.subjectKind !== null && MANAGED_SUBJECT_KINDS.includes(m.subjectKind))
    throw new AppError('MEETING_MANAGED_BY_SUBJECT', undefined, { subjectKind: m.subjectKind, subjectId: m.subjectId });
}
