// 调解记录: one mediation session as held (when, where, who attended, what was said and agreed).
import type { AppContext } from '../../../context.ts';
import type { Actor } from '../../auth/index.ts';
import { requireOpen, type LoadedFile } from '../mediation-file.ts';
import { inFile, invalid, optional, text } from './file-command.ts';
import { notifyParties } from '../party-notices.ts';

export interface SessionInput {
  heldAt: string;
  place: string;
  attendees: string[];
  record: string;
  agreed?: string | undefined;
  nextStep?: string | undefined;
}

export async function recordSession(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: SessionInput,
  clientIp: string | null,
): Promise<number> {
  requireOpen(loaded);
  const heldAt = new Date(input.heldAt);
  if (Number.isNaN(heldAt.getTime())) throw invalid('heldAt', '时间无效 / Invalid time');
  if (heldAt.getTime() > ctx.clock.now().getTime() + 3_600_000)
    throw invalid('heldAt', '不能记录尚未举行的调解 / A session is recorded after it is held');
  // A session on the day the file was registered counts, even before the acceptance click.
  if (heldAt.getTime() < Date.parse(loaded.file.registered_at) - 86_400_000)
    throw invalid('heldAt', '早于卷宗登记日期 / Before the file was registered');
  const attendees = [...new Set(input.attendees.map((a) => a.trim()).filter(Boolean))];
  if (attendees.length === 0) throw invalid('attendees', '请填写参加人员 / Who attended');
  const record = text(input.record, 'record', 5);
  const place = text(input.place, 'place');
  return inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    const last = await trx
      .selectFrom('mediation_session')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('file_id', '=', loaded.file.id)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const row = await trx
      .insertInto('mediation_session')
      .values({
        file_id: loaded.file.id,
        seq,
        held_at: heldAt.toISOString(),
        place,
        attendees: JSON.stringify(attendees),
        record,
        agreed: optional(input.agreed),
        next_step: optional(input.nextStep),
        recorded_by: actor.userId,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      value: row.id,
      step: {
        action: 'mediation.session',
        details: { sessionId: row.id, seq },
        timeline: { seq, heldAt: heldAt.toISOString(), place },
      },
    };
  });
}

export interface SessionNoticeInput {
  scheduledAt: string;
  place: string;
}

/** 调解通知: the next session's time and place, sent to every party with a phone by SMS. */
export async function scheduleSession(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: SessionNoticeInput,
  clientIp: string | null,
): Promise<number> {
  requireOpen(loaded);
  const when = new Date(input.scheduledAt);
  if (Number.isNaN(when.getTime()) || when <= ctx.clock.now())
    throw invalid('scheduledAt', '调解时间须在将来 / Must be in the future');
  const place = text(input.place, 'place');
  return inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    const notified = await notifyParties(
      trx,
      loaded.caseRow.id,
      {
        topic: 'mediation.session_scheduled',
        subjectType: 'mediation_file',
        subjectId: loaded.file.id,
        payload: { number: loaded.caseRow.number, scheduledAt: when.toISOString(), place },
      },
      new Date(at),
    );
    return {
      value: notified,
      step: {
        action: 'mediation.session_scheduled',
        details: { scheduledAt: when.toISOString(), notified },
        timeline: { scheduledAt: when.toISOString(), place },
      },
    };
  });
}
