// 安排会议: a convener schedules a meeting of a unit of its area with its participants; in the same
// transaction each is notified (staff in their inbox, outside people by SMS) and the act audited.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, can, type Actor } from '../../auth/index.ts';
import { findUnitById } from '../../org/index.ts';
import type { MeetingKind } from '../../../../common/meetings.ts';
import { insertMeeting, insertParticipants, participantsOf } from '../meetings.repository.ts';
import { notifyParticipants, prepareParticipants, type ParticipantInput } from '../meeting-participants.ts';
import { MANAGED_SUBJECT_KINDS } from '../meetings.policy.ts';

export interface ScheduleMeetingInput {
  kind: MeetingKind;
  title: string;
  unitId: number;
  scheduledAt: string;
  place: string;
  agenda: string;
  participants: ParticipantInput[];
  subjectKind?: string | undefined;
  subjectId?: number | undefined;
}

export const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

/** The text fields every change checks alike: trimmed, not blank. */
export function required(field: string, value: string): string {
  const text = value.trim();
  if (!text) throw invalid(field, '必填 / Required');
  return text;
}

export function instant(field: string, value: string): string {
  const when = new Date(value);
  if (Number.isNaN(when.getTime())) throw invalid(field, '时间格式有误 / Not a time');
  return when.toISOString();
}

export async function scheduleMeeting(
  ctx: AppContext,
  actor: Actor,
  input: ScheduleMeetingInput,
  clientIp: string | null,
): Promise<number> {
  const unit = await findUnitById(ctx.db, input.unitId);
  if (!unit || !can(actor, 'meeting:manage', [unit.path])) {
    const error = new AppError('NOT_FOUND', '单位不存在 / No such unit');
    throw unit ? error.denying('org_unit', unit.id) : error;
  }
  const title = required('title', input.title);
  const place = required('place', input.place);
  const agenda = required('agenda', input.agenda);
  const scheduledAt = instant('scheduledAt', input.scheduledAt);
  if ((input.subjectKind === undefined) !== (input.subjectId === undefined))
    throw invalid('subjectId', '关联对象须同时给出类型和编号 / Give both subjectKind and subjectId');
  if (input.subjectKind !== undefined && MANAGED_SUBJECT_KINDS.includes(input.subjectKind))
    throw invalid('subjectKind', '此类会议由所属业务自动创建 / Created by its own module');
  if (input.participants.length === 0) throw invalid('participants', '请添加参会人员 / Add participants');
  const people = await prepareParticipants(ctx, ctx.db, input.participants);
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertMeeting(trx, {
      kind: input.kind,
      title,
      unitId: unit.id,
      unitPath: unit.path,
      scheduledAt,
      place,
      agenda,
      subjectKind: input.subjectKind ?? null,
      subjectId: input.subjectId ?? null,
      createdBy: actor.userId,
      at,
    });
    await insertParticipants(trx, id, people);
    const notices = await notifyParticipants(
      trx,
      { id, kind: input.kind, scheduledAt },
      await participantsOf(trx, [id]),
      'meeting.scheduled',
      now,
    );
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'meeting:manage'),
        action: 'meeting.schedule',
        subjectType: 'meeting',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: { unitId: unit.id, kind: input.kind, participants: people.length, notices },
      },
      now,
    );
    return id;
  });
}
