// 志愿服务: staff of an area post a volunteer team's activity; residents living in the team's area sign
// up; the team's lead (a linked resident account) or staff of the area log each volunteer's hours
// once (a conditional update: a second log, concurrent or not, changes nothing).
import { awardPoints } from '../../points/index.ts';
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { ActivityRow, BodyRow } from '../community.repository.ts';

export interface ActivityInput {
  title: string;
  description?: string | undefined;
  startsAt: string;
  place?: string | undefined;
}

export async function createActivity(
  ctx: AppContext,
  actor: Actor,
  team: BodyRow,
  input: ActivityInput,
  clientIp: string | null,
): Promise<number> {
  if (team.kind !== 'volunteer_team') throw new AppError('COMMUNITY_BODY_WRONG_KIND', undefined, { field: 'teamId' });
  const startsAt = new Date(input.startsAt);
  if (Number.isNaN(startsAt.getTime())) {
    throw new AppError('VALIDATION_FAILED', undefined, [{ field: 'startsAt', message: '时间无效 / Not a time' }]);
  }
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('volunteer_activity')
      .values({
        team_id: team.id,
        unit_id: team.unitId,
        unit_path: team.unitPath,
        title: input.title.trim(),
        description: input.description?.trim() ?? '',
        starts_at: startsAt.toISOString(),
        place: input.place?.trim() || null,
        created_by: actor.userId,
        created_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'volunteer:manage'),
        action: 'volunteer_activity.create',
        subjectType: 'volunteer_activity',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { teamId: team.id },
      },
      now,
    );
    return id;
  });
}

export async function signUp(ctx: AppContext, actor: Actor, activity: ActivityRow, clientIp: string | null) {
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('volunteer_signup')
      .values({ activity_id: activity.id, user_id: actor.userId, created_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['activity_id', 'user_id']).doNothing())
      .returning('user_id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('VOLUNTEER_ALREADY_SIGNED_UP');
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'volunteer:join'),
        action: 'volunteer.sign_up',
        subjectType: 'volunteer_activity',
        subjectId: activity.id,
        outcome: 'success',
        clientIp,
      },
      now,
    );
  });
}

export async function logHours(
  ctx: AppContext,
  actor: Actor,
  activity: ActivityRow,
  input: { userId: number; hours: number },
  clientIp: string | null,
): Promise<void> {
  const tenths = Math.round(input.hours * 10);
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const signup = await trx
      .selectFrom('volunteer_signup')
      .select('hours_tenths')
      .where('activity_id', '=', activity.id)
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    if (!signup) throw new AppError('VOLUNTEER_NOT_SIGNED_UP', undefined, { field: 'userId' });
    const logged = await trx
      .updateTable('volunteer_signup')
      .set({ hours_tenths: tenths, hours_logged_by: actor.userId, hours_logged_at: now.toISOString() })
      .where('activity_id', '=', activity.id)
      .where('user_id', '=', input.userId)
      .where('hours_tenths', 'is', null)
      .executeTakeFirst();
    if (Number(logged.numUpdatedRows) !== 1) throw new AppError('VOLUNTEER_HOURS_ALREADY_LOGGED');
    // The hours earn points in the same transaction: exactly when they are logged, once.
    await awardPoints(ctx, trx, {
      userId: input.userId,
      rule: 'volunteer_hour',
      sourceKey: `volunteer_signup:${activity.id}:${input.userId}`,
      quantity: tenths / 10,
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor),
        action: 'volunteer.log_hours',
        subjectType: 'volunteer_activity',
        subjectId: activity.id,
        outcome: 'success',
        clientIp,
        details: { userId: input.userId, hours: tenths / 10 },
      },
      now,
    );
  });
}
