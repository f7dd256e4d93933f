// Issue 14's hearing screens need more of a hearing than its time and place: who chairs it, the
// published notice, who attended and the minutes, the case it is about, who convened it and
// whether the reader may record or cancel it; and each step of a hand-off says who took it.
// Through the API with the demo accounts, on both databases.
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../../test/support/harness.ts';

interface HearingJson {
  id: number;
  caseId: number;
  caseNumber: string;
  caseTitle: string;
  title: string;
  scheduledAt: string;
  host: string | null;
  notice: string | null;
  participants: { name: string; kind: string }[];
  convenedBy: { id: number; name: string } | null;
  status: string;
  minutesDue: boolean;
  attendees: string[] | null;
  record: string | null;
  outcome: string | null;
  heldAt: string | null;
  version: number;
  abilities?: { manage: boolean };
}

const json = <T>(res: LightMyRequestResponse, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

describeEachDialect('public hearings and hand-offs for the screens', (get) => {
  const tokens: Record<string, string> = {};
  const call = async (username: string, method: 'GET' | 'POST', url: string, payload?: Record<string, unknown>) =>
    get().inject({
      method,
      url,
      token: (tokens[username] ??= await get().login(username)),
      ...(payload !== undefined ? { payload } : {}),
    });

  async function dispute(description: string): Promise<{ id: number; number: string; version: number }> {
    const h = get();
    return json(
      await call('operator', 'POST', '/api/v1/cases', {
        kind: 'dispute',
        categoryCode: 'DSP.COMPLEX',
        channel: 'window',
        description,
        unitId: (await h.unit('370702001001G01')).id,
      }),
      201,
    );
  }

  const schedule = (caseId: number, scheduledAt: string, extra: Record<string, unknown> = {}) =>
    call('dispatcher', 'POST', `/api/v1/cases/${caseId}/hearings`, {
      title: '和平小区加装电梯公开听证会',
      scheduledAt,
      place: '城关街道办事处三楼会议室',
      agenda: '一、介绍加装方案；二、高低层住户陈述；三、听证员评议',
      participants: [
        { name: '区住建局代表', kind: 'department' },
        { name: '王律师', kind: 'lawyer' },
        { name: '居民代表李某', kind: 'resident' },
      ],
      ...extra,
    });

  it('schedules with a host and a drafted notice, lists it with its case, records attendance and minutes', async () => {
    const h = get();
    for (const k of Object.keys(tokens)) delete tokens[k];
    const created = await dispute('小区加装电梯，低层住户与高层住户意见对立，多次协商未果');
    const scheduledAt = new Date(h.clock.now().getTime() + 26 * 3_600_000).toISOString();

    const hearing = json<HearingJson>(
      await schedule(created.id, scheduledAt, { host: '城关街道综治中心主任赵某' }),
      201,
    );
    expect(hearing).toMatchObject({
      caseId: created.id,
      caseNumber: created.number,
      host: '城关街道综治中心主任赵某',
      status: 'scheduled',
      minutesDue: false,
      attendees: null,
      convenedBy: { name: '潍城区综治中心调度员' },
      abilities: { manage: true },
    });
    expect(hearing.caseTitle.length).toBeGreaterThan(0);
    // No notice given: one is drafted from what was scheduled, signed by the convening centre.
    expect(hearing.notice).toContain('关于召开和平小区加装电梯公开听证会的公告');
    expect(hearing.notice).toContain(created.number);
    expect(hearing.notice).toContain('2026年11月28日 11:00'); // 26 hours after 09:00 Beijing time
    expect(hearing.notice).toContain('城关街道办事处三楼会议室');
    expect(hearing.notice).toContain('听证主持人：城关街道综治中心主任赵某');
    expect(hearing.notice).toContain('王律师（律师）');
    expect(hearing.notice).toMatch(/潍城区综治中心\n2026年11月27日$/);

    // A notice written by hand is published as written.
    const written = json<HearingJson>(
      await schedule(created.id, new Date(h.clock.now().getTime() + 72 * 3_600_000).toISOString(), {
        host: '赵某',
        notice: '  定于下周举行第二次听证，欢迎旁听。  ',
      }),
      201,
    );
    expect(written.notice).toBe('定于下周举行第二次听证，欢迎旁听。');
    // A blank host or a notice too short to say anything is refused, naming the field.
    for (const [extra, field] of [
      [{ host: '   ' }, 'host'],
      [{ notice: '公告' }, 'notice'],
    ] as const) {
      const refused = await schedule(created.id, scheduledAt, extra);
      expect(refused.statusCode, refused.body).toBe(400);
      expect(JSON.stringify(refused.json())).toContain(field);
    }

    // The case lists both, and says who may schedule another.
    const ofCase = json<{ items: HearingJson[]; abilities: { convene: boolean } }>(
      await call('dispatcher', 'GET', `/api/v1/cases/${created.id}/hearings`),
    );
    expect(ofCase.items.map((x) => x.id)).toEqual([hearing.id, written.id]);
    expect(ofCase.abilities.convene).toBe(true);
    expect(ofCase.items[0]!.caseNumber).toBe(created.number);
    const operatorView = json<{ items: HearingJson[]; abilities: { convene: boolean } }>(
      await call('operator', 'GET', `/api/v1/cases/${created.id}/hearings`),
    );
    expect(operatorView.abilities.convene).toBe(false);

    // One hearing: the operator reads it but may not record it; the dispatcher may.
    expect(json<HearingJson>(await call('operator', 'GET', `/api/v1/hearings/${hearing.id}`)).abilities).toEqual({
      manage: false,
    });
    expect(json<HearingJson>(await call('dispatcher', 'GET', `/api/v1/hearings/${hearing.id}`)).abilities).toEqual({
      manage: true,
    });
    expect((await call('dispatcher', 'GET', '/api/v1/hearings/999999')).statusCode).toBe(404);

    // The area's list, newest first on request.
    const from = encodeURIComponent(h.clock.now().toISOString());
    const upcoming = json<{ items: HearingJson[] }>(
      await call('leader', 'GET', `/api/v1/hearings?from=${from}&status=scheduled`),
    );
    const mine = upcoming.items.filter((x) => x.caseId === created.id).map((x) => x.id);
    expect(mine).toEqual([hearing.id, written.id]);
    const newestFirst = json<{ items: HearingJson[] }>(
      await call('leader', 'GET', `/api/v1/hearings?from=${from}&status=scheduled&order=desc`),
    );
    expect(newestFirst.items.filter((x) => x.caseId === created.id).map((x) => x.id)).toEqual([written.id, hearing.id]);
    expect(upcoming.items.find((x) => x.id === hearing.id)?.caseNumber).toBe(created.number);

    // Held: who attended (blank names dropped, each once), the minutes and the outcome.
    h.clock.set(new Date(Date.parse(scheduledAt) + 2 * 3_600_000));
    for (const k of Object.keys(tokens)) delete tokens[k];
    const due = json<HearingJson>(await call('dispatcher', 'GET', `/api/v1/hearings/${hearing.id}`));
    expect(due.minutesDue).toBe(true);
    const noOne = await call('dispatcher', 'POST', `/api/v1/hearings/${hearing.id}/record`, {
      version: hearing.version,
      record: '听证会如期举行，各方充分发表意见',
      outcome: '同意加装',
      attendees: ['  '],
    });
    expect(noOne.statusCode, noOne.body).toBe(400);
    const held = json<HearingJson>(
      await call('dispatcher', 'POST', `/api/v1/hearings/${hearing.id}/record`, {
        version: hearing.version,
        record: '听证会如期举行。住建局代表介绍方案，高低层住户分别陈述，王律师解释相关法律规定。',
        outcome: '听证员多数意见：同意加装，由高层住户补偿低层住户',
        attendees: ['区住建局代表', '王律师', '王律师', ' 旁听群众张某 ', '  '],
      }),
    );
    expect(held).toMatchObject({
      status: 'held',
      attendees: ['区住建局代表', '王律师', '旁听群众张某'],
      outcome: '听证员多数意见：同意加装，由高层住户补偿低层住户',
      heldAt: scheduledAt,
      minutesDue: false,
      abilities: { manage: false },
    });
    expect(held.record).toContain('王律师解释相关法律规定');
    // The minutes are on the hearing for whoever reads the case.
    const read = json<HearingJson>(await call('operator', 'GET', `/api/v1/hearings/${hearing.id}`));
    expect(read.attendees).toEqual(['区住建局代表', '王律师', '旁听群众张某']);

    // Cancelled: the reason is kept as its outcome, and it can no longer be managed.
    const cancelled = json<HearingJson>(
      await call('dispatcher', 'POST', `/api/v1/hearings/${written.id}/cancel`, {
        version: written.version,
        reason: '当事人已自行和解',
      }),
    );
    expect(cancelled).toMatchObject({ status: 'cancelled', outcome: '当事人已自行和解', abilities: { manage: false } });
    const history = json<{ items: HearingJson[] }>(
      await call(
        'dispatcher',
        'GET',
        `/api/v1/hearings?from=${encodeURIComponent('2026-11-01T00:00:00Z')}&status=held`,
      ),
    );
    expect(history.items.map((x) => x.id)).toContain(hearing.id);
    expect(history.items.map((x) => x.id)).not.toContain(written.id);
  });

  it('keeps hearings of a case outside the area from those who do not read it', async () => {
    const h = get();
    for (const k of Object.keys(tokens)) delete tokens[k];
    const created = await dispute('两户因通道堆放杂物发生争执，多次调解未果');
    const hearing = json<HearingJson>(
      await schedule(created.id, new Date(h.clock.now().getTime() + 48 * 3_600_000).toISOString(), { host: '赵某' }),
      201,
    );
    const outsider = await h.userWith('dispatcher', '370703-centre');
    const as = (url: string) => h.inject({ method: 'GET', url, token: outsider.token });
    expect((await as(`/api/v1/hearings/${hearing.id}`)).statusCode).toBe(404);
    expect((await as(`/api/v1/cases/${created.id}/hearings`)).statusCode).toBe(404);
    const list = json<{ items: HearingJson[] }>(await as('/api/v1/hearings?from=2026-11-01T00:00:00Z'));
    expect(list.items.map((x) => x.id)).not.toContain(hearing.id);
    // A grid worker has no hearing:read at all.
    expect((await call('gridworker', 'GET', `/api/v1/hearings/${hearing.id}`)).statusCode).toBe(403);
  });

  it('names who sent, receipted and answered each step of a hand-off, for both ends', async () => {
    const h = get();
    for (const k of Object.keys(tokens)) delete tokens[k];
    const committee = await h.unit('370702-cmte-territorial');
    const referred = json<{ id: number; caseId: number; sentBy: string | null; receivedBy: string | null }>(
      await call('court', 'POST', '/api/v1/referrals', {
        toUnitId: committee.id,
        externalRef: '（2026）鲁0702民诉前调901号',
        case: {
          kind: 'dispute',
          categoryCode: 'DSP.CONTRACT',
          description: '装修合同纠纷，法院诉前委派调解',
          unitId: (await h.unit('370702001001G01')).id,
        },
      }),
      201,
    );
    expect(referred).toMatchObject({ sentBy: '潍城区人民法院立案庭', receivedBy: null });
    const arriving = json<{ version: number }>(await call('mediator', 'GET', `/api/v1/cases/${referred.caseId}`));
    json(
      await call('mediator', 'POST', `/api/v1/cases/${referred.caseId}/actions`, {
        action: 'accept',
        version: arriving.version,
      }),
    );
    for (const who of ['court', 'mediator']) {
      const seen = json<{ sentBy: string; receivedBy: string | null; returnedBy: string | null; status: string }>(
        await call(who, 'GET', `/api/v1/referrals/${referred.id}`),
      );
      expect(seen, who).toMatchObject({
        status: 'received',
        sentBy: '潍城区人民法院立案庭',
        receivedBy: '区联合人民调解委员会调解员',
        returnedBy: null,
      });
    }
  });
});
