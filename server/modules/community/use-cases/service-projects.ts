// 公益服务项目: a township (or village) publishes a project; social organisations apply through their
// member accounts; the township awards one — or, when the project says first_claim, the first
// application takes it (one conditional update: of two at once, one wins); the organisation reports
// progress, 100 % completes it; the verified residents of its area rate it once each.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import type { AwardMode } from '../../../../common/community.ts';
import type { BodyRow, ProjectRow } from '../community.repository.ts';
import { unitToPlace } from './unit-check.ts';

export interface ProjectInput {
  unitId: number;
  title: string;
  description: string;
  budgetYuan?: number | undefined;
  startsOn?: string | undefined;
  endsOn?: string | undefined;
  awardMode?: AwardMode | undefined;
}

function checkDays(input: ProjectInput): void {
  for (const field of ['startsOn', 'endsOn'] as const) {
    const day = input[field];
    if (day !== undefined && Number.isNaN(Date.parse(`${day}T00:00:00Z`))) {
      throw new AppError('VALIDATION_FAILED', undefined, [{ field, message: '日期无效 / Not a date' }]);
    }
  }
  if (input.startsOn && input.endsOn && input.endsOn < input.startsOn) {
    throw new AppError('VALIDATION_FAILED', '结束日期早于开始日期 / Ends before it starts', [
      { field: 'endsOn', message: '结束日期不能早于开始日期 / Not before the start' },
    ]);
  }
}

export async function publishProject(ctx: AppContext, actor: Actor, input: ProjectInput, clientIp: string | null) {
  checkDays(input);
  const unit = await unitToPlace(ctx, actor, input.unitId, 'service_project:publish', true);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('service_project')
      .values({
        unit_id: unit.id,
        unit_path: unit.path,
        title: input.title.trim(),
        description: input.description.trim(),
        budget_yuan: input.budgetYuan ?? null,
        starts_on: input.startsOn ?? null,
        ends_on: input.endsOn ?? null,
        award_mode: input.awardMode ?? 'select',
        status: 'open',
        created_by: actor.userId,
        created_at: now.toISOString(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'service_project:publish'),
        action: 'service_project.publish',
        subjectType: 'service_project',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { unitId: unit.id, awardMode: input.awardMode ?? 'select' },
      },
      now,
    );
    return id;
  });
}

export async function applyForProject(
  ctx: AppContext,
  actor: Actor,
  project: ProjectRow,
  body: BodyRow,
  note: string | undefined,
  clientIp: string | null,
): Promise<void> {
  if (body.kind !== 'social_org') throw new AppError('COMMUNITY_BODY_WRONG_KIND', undefined, { field: 'bodyId' });
  if (project.status !== 'open') throw new AppError('SERVICE_PROJECT_NOT_OPEN');
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('service_project_application')
      .values({
        project_id: project.id,
        body_id: body.id,
        applied_by: actor.userId,
        note: note?.trim() ?? '',
        created_at: at,
      })
      .onConflict((oc) => oc.columns(['project_id', 'body_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('SERVICE_PROJECT_ALREADY_APPLIED');
    let claimed = false;
    if (project.awardMode === 'first_claim') {
      const won = await trx
        .updateTable('service_project')
        .set({ status: 'awarded', awarded_body_id: body.id, awarded_at: at })
        .where('id', '=', project.id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(won.numUpdatedRows) !== 1) throw new AppError('SERVICE_PROJECT_NOT_OPEN');
      claimed = true;
    }
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'service_project:act'),
        action: claimed ? 'service_project.claim' : 'service_project.apply',
        subjectType: 'service_project',
        subjectId: project.id,
        outcome: 'success',
        clientIp,
        details: { bodyId: body.id, applicationId: inserted.id },
      },
      now,
    );
  });
}

export async function awardProject(
  ctx: AppContext,
  actor: Actor,
  project: ProjectRow,
  applicationId: number,
  clientIp: string | null,
): Promise<void> {
  const application = await ctx.db
    .selectFrom('service_project_application')
    .select(['id', 'body_id'])
    .where('id', '=', applicationId)
    .where('project_id', '=', project.id)
    .executeTakeFirst();
  if (!application) throw new AppError('NOT_FOUND', '申请不存在 / No such application');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const won = await trx
      .updateTable('service_project')
      .set({ status: 'awarded', awarded_body_id: application.body_id, awarded_at: now.toISOString() })
      .where('id', '=', project.id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(won.numUpdatedRows) !== 1) throw new AppError('SERVICE_PROJECT_NOT_OPEN');
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'service_project:publish'),
        action: 'service_project.award',
        subjectType: 'service_project',
        subjectId: project.id,
        outcome: 'success',
        clientIp,
        details: { bodyId: application.body_id, applicationId },
      },
      now,
    );
  });
}

export async function reportProgress(
  ctx: AppContext,
  actor: Actor,
  project: ProjectRow,
  input: { percent: number; note: string },
  clientIp: string | null,
): Promise<void> {
  if (project.status !== 'awarded') throw new AppError('SERVICE_PROJECT_NOT_OPEN');
  const now = ctx.clock.now();
  const at = now.toISOString();
  const completes = input.percent === 100;
  await ctx.db.transaction().execute(async (trx) => {
    const moved = await trx
      .updateTable('service_project')
      .set({
        progress_percent: input.percent,
        ...(completes ? { status: 'completed', completed_at: at } : {}),
      })
      .where('id', '=', project.id)
      .where('status', '=', 'awarded')
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new AppError('SERVICE_PROJECT_NOT_OPEN');
    await trx
      .insertInto('service_project_progress')
      .values({
        project_id: project.id,
        reported_by: actor.userId,
        percent: input.percent,
        note: input.note.trim(),
        created_at: at,
      })
      .execute();
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'service_project:act'),
        action: completes ? 'service_project.complete' : 'service_project.progress',
        subjectType: 'service_project',
        subjectId: project.id,
        outcome: 'success',
        clientIp,
        details: { percent: input.percent },
      },
      now,
    );
  });
}

export async function rateProject(
  ctx: AppContext,
  actor: Actor,
  project: ProjectRow,
  input: { score: number; comment?: string | undefined },
  clientIp: string | null,
): Promise<void> {
  if (project.status !== 'completed') throw new AppError('SERVICE_PROJECT_NOT_COMPLETED');
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('service_project_rating')
      .values({
        project_id: project.id,
        user_id: actor.userId,
        score: input.score,
        comment: input.comment?.trim() || null,
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['project_id', 'user_id']).doNothing())
      .returning('project_id')
      .executeTakeFirst();
    if (!inserted) throw new AppError('SERVICE_PROJECT_ALREADY_RATED');
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'service_project:rate'),
        action: 'service_project.rate',
        subjectType: 'service_project',
        subjectId: project.id,
        outcome: 'success',
        clientIp,
        details: { score: input.score },
      },
      now,
    );
  });
}
