// 公开听证 (proposal §18): a centre's dispatcher, a leader or the lead committee's mediator
// convenes a public hearing on a case with invited participants (departments, lawyers, deputies,
// residents); its record and outcome go back onto the case's timeline. Each hearing keeps a meeting
// of kind 'hearing' (issue 19 §2: "the hearings of mediation use the same module"), organised by the
// convener's unit, created and closed with it in one transaction: it shows among the meetings, and
// recording the hearing obeys the meetings' rule (minutes and one attendee at least, else 422).
import type { Selectable } from 'kysely';
import { draftHearingNotice, PARTICIPANT_KINDS, type ParticipantKind } from '../../../../common/hearing-notice.ts';
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { recordCaseEvent, relationTo, type LoadedCase } from '../../cases/index.ts';
import { findUnitById, unitNames } from '../../org/index.ts';
import { cancelLinkedMeeting, closeLinkedMeeting, keepLinkedMeeting } from '../../meetings/index.ts';
import type { HearingTable } from '../mediation.table.ts';
import { notifyParties } from '../party-notices.ts';

export { PARTICIPANT_KINDS, type ParticipantKind };
export type HearingRow = Selectable<HearingTable>;

/** A participant's role on the hearing's meeting (as the notice names the kind). */
const PARTICIPANT_ROLE: Record<ParticipantKind, string> = {
  department: '部门代表',
  lawyer: '律师',
  deputy: '人大代表、政协委员',
  resident: '群众代表',
  expert: '专家',
  party: '当事人',
  other: '其他人员',
};

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

/** Who may convene or record a hearing on this case. */
export function mayConvene(actor: Actor, loaded: LoadedCase): boolean {
  const who = relationTo(actor, loaded.facts);
  const leadMediator =
    loaded.row.lead_unit_id !== null &&
    actor.memberships.some((m) => m.role === 'mediator' && m.unitId === loaded.row.lead_unit_id);
  return who.supervisor || leadMediator;
}

/** What a hearing is presented with: its case's number and title, who convened it. */
export interface HearingContext {
  caseNumber: string;
  caseTitle: string;
  convenedBy: { id: number; name: string } | null;
}

export function presentHearing(row: HearingRow, about: HearingContext, now: Date) {
  return {
    id: row.id,
    caseId: row.case_id,
    caseNumber: about.caseNumber,
    caseTitle: about.caseTitle,
    title: row.title,
    scheduledAt: row.scheduled_at,
    place: row.place,
    host: row.host,
    agenda: row.agenda,
    participants: JSON.parse(row.participants) as { name: string; kind: ParticipantKind; unitId: number | null }[],
    notice: row.notice,
    convenedBy: about.convenedBy,
    status: row.status,
    // Its time has come and nobody has recorded it yet: what the record route waits for (HEARING_NOT_HELD).
    minutesDue: row.status === 'scheduled' && new Date(row.scheduled_at) <= now,
    attendees: row.attendees === null ? null : (JSON.parse(row.attendees) as string[]),
    record: row.record,
    outcome: row.outcome,
    heldAt: row.held_at,
    version: row.version,
    createdAt: row.created_at,
  };
}

export interface ScheduleInput {
  title: string;
  scheduledAt: string;
  place: string;
  agenda: string;
  participants: { name: string; kind: ParticipantKind; unitId?: number | undefined }[];
  host?: string | undefined;
  /** The notice as published; drafted from the rest when left out. */
  notice?: string | undefined;
}

export async function scheduleHearing(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedCase,
  input: ScheduleInput,
  clientIp: string | null,
): Promise<number> {
  const when = new Date(input.scheduledAt);
  const now = ctx.clock.now();
  if (Number.isNaN(when.getTime()) || when <= now)
    throw invalid('scheduledAt', '听证时间须在将来 / Must be in the future');
  const title = input.title.trim();
  const place = input.place.trim();
  const agenda = input.agenda.trim();
  if (!title) throw invalid('title', '必填 / Required');
  if (!place) throw invalid('place', '必填 / Required');
  if (agenda.length < 2) throw invalid('agenda', '请写明议程 / State the agenda');
  const participants = input.participants
    .map((p) => ({ name: p.name.trim(), kind: p.kind, unitId: p.unitId ?? null }))
    .filter((p) => p.name);
  if (participants.length === 0) throw invalid('participants', '请邀请参加人员 / Invite participants');
  const host = input.host?.trim() || null;
  if (input.host !== undefined && !host) throw invalid('host', '必填 / Required');
  let notice = input.notice?.trim() || null;
  if (input.notice !== undefined && (notice?.length ?? 0) < 10)
    throw invalid('notice', '公告至少 10 个字 / At least 10 characters');
  const at = now.toISOString();
  if (notice === null) {
    const unitId = auditActorOf(actor, 'hearing:manage')?.unitId ?? null;
    notice = draftHearingNotice({
      title,
      scheduledAt: when.toISOString(),
      place,
      host: host ?? '',
      agenda,
      participants,
      caseNumber: loaded.row.number,
      caseTitle: loaded.row.title,
      convener: (await unitNames(ctx.db, [unitId])).get(unitId ?? 0) ?? actor.displayName,
      issuedAt: at,
    });
  }
  const convener = auditActorOf(actor, 'hearing:manage');
  const organiser = (await findUnitById(ctx.db, convener?.unitId ?? loaded.row.region_id)) ?? null;
  return ctx.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('hearing')
      .values({
        case_id: loaded.row.id,
        title,
        scheduled_at: when.toISOString(),
        place,
        agenda,
        participants: JSON.stringify(participants),
        status: 'scheduled',
        host,
        notice,
        attendees: null,
        record: null,
        outcome: null,
        held_at: null,
        convened_by: actor.userId,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await notifyParties(
      trx,
      loaded.row.id,
      {
        topic: 'hearing.scheduled',
        subjectType: 'hearing',
        subjectId: row.id,
        payload: { number: loaded.row.number, scheduledAt: when.toISOString(), place },
      },
      now,
    );
    if (organiser)
      await keepLinkedMeeting(
        ctx,
        trx,
        {
          subjectKind: 'mediation_hearing',
          subjectId: row.id,
          kind: 'hearing',
          title,
          unit: organiser,
          scheduledAt: when.toISOString(),
          place,
          agenda,
          participants: [
            ...(host ? [{ name: host, role: '主持人' }] : []),
            ...participants.map((p) => ({ name: p.name, role: PARTICIPANT_ROLE[p.kind] })),
          ],
        },
        { userId: actor.userId, audit: convener, clientIp },
        now,
      );
    await finish(ctx, trx, actor, loaded.row.id, row.id, 'hearing_scheduled', clientIp, now, {
      hearingId: row.id,
      title,
      scheduledAt: when.toISOString(),
      place,
    });
    return row.id;
  });
}

async function finish(
  ctx: AppContext,
  trx: Parameters<typeof recordCaseEvent>[0],
  actor: Actor,
  caseId: number,
  hearingId: number,
  action: string,
  clientIp: string | null,
  now: Date,
  data: Record<string, unknown>,
) {
  const who = auditActorOf(actor, 'hearing:manage');
  await recordCaseEvent(trx, ctx.dialect, {
    case_id: caseId,
    action,
    actor_user_id: actor.userId,
    actor_name: actor.displayName,
    actor_role: who?.role ?? null,
    actor_unit_id: who?.unitId ?? null,
    at: now.toISOString(),
    data: JSON.stringify(data),
  });
  await ctx.audit.append(
    trx,
    {
      actor: who,
      action: action.replace('hearing_', 'hearing.'),
      subjectType: 'hearing',
      subjectId: hearingId,
      outcome: 'success',
      clientIp,
      details: { caseId },
    },
    now,
  );
}

export async function closeHearing(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedCase,
  hearing: HearingRow,
  input:
    | { step: 'record'; version: number; record: string; outcome: string; attendees?: string[] | undefined }
    | { step: 'cancel'; version: number; reason: string },
  clientIp: string | null,
): Promise<void> {
  if (hearing.status !== 'scheduled') throw new AppError('HEARING_CLOSED');
  const now = ctx.clock.now();
  if (input.step === 'record') {
    if (new Date(hearing.scheduled_at) > now) throw new AppError('HEARING_NOT_HELD');
    if (input.record.trim().length < 5) throw invalid('record', '至少 5 个字 / At least 5 characters');
    if (input.outcome.trim().length < 2) throw invalid('outcome', '请写明听证结果 / State the outcome');
    if (input.attendees !== undefined && !input.attendees.some((name) => name.trim()))
      throw invalid('attendees', '请记录到场人员 / Record who attended');
  } else if (!input.reason.trim()) throw invalid('reason', '必填 / Required');
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable('hearing')
      .set(
        input.step === 'record'
          ? {
              status: 'held',
              attendees:
                input.attendees === undefined
                  ? null
                  : JSON.stringify([...new Set(input.attendees.map((name) => name.trim()).filter(Boolean))]),
              record: input.record.trim(),
              outcome: input.outcome.trim(),
              held_at: hearing.scheduled_at,
              version: hearing.version + 1,
              updated_at: at,
            }
          : { status: 'cancelled', outcome: input.reason.trim(), version: hearing.version + 1, updated_at: at },
      )
      .where('id', '=', hearing.id)
      .where('version', '=', input.version)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new AppError('VERSION_CONFLICT', '听证已被他人更新，请刷新后重试 / The hearing has changed; reload');
    // Its meeting closes under the meetings' rule (no attendee: 422, and the hearing is not recorded
    // either), or is cancelled with it.
    const by = { userId: actor.userId, audit: auditActorOf(actor, 'hearing:manage'), clientIp };
    const subject = { kind: 'mediation_hearing', id: hearing.id };
    if (input.step === 'record')
      await closeLinkedMeeting(
        ctx,
        trx,
        subject,
        {
          minutes: `${input.record.trim()}\n听证结果：${input.outcome.trim()}`,
          attendees: input.attendees ?? [],
        },
        by,
        now,
      );
    else await cancelLinkedMeeting(ctx, trx, subject, input.reason.trim(), by, now);
    await finish(
      ctx,
      trx,
      actor,
      loaded.row.id,
      hearing.id,
      input.step === 'record' ? 'hearing_held' : 'hearing_cancelled',
      clientIp,
      now,
      input.step === 'record'
        ? { hearingId: hearing.id, title: hearing.title, outcome: input.outcome.trim() }
        : { hearingId: hearing.id, title: hearing.title, reason: input.reason.trim() },
    );
  });
}
