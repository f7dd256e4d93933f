// HTTP for meetings (issue 19 §2): list (filters; .xlsx export), schedule, read, change (a new time or
// place told again), attendance, close (minutes and attendees, or 422), cancel, and the minutes (.docx).
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { IdParams, errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { exportFilters, exportStamp, jsonOrXlsx, sendXlsx } from '../../platform/http/xlsx.ts';
import { AppError } from '../../platform/http/errors.ts';
import { activeMembersWithin, auditActorOf, authorize, jurisdictionPaths } from '../auth/index.ts';
import { rolesWith } from '../../../common/powers.ts';
import { findUnitById, unitNames } from '../org/index.ts';
import { MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from '../../../common/meetings.ts';
import { findMeeting, listMeetings, participantsOf } from './meetings.repository.ts';
import { loadMeeting } from './meetings.policy.ts';
import {
  AttendanceBody,
  CancelBody,
  ChangeBody,
  CloseBody,
  ListQuery,
  MeetingDetail,
  MeetingList,
  ScheduleBody,
  StaffList,
  StaffQuery,
} from './meetings.schemas.ts';
import { presentMeeting, presentMeetings, type MeetingSummary } from './meetings.view.ts';
import { instant, scheduleMeeting } from './use-cases/schedule-meeting.ts';
import { changeMeeting } from './use-cases/reschedule-meeting.ts';
import { recordAttendance } from './use-cases/record-attendance.ts';
import { cancelMeeting, closeMeeting } from './use-cases/close-meeting.ts';
import { minutesTitle, renderMinutesDocx, beijingTime } from './meeting-minutes-docx.ts';

const TAGS = ['meetings'];
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const EXPORT_LIMIT = 5000;

export function meetingRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/meetings',
    {
      schema: {
        tags: TAGS,
        summary: '会议列表 / Meetings',
        description:
          'Meetings (听证、协调、评议、议事) organised by units of the caller’s area, and those the caller is invited ' +
          'to, by time (latest first). Filters: `kind`, `status`, `unitId` (that unit and below), `from`/`to` ' +
          '(scheduled time), `subjectKind`/`subjectId` (what it is about). `format=xlsx` exports every match (audited).',
        querystring: ListQuery,
        response: { 200: jsonOrXlsx(MeetingList, '会议列表 / Meetings'), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'meeting:read');
      const q = request.query;
      let unitPath: string | undefined;
      if (q.unitId !== undefined) {
        const unit = await findUnitById(ctx.db, q.unitId);
        if (!unit) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
        unitPath = unit.path;
      }
      const exporting = q.format === 'xlsx';
      const limit = exporting ? EXPORT_LIMIT : (q.limit ?? 100);
      const rows = await listMeetings(ctx.db, {
        scopePaths: jurisdictionPaths(actor, 'meeting:read'),
        participant: actor.userId,
        kind: q.kind,
        status: q.status,
        unitPath,
        from: q.from === undefined ? undefined : instant('from', q.from),
        to: q.to === undefined ? undefined : instant('to', q.to),
        subjectKind: q.subjectKind,
        subjectId: q.subjectId,
        limit: limit + 1,
      });
      const items = await presentMeetings(ctx, actor, rows.slice(0, limit));
      if (exporting) {
        const now = ctx.clock.now();
        return sendXlsx<MeetingSummary>(reply, {
          filename: `会议-${exportStamp(now)}.xlsx`,
          sheetName: '会议',
          columns: [
            { key: 'scheduledAt', header: '时间', width: 18, value: (m) => beijingTime(m.scheduledAt) },
            { key: 'kind', header: '类型', width: 10, value: (m) => MEETING_KIND_LABELS[m.kind].zh },
            { key: 'title', header: '会议名称', width: 36 },
            { key: 'unitName', header: '组织单位', width: 22 },
            { key: 'place', header: '地点', width: 24 },
            { key: 'status', header: '状态', width: 10, value: (m) => MEETING_STATUS_LABELS[m.status].zh },
            { key: 'participantCount', header: '应到', type: 'number' },
            { key: 'attendeeCount', header: '实到', type: 'number' },
          ],
          rows: items,
          audit: {
            log: ctx.audit,
            db: ctx.db,
            at: now,
            actor: auditActorOf(actor, 'meeting:read'),
            clientIp: request.ip,
            what: 'meetings',
            filters: exportFilters(q),
          },
        });
      }
      return { items, truncated: rows.length > limit };
    },
  );

  app.get(
    '/api/v1/meetings/staff',
    {
      schema: {
        tags: TAGS,
        summary: '可邀请的工作人员 / Staff a convener may invite',
        description:
          'Enabled staff accounts of the caller’s area (where it may convene meetings), by name or username (`q`), ' +
          'up to 50: the participants a meeting names by account, told in their inbox.',
        querystring: StaffQuery,
        response: { 200: StaffList, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'meeting:manage');
      const people = await activeMembersWithin(ctx.db, {
        paths: jurisdictionPaths(actor, 'meeting:manage'),
        roles: rolesWith('meeting:read'),
        q: request.query.q,
        limit: 200,
      });
      const seen = new Set<number>();
      const items = people
        .filter((p) => !seen.has(p.userId) && seen.add(p.userId))
        .slice(0, 50)
        .map((p) => ({ userId: p.userId, name: p.displayName, role: p.role, unitName: p.unitName }));
      return { items };
    },
  );

  app.post(
    '/api/v1/meetings',
    {
      schema: {
        tags: TAGS,
        summary: '安排会议 / Schedule a meeting',
        description:
          'A convener schedules a meeting of a unit of its area: kind, title, time, place, agenda and participants — ' +
          'staff by account (told in their inbox) and outside people by name, role and phone (sealed; told by SMS). ' +
          '`subjectKind`+`subjectId` link it to what it is about. A participant who is no active staff account, ' +
          'listed twice or with a bad phone: 422 MEETING_PARTICIPANT_INVALID. Unit outside the area: 404.',
        body: ScheduleBody,
        response: { 201: MeetingDetail, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'meeting:manage');
      const id = await scheduleMeeting(ctx, actor, request.body, request.ip);
      reply.code(201);
      return presentMeeting(ctx, actor, (await findMeeting(ctx.db, id))!);
    },
  );

  app.get(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags: TAGS,
        summary: '会议详情 / One meeting',
        description:
          'The meeting with its agenda, participants (phones masked) and attendance, minutes or the reason it was ' +
          'cancelled. Staff of the organising unit and the units above it, and staff invited to it; others: 404.',
        params: IdParams,
        response: { 200: MeetingDetail, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'meeting:read');
      return presentMeeting(ctx, actor, await loadMeeting(ctx, actor, request.params.id, 'meeting:read'));
    },
  );

  app.patch(
    '/api/v1/meetings/:id',
    {
      schema: {
        tags: TAGS,
        summary: '变更会议 / Change (reschedule) a meeting',
        description:
          'Title, agenda, time or place of a scheduled meeting. A new time or place is told again to every ' +
          'participant (inbox, SMS). Held or cancelled: 422 MEETING_CLOSED; a meeting its subject’s module keeps ' +
          '(a mediation hearing): 422 MEETING_MANAGED_BY_SUBJECT; stale `version`: 409.',
        params: IdParams,
        body: ChangeBody,
        response: { 200: MeetingDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'meeting:manage');
      const m = await loadMeeting(ctx, actor, request.params.id, 'meeting:manage');
      await changeMeeting(ctx, actor, m, request.body, request.ip);
      return presentMeeting(ctx, actor, (await findMeeting(ctx.db, m.id))!);
    },
  );

  app.post(
    '/api/v1/meetings/:id/attendance',
    {
      schema: {
        tags: TAGS,
        summary: '登记到会情况 / Record attendance',
        description:
          'Marks participants present or absent and adds walk-ins (present). A line naming no participant of the ' +
          'meeting: 422 MEETING_PARTICIPANT_INVALID, nothing written. Held or cancelled: 422 MEETING_CLOSED.',
        params: IdParams,
        body: AttendanceBody,
        response: { 200: MeetingDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'meeting:manage');
      const m = await loadMeeting(ctx, actor, request.params.id, 'meeting:manage');
      await recordAttendance(ctx, actor, m, request.body, request.ip);
      return presentMeeting(ctx, actor, (await findMeeting(ctx.db, m.id))!);
    },
  );

  app.post(
    '/api/v1/meetings/:id/close',
    {
      schema: {
        tags: TAGS,
        summary: '结束会议（纪要） / Close a meeting with its minutes',
        description:
          'Closes a meeting whose time has come with its minutes (and, optionally, the attendance in the same ' +
          'call). Closed only with minutes and at least one attendee: 422 MEETING_MINUTES_REQUIRED or ' +
          'MEETING_NO_ATTENDEES and nothing written; before its time: 422 MEETING_NOT_YET_HELD.',
        params: IdParams,
        body: CloseBody,
        response: { 200: MeetingDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'meeting:manage');
      const m = await loadMeeting(ctx, actor, request.params.id, 'meeting:manage');
      await closeMeeting(ctx, actor, m, request.body, request.ip);
      return presentMeeting(ctx, actor, (await findMeeting(ctx.db, m.id))!);
    },
  );

  app.post(
    '/api/v1/meetings/:id/cancel',
    {
      schema: {
        tags: TAGS,
        summary: '取消会议 / Cancel a meeting',
        description:
          'Cancels a scheduled meeting with its reason; every participant is told (inbox, SMS). Held or cancelled ' +
          'already: 422 MEETING_CLOSED.',
        params: IdParams,
        body: CancelBody,
        response: { 200: MeetingDetail, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'meeting:manage');
      const m = await loadMeeting(ctx, actor, request.params.id, 'meeting:manage');
      await cancelMeeting(ctx, actor, m, request.body, request.ip);
      return presentMeeting(ctx, actor, (await findMeeting(ctx.db, m.id))!);
    },
  );

  app.get(
    '/api/v1/meetings/:id/minutes',
    {
      schema: {
        tags: TAGS,
        summary: '会议纪要（Word） / The minutes (.docx)',
        description:
          'The minutes of a held meeting as a Word document: time, place, organiser, who attended and who did not ' +
          '(names and roles, no phones), agenda and minutes. Audited. Not held: 422 MEETING_MINUTES_REQUIRED.',
        params: IdParams,
        response: {
          200: {
            description: 'docx',
            content: { [DOCX]: { schema: { type: 'string', format: 'binary' } } },
          } as unknown as ReturnType<typeof Type.Any>,
          ...errorResponses(400, 401, 403, 404, 422),
        },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'meeting:read');
      const m = await loadMeeting(ctx, actor, request.params.id, 'meeting:read');
      if (m.status !== 'held' || m.minutes === null) throw new AppError('MEETING_MINUTES_REQUIRED');
      const [units, participants] = await Promise.all([unitNames(ctx.db, [m.unitId]), participantsOf(ctx.db, [m.id])]);
      const docx = await renderMinutesDocx({ meeting: m, unitName: units.get(m.unitId) ?? '', participants });
      const now = ctx.clock.now();
      await ctx.db.transaction().execute((trx) =>
        ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'meeting:read'),
            action: 'report.meeting_minutes',
            subjectType: 'meeting',
            subjectId: m.id,
            outcome: 'success',
            clientIp: request.ip,
            details: { bytes: docx.length },
          },
          now,
        ),
      );
      return reply
        .header('content-type', DOCX)
        .header('content-disposition', attachmentDisposition(`${minutesTitle(m)}.docx`))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .send(docx);
    },
  );
}
