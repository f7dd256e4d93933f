// Meetings over HTTP on both databases (issue 19 §2): a meeting scheduled with staff and outside
// participants tells each of them (inbox notices, an SMS with the phone looked up when sending: the
// outbox and the responses hold no phone in clear); it cannot close without minutes or without an
// attendee (422, nothing changed) and closes with both; a new time is told again; a cancellation
// gives its reason; another county's staff get 404; the list filters and exports; the minutes
// download as .docx.
import { expect, it } from 'vitest';
import JSZip from 'jszip';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';
import { readXlsxRows } from '../../../test/support/work-orders.ts';
import { deliverNotifications, notificationRouter } from '../../notifications.ts';

const quiet = () => undefined;
const PHONE = '13800001111';

interface Participant {
  id: number;
  type: 'staff' | 'outside';
  userId: number | null;
  name: string;
  role: string | null;
  phoneMasked: string | null;
  attended: boolean | null;
}
interface Meeting {
  id: number;
  kind: string;
  title: string;
  status: string;
  scheduledAt: string;
  place: string;
  minutes: string | null;
  cancelReason: string | null;
  participantCount: number;
  attendeeCount: number;
  version: number;
  participants: Participant[];
  abilities: { manage: boolean };
}

async function userId(h: Harness, username: string): Promise<number> {
  return (await h.ctx.db.selectFrom('app_user').select('id').where('username', '=', username).executeTakeFirstOrThrow())
    .id;
}

describeEachDialect('meetings', (get) => {
  const hoursFromNow = (h: Harness, hours: number) =>
    new Date(h.clock.now().getTime() + hours * 3_600_000).toISOString();

  async function schedule(h: Harness, token: string, overrides: Record<string, unknown> = {}) {
    const township = await h.unit('370702001');
    return h.inject({
      method: 'POST',
      url: '/api/v1/meetings',
      token,
      payload: {
        kind: 'coordination',
        title: '和平小区停车难协调会',
        unitId: township.id,
        scheduledAt: hoursFromNow(h, 24),
        place: '城关街道办事处三楼会议室',
        agenda: '一、通报情况；二、各方发言；三、形成方案',
        participants: [
          { userId: await userId(h, 'gridworker'), role: '网格员' },
          { userId: await userId(h, 'department'), role: '住建局' },
          { name: '居民代表李某', role: '居民代表', phone: '138 0000 1111' },
          { name: '物业经理王某', role: '物业' },
        ],
        ...overrides,
      },
    });
  }

  it('tells every participant when scheduled (inbox, SMS) with the phone sealed and masked', async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const res = await schedule(h, dispatcher);
    expect(res.statusCode, res.body).toBe(201);
    const m = res.json() as Meeting;
    expect(m).toMatchObject({ kind: 'coordination', status: 'scheduled', participantCount: 4, attendeeCount: 0 });
    expect(m.abilities.manage).toBe(true);
    const outside = m.participants.find((p) => p.name === '居民代表李某')!;
    expect(outside).toMatchObject({ type: 'outside', role: '居民代表', phoneMasked: '138****1111', attended: null });
    expect(res.body).not.toContain(PHONE);
    // Sealed at rest.
    const stored = await h.ctx.db
      .selectFrom('meeting_participant')
      .select('phone_enc')
      .where('id', '=', outside.id)
      .executeTakeFirstOrThrow();
    expect(stored.phone_enc).toBeTruthy();
    expect(stored.phone_enc).not.toContain('1111');

    // One notice per staff participant and one SMS for the outside person with a phone; none in clear.
    const outbox = await h.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('subject_type', '=', 'meeting')
      .where('subject_id', '=', String(m.id))
      .orderBy('id')
      .execute();
    expect(outbox.map((o) => [o.topic, o.recipient_type]).sort()).toEqual([
      ['meeting.scheduled', 'meeting_participant'],
      ['meeting.scheduled', 'user'],
      ['meeting.scheduled', 'user'],
    ]);
    expect(JSON.stringify(outbox)).not.toContain(PHONE);
    await deliverNotifications(h.ctx, notificationRouter(h.ctx, quiet));
    const gridworker = await h.login('gridworker');
    const inbox = (await h.inject({ method: 'GET', url: '/api/v1/inbox', token: gridworker })).json() as {
      items: { topic: string; subjectType: string; subjectId: string; title: { zh: string } }[];
    };
    expect(inbox.items.find((i) => i.subjectType === 'meeting' && i.subjectId === String(m.id))).toMatchObject({
      topic: 'meeting.scheduled',
      title: { zh: expect.stringContaining('会议通知') as unknown },
    });
    const sms = await h.ctx.db
      .selectFrom('sms_message')
      .selectAll()
      .where(
        'outbox_id',
        'in',
        outbox.map((o) => o.id),
      )
      .execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ template_code: 'meeting_scheduled', phone_masked: '138****1111', status: 'sent' });
    expect(sms[0]!.text).toContain('和平小区停车难协调会');
    expect(sms[0]!.text).toContain('城关街道办事处三楼会议室');

    // The convener finds staff to invite by name (residents are no staff).
    const staff = (
      await h.inject({
        method: 'GET',
        url: `/api/v1/meetings/staff?q=${encodeURIComponent('网格员')}`,
        token: dispatcher,
      })
    ).json() as { items: { userId: number; name: string }[] };
    expect(staff.items.map((p) => p.userId)).toContain(await userId(h, 'gridworker'));
    const residents = (
      await h.inject({
        method: 'GET',
        url: `/api/v1/meetings/staff?q=${encodeURIComponent('群众')}`,
        token: dispatcher,
      })
    ).json() as { items: unknown[] };
    expect(residents.items).toEqual([]);

    // The invited staff member from outside the township's chain reads it; the meeting lists for them.
    const department = await h.login('department');
    expect((await h.inject({ method: 'GET', url: `/api/v1/meetings/${m.id}`, token: department })).statusCode).toBe(
      200,
    );
  });

  it('closes only with minutes and an attendee; nothing changes when refused', async () => {
    const h = get();
    let dispatcher = await h.login('dispatcher');
    const m = (await schedule(h, dispatcher, { scheduledAt: hoursFromNow(h, 1) })).json() as Meeting;
    const close = (body: Record<string, unknown>) =>
      h.inject({ method: 'POST', url: `/api/v1/meetings/${m.id}/close`, token: dispatcher, payload: body });
    const minutes = '会议议定：物业一周内划定临时停车位，街道牵头协调共享车位。';
    // Not yet begun.
    expect((await close({ minutes })).json()).toMatchObject({ error: { code: 'MEETING_NOT_YET_HELD' } });
    h.clock.set(new Date(Date.parse(m.scheduledAt) + 2 * 3_600_000));
    dispatcher = await h.login('dispatcher');
    const before = await h.ctx.db.selectFrom('meeting').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow();

    // No attendee recorded: 422, and the attendance sent as absent is not kept either.
    const noOne = await close({ minutes, attendance: [{ participantId: m.participants[0]!.id, attended: false }] });
    expect(noOne.statusCode).toBe(422);
    expect(noOne.json()).toMatchObject({ error: { code: 'MEETING_NO_ATTENDEES' } });
    // Attendees but no minutes (blank, or too short): 422.
    for (const text of ['', '   ', '好']) {
      const res = await close({
        minutes: text,
        attendance: [{ participantId: m.participants[0]!.id, attended: true }],
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ error: { code: 'MEETING_MINUTES_REQUIRED' } });
    }
    expect(await h.ctx.db.selectFrom('meeting').selectAll().where('id', '=', m.id).executeTakeFirstOrThrow()).toEqual(
      before,
    );
    const kept = await h.ctx.db
      .selectFrom('meeting_participant')
      .select('attended')
      .where('meeting_id', '=', m.id)
      .execute();
    expect(kept.every((p) => p.attended === null)).toBe(true);
    // A line naming someone of another meeting: 422.
    expect((await close({ minutes, attendance: [{ participantId: 999_999, attended: true }] })).json()).toMatchObject({
      error: { code: 'MEETING_PARTICIPANT_INVALID' },
    });

    // Attendance recorded (and a walk-in), then closed with the minutes.
    const recorded = await h.inject({
      method: 'POST',
      url: `/api/v1/meetings/${m.id}/attendance`,
      token: dispatcher,
      payload: {
        attendance: [
          { participantId: m.participants[0]!.id, attended: true },
          { participantId: m.participants[3]!.id, attended: false },
        ],
        walkIns: [{ name: '旁听居民赵某', role: '居民' }],
      },
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    expect(recorded.json()).toMatchObject({ attendeeCount: 2, participantCount: 5 });
    const closed = await close({ minutes, version: (recorded.json() as Meeting).version });
    expect(closed.statusCode, closed.body).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'held', minutes, attendeeCount: 2, abilities: { manage: false } });
    // Closed: nothing more changes it.
    expect((await close({ minutes })).json()).toMatchObject({ error: { code: 'MEETING_CLOSED' } });
    const cancel = await h.inject({
      method: 'POST',
      url: `/api/v1/meetings/${m.id}/cancel`,
      token: dispatcher,
      payload: { reason: '改期' },
    });
    expect(cancel.json()).toMatchObject({ error: { code: 'MEETING_CLOSED' } });

    // The minutes as .docx: who came and what was agreed, no phone.
    const docx = await h.inject({ method: 'GET', url: `/api/v1/meetings/${m.id}/minutes`, token: dispatcher });
    expect(docx.statusCode).toBe(200);
    const xml = await (await JSZip.loadAsync(docx.rawPayload)).file('word/document.xml')!.async('string');
    expect(xml).toContain('物业一周内划定临时停车位');
    expect(xml).toContain('旁听居民赵某');
    expect(xml).not.toContain('1111');
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'meeting')
      .where('subject_id', '=', String(m.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['meeting.schedule', 'meeting.attendance', 'meeting.close', 'report.meeting_minutes']),
    );
  });

  it('tells everyone again when moved, and when cancelled', async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const m = (await schedule(h, dispatcher, { kind: 'evaluation', title: '年度评议会' })).json() as Meeting;
    const notices = async (topic: string) =>
      h.ctx.db
        .selectFrom('outbox')
        .select(['recipient_type'])
        .where('topic', '=', topic)
        .where('subject_id', '=', String(m.id))
        .execute();
    // A new title only: nobody is told again.
    const retitled = await h.inject({
      method: 'PATCH',
      url: `/api/v1/meetings/${m.id}`,
      token: dispatcher,
      payload: { title: '2026 年度评议会' },
    });
    expect(retitled.statusCode, retitled.body).toBe(200);
    expect(await notices('meeting.rescheduled')).toHaveLength(0);
    const later = hoursFromNow(h, 72);
    const moved = await h.inject({
      method: 'PATCH',
      url: `/api/v1/meetings/${m.id}`,
      token: dispatcher,
      payload: { scheduledAt: later, place: '城关街道党群服务中心', version: (retitled.json() as Meeting).version },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ scheduledAt: later, place: '城关街道党群服务中心', title: '2026 年度评议会' });
    expect((await notices('meeting.rescheduled')).map((n) => n.recipient_type).sort()).toEqual([
      'meeting_participant',
      'user',
      'user',
    ]);
    await deliverNotifications(h.ctx, notificationRouter(h.ctx, quiet));
    const text = await h.ctx.db
      .selectFrom('sms_message')
      .select('text')
      .where('template_code', '=', 'meeting_rescheduled')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(text.text).toContain('城关街道党群服务中心');
    // A stale version: 409, nothing changed.
    const stale = await h.inject({
      method: 'PATCH',
      url: `/api/v1/meetings/${m.id}`,
      token: dispatcher,
      payload: { place: '别处', version: m.version },
    });
    expect(stale.statusCode).toBe(409);

    const noReason = await h.inject({
      method: 'POST',
      url: `/api/v1/meetings/${m.id}/cancel`,
      token: dispatcher,
      payload: { reason: '  ' },
    });
    expect(noReason.statusCode).toBe(400);
    const cancelled = await h.inject({
      method: 'POST',
      url: `/api/v1/meetings/${m.id}/cancel`,
      token: dispatcher,
      payload: { reason: '主要参会单位临时有紧急任务' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '主要参会单位临时有紧急任务' });
    expect(await notices('meeting.cancelled')).toHaveLength(3);
  });

  it('refuses bad participants and hides meetings from another county (404)', async () => {
    const h = get();
    const dispatcher = await h.login('dispatcher');
    const bad = async (participants: unknown[]) => (await schedule(h, dispatcher, { participants })).json() as unknown;
    expect(await bad([{ userId: 999_999 }])).toMatchObject({ error: { code: 'MEETING_PARTICIPANT_INVALID' } });
    const resident = await userId(h, 'resident');
    expect(await bad([{ userId: resident }])).toMatchObject({ error: { code: 'MEETING_PARTICIPANT_INVALID' } });
    expect(await bad([{ name: '张某', phone: '12345' }])).toMatchObject({
      error: { code: 'MEETING_PARTICIPANT_INVALID' },
    });
    expect(await bad([{ name: '张某' }, { name: ' 张某 ' }])).toMatchObject({
      error: { code: 'MEETING_PARTICIPANT_INVALID' },
    });
    expect((await schedule(h, dispatcher, { participants: [] })).statusCode).toBe(400);
    expect((await schedule(h, dispatcher, { kind: 'party' })).statusCode).toBe(400);
    expect((await schedule(h, dispatcher, { subjectKind: 'mediation_hearing', subjectId: 1 })).json()).toMatchObject({
      error: { code: 'VALIDATION_FAILED' },
    });
    // Outside the caller's area: 404, nothing written.
    const count = async () => (await h.ctx.db.selectFrom('meeting').select('id').execute()).length;
    const n = await count();
    expect((await schedule(h, dispatcher, { unitId: (await h.unit('370703')).id })).statusCode).toBe(404);
    expect(await count()).toBe(n);

    const m = (await schedule(h, dispatcher, { subjectKind: 'consultation', subjectId: 42 })).json() as Meeting;
    const far = await buildUser(h, { role: 'leader', unit: '370703' });
    expect((await h.inject({ method: 'GET', url: `/api/v1/meetings/${m.id}`, token: far.token })).statusCode).toBe(404);
    const farList = (await h.inject({ method: 'GET', url: '/api/v1/meetings', token: far.token })).json() as {
      items: { id: number }[];
    };
    expect(farList.items.map((i) => i.id)).not.toContain(m.id);
    for (const [method, path, payload] of [
      ['PATCH', '', { place: '别处' }],
      ['POST', '/attendance', { attendance: [] }],
      ['POST', '/close', { minutes: '会议纪要内容' }],
      ['POST', '/cancel', { reason: '取消' }],
    ] as const) {
      const farDispatcher = await buildUser(h, { role: 'dispatcher', unit: '370703' });
      const res = await h.inject({
        method,
        url: `/api/v1/meetings/${m.id}${path}`,
        token: farDispatcher.token,
        payload,
      });
      expect(res.statusCode, `${method} ${path}`).toBe(404);
    }
    // Another township's grid worker: not its township, not invited.
    const otherWorker = await buildUser(h, { role: 'grid_worker', unit: '370702002001G01' });
    expect(
      (await h.inject({ method: 'GET', url: `/api/v1/meetings/${m.id}`, token: otherWorker.token })).statusCode,
    ).toBe(404);
    // A resident holds no meeting power: 403.
    const residentToken = await h.login('resident');
    expect((await h.inject({ method: 'GET', url: '/api/v1/meetings', token: residentToken })).statusCode).toBe(403);

    // Filters: by subject, kind and time; .xlsx export.
    const leader = await h.login('leader');
    const bySubject = (
      await h.inject({ method: 'GET', url: '/api/v1/meetings?subjectKind=consultation&subjectId=42', token: leader })
    ).json() as { items: { id: number }[] };
    expect(bySubject.items.map((i) => i.id)).toEqual([m.id]);
    const byKind = (await h.inject({ method: 'GET', url: '/api/v1/meetings?kind=hearing', token: leader })).json() as {
      items: { kind: string }[];
    };
    expect(byKind.items.every((i) => i.kind === 'hearing')).toBe(true);
    const from = encodeURIComponent(hoursFromNow(h, 23));
    const to = encodeURIComponent(hoursFromNow(h, 25));
    const inWindow = (
      await h.inject({ method: 'GET', url: `/api/v1/meetings?from=${from}&to=${to}`, token: leader })
    ).json() as { items: { id: number }[] };
    expect(inWindow.items.map((i) => i.id)).toContain(m.id);
    const xlsx = await h.inject({
      method: 'GET',
      url: '/api/v1/meetings?format=xlsx&kind=coordination',
      token: leader,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
    const rows = await readXlsxRows(xlsx.rawPayload, '会议');
    expect(rows[0]).toEqual(['时间', '类型', '会议名称', '组织单位', '地点', '状态', '应到', '实到']);
    const line = rows.find((r) => r.includes('和平小区停车难协调会'));
    expect(line).toEqual(expect.arrayContaining(['协调会', '城关街道办事处三楼会议室', '已安排']));
    expect(rows.flat().join('|')).not.toContain('1111');
  });
  it('keeps a meeting for each mediation hearing, closed with the hearing under the same rule', async () => {
    const h = get();
    const operator = await h.login('operator');
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token: operator,
      payload: {
        kind: 'dispute',
        categoryCode: 'DSP.COMPLEX',
        channel: 'window',
        description: '小区加装电梯，低层住户与高层住户意见对立，多次协商未果',
        unitId: (await h.unit('370702001001G01')).id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    let dispatcher = await h.login('dispatcher');
    const hearing = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${(created.json() as { id: number }).id}/hearings`,
      token: dispatcher,
      payload: {
        title: '和平小区加装电梯公开听证会',
        scheduledAt: hoursFromNow(h, 26),
        place: '城关街道办事处三楼会议室',
        host: '赵某',
        agenda: '一、介绍加装方案；二、高低层住户陈述；三、听证员评议',
        participants: [
          { name: '区住建局代表', kind: 'department' },
          { name: '王律师', kind: 'lawyer' },
        ],
      },
    });
    expect(hearing.statusCode, hearing.body).toBe(201);
    const hearingId = (hearing.json() as { id: number }).id;
    let leader = await h.login('leader');
    const listed = (
      await h.inject({
        method: 'GET',
        url: `/api/v1/meetings?subjectKind=mediation_hearing&subjectId=${hearingId}`,
        token: leader,
      })
    ).json() as { items: Meeting[] };
    expect(listed.items).toHaveLength(1);
    const meetingId = listed.items[0]!.id;
    const m = (
      await h.inject({ method: 'GET', url: `/api/v1/meetings/${meetingId}`, token: dispatcher })
    ).json() as Meeting;
    expect(m).toMatchObject({ kind: 'hearing', title: '和平小区加装电梯公开听证会', status: 'scheduled' });
    expect(m.participants.map((p) => [p.name, p.role])).toEqual([
      ['赵某', '主持人'],
      ['区住建局代表', '部门代表'],
      ['王律师', '律师'],
    ]);
    // It is kept by the hearing: not changed, recorded or closed from here.
    expect(m.abilities.manage).toBe(false);
    const direct = await h.inject({
      method: 'POST',
      url: `/api/v1/meetings/${meetingId}/cancel`,
      token: dispatcher,
      payload: { reason: '改期' },
    });
    expect(direct.json()).toMatchObject({ error: { code: 'MEETING_MANAGED_BY_SUBJECT' } });

    h.clock.set(new Date(Date.parse(m.scheduledAt) + 3 * 3_600_000));
    dispatcher = await h.login('dispatcher');
    leader = await h.login('leader');
    const record = (attendees?: string[]) =>
      h.inject({
        method: 'POST',
        url: `/api/v1/hearings/${hearingId}/record`,
        token: dispatcher,
        payload: {
          version: 1,
          record: '听证会如期举行，各方充分发表意见',
          outcome: '听证员多数意见：同意加装',
          ...(attendees ? { attendees } : {}),
        },
      });
    // No attendee: the meeting's rule refuses the record, and neither changes.
    const refused = await record();
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'MEETING_NO_ATTENDEES' } });
    const still = await h.ctx.db
      .selectFrom('hearing')
      .select('status')
      .where('id', '=', hearingId)
      .executeTakeFirstOrThrow();
    expect(still.status).toBe('scheduled');
    const done = await record(['区住建局代表', '旁听群众张某']);
    expect(done.statusCode, done.body).toBe(200);
    const held = (
      await h.inject({ method: 'GET', url: `/api/v1/meetings/${meetingId}`, token: leader })
    ).json() as Meeting;
    expect(held).toMatchObject({ status: 'held', attendeeCount: 2 });
    expect(held.minutes).toContain('听证员多数意见：同意加装');
    expect(held.participants.map((p) => [p.name, p.attended])).toEqual([
      ['赵某', false],
      ['区住建局代表', true],
      ['王律师', false],
      ['旁听群众张某', true],
    ]);
  });
});
