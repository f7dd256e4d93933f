import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { redactUrl } from '../../app.ts';
import { publicTitle } from './track-view.ts';

interface CaseJson {
  id: number;
  number: string;
  version: number;
}

interface Tracked {
  number: string;
  title: string;
  status: string;
  categoryName: string;
  createdAt: string;
  updatedAt: string;
  timeline: { action: string; toStatus: string; at: string; unitName?: string }[];
}

describe('the public title', () => {
  it('gives way to the category when it was made from the description', () => {
    const description = '隔壁棋牌室每晚营业到凌晨两点，麻将声很吵';
    expect(publicTitle({ title: `噪音扰民：${description}`.slice(0, 12), description }, '噪音扰民')).toBe('噪音扰民');
    // The category was renamed after intake.
    expect(publicTitle({ title: `噪声扰民：${description}`, description }, '噪音扰民')).toBe('噪音扰民');
    expect(publicTitle({ title: description.slice(0, 8), description }, '噪音扰民')).toBe('噪音扰民');
    expect(publicTitle({ title: '棋牌室夜间扰民', description }, '噪音扰民')).toBe('棋牌室夜间扰民');
  });

  it('keeps the last four digits out of the request log', () => {
    expect(redactUrl('/api/v1/track?number=370702-2026-000001&phoneLast4=5678')).toBe(
      '/api/v1/track?number=370702-2026-000001&phoneLast4=***',
    );
  });
});

const DESCRIPTION = '隔壁棋牌室每晚营业到凌晨两点，麻将声很吵，老人孩子睡不着';
const PHONE = '13912345678';
const REPORTER = '李秀英';
/** What staff wrote along the way: none of it may reach the public page. */
const STAFF_TEXT = ['请住建局牵头核查', '已约谈棋牌室经营者，限定营业时间', '回访满意'];
/** Display names of the demo staff who act below. */
const STAFF_NAMES = ['潍城区综治中心调度员', '区住建局承办人', '潍城区综治中心受理员'];

describeEachDialect('following a case without signing in', (get) => {
  const tokens: Record<string, string> = {};
  const token = async (username: string) => (tokens[username] ??= await get().login(username));

  async function register(username: string, payload: Record<string, unknown>): Promise<CaseJson> {
    const res = await get().inject({ method: 'POST', url: '/api/v1/cases', token: await token(username), payload });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as CaseJson;
  }

  async function act(username: string, id: number, body: Record<string, unknown>): Promise<void> {
    const h = get();
    const current = await h.inject({ method: 'GET', url: `/api/v1/cases/${id}`, token: await token('dispatcher') });
    const res = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${id}/actions`,
      token: await token(username),
      payload: { version: (current.json() as CaseJson).version, ...body },
    });
    expect(res.statusCode, `${username} ${String(body.action)}: ${res.body}`).toBe(200);
  }

  const track = (number: string, phoneLast4: string, remoteAddress?: string): Promise<LightMyRequestResponse> =>
    get().inject({
      method: 'GET',
      url: `/api/v1/track?number=${encodeURIComponent(number)}&phoneLast4=${encodeURIComponent(phoneLast4)}`,
      ...(remoteAddress ? { remoteAddress } : {}),
    });

  const noisy = async (extra: Record<string, unknown> = {}) =>
    register('operator', {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'hotline',
      description: DESCRIPTION,
      unitId: (await get().unit('370702001002')).id,
      reporter: { name: REPORTER, phone: PHONE },
      ...extra,
    });

  it('shows the masked progress with the right number and last four digits', async () => {
    const h = get();
    const c = await noisy();
    const housing = (await h.unit('370702-dept-housing')).id;
    await act('dispatcher', c.id, { action: 'dispatch', leadUnitId: housing, note: STAFF_TEXT[0] });
    await act('department', c.id, { action: 'accept' });
    await act('department', c.id, { action: 'resolve', result: STAFF_TEXT[1] });
    await act('operator', c.id, { action: 'rate', rating: 'satisfied', comment: STAFF_TEXT[2] });

    const res = await track(c.number, '5678');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Tracked;
    expect(Object.keys(body).sort()).toEqual(
      ['categoryName', 'createdAt', 'number', 'status', 'timeline', 'title', 'updatedAt'].sort(),
    );
    expect(body).toMatchObject({ number: c.number, status: 'closed', categoryName: '噪音扰民', title: '噪音扰民' });
    const department = '潍城区住房和城乡建设局';
    // What happened, and only the lead unit, on the step where it gave the result.
    expect(body.timeline.map((e) => [e.action, e.toStatus, e.unitName])).toEqual([
      ['register', 'registered', undefined],
      ['dispatch', 'dispatched', undefined],
      ['accept', 'in_progress', undefined],
      ['resolve', 'resolved', department],
      ['rate', 'closed', undefined],
    ]);
    for (const event of body.timeline) {
      expect(Object.keys(event).sort()).toEqual(
        event.action === 'resolve' ? ['action', 'at', 'toStatus', 'unitName'] : ['action', 'at', 'toStatus'],
      );
      expect(event.at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
    // The centre that registered, dispatched and rated on the phone is the organisation's inside.
    expect(res.body).not.toContain('综治中心');
    for (const secret of [
      REPORTER,
      PHONE,
      '139****5678',
      DESCRIPTION,
      DESCRIPTION.slice(0, 6),
      ...STAFF_TEXT,
      ...STAFF_NAMES,
    ]) {
      expect(res.body, secret).not.toContain(secret);
    }
  });

  it('names no centre, summoned or assisting department, and leaves supervision out: only the lead unit of the result', async () => {
    const h = get();
    const c = await noisy({ reporter: { name: REPORTER, phone: '13900003333' } });
    const [housing, urban, market] = await Promise.all(
      ['370702-dept-housing', '370702-dept-urban_management', '370702-dept-market_regulation'].map((code) =>
        h.unit(code),
      ),
    );
    // The township summons two departments (吹哨), each reports (报到); the district dispatches
    // with an assisting department, supervises (督办), and the lead department resolves.
    await act('township', c.id, { action: 'whistle', unitIds: [urban!.id, market!.id], note: STAFF_TEXT[0] });
    await act('urban', c.id, { action: 'report' });
    await act('market', c.id, { action: 'report' });
    await act('dispatcher', c.id, { action: 'dispatch', leadUnitId: housing!.id, assistUnitIds: [urban!.id] });
    await act('department', c.id, { action: 'accept' });
    await act('dispatcher', c.id, { action: 'supervise', note: '请加快办理' });
    await act('department', c.id, { action: 'resolve', result: STAFF_TEXT[1] });

    const res = await track(c.number, '3333');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Tracked;
    expect(body.timeline.map((e) => [e.action, e.unitName])).toEqual([
      ['register', undefined],
      ['dispatch', undefined],
      ['accept', undefined],
      ['resolve', housing!.name],
    ]);
    for (const inside of [urban!.name, market!.name, '综治中心', '请加快办理', ...STAFF_TEXT, ...STAFF_NAMES]) {
      expect(res.body, inside).not.toContain(inside);
    }
  });

  it('names no unit for a problem a grid worker solved on the spot', async () => {
    const h = get();
    const created = await register('gridworker', {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'grid_patrol',
      description: '巡查发现广场舞音响音量过大',
      unitId: (await h.unit('370702001001G01')).id,
      reporter: { name: REPORTER, phone: '13900004444' },
    });
    const current = await h.inject({
      method: 'GET',
      url: `/api/v1/cases/${created.id}`,
      token: await token('gridworker'),
    });
    const resolved = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${created.id}/actions`,
      token: await token('gridworker'),
      payload: { action: 'resolve', version: (current.json() as CaseJson).version, result: '已现场劝导，音量已调低' },
    });
    expect(resolved.statusCode, resolved.body).toBe(200);
    const res = await track(created.number, '4444');
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as Tracked;
    expect(body.timeline.map((e) => [e.action, e.unitName])).toEqual([
      ['register', undefined],
      ['resolve', undefined],
    ]);
    expect(res.body).not.toContain('网格');
  });

  it('shows an explicit title, and leaves the resident’s own unit out of the timeline', async () => {
    const titled = await noisy({ title: '棋牌室夜间扰民', reporter: { name: REPORTER, phone: '13900005555' } });
    const res = await track(titled.number, '5555');
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Tracked).title).toBe('棋牌室夜间扰民');

    const own = await register('resident', {
      kind: 'complaint',
      categoryCode: 'CMP.NOISE',
      channel: 'web',
      description: '小区门口夜市喇叭叫卖声很大',
      reporter: { name: '张三', phone: '13812340000' },
    });
    const mine = await track(own.number, '0000');
    expect(mine.statusCode, mine.body).toBe(200);
    const body = mine.json() as Tracked;
    expect(body.timeline).toEqual([{ action: 'register', toStatus: 'registered', at: body.createdAt }]);
    // Neither the resident's name nor the community they belong to.
    expect(mine.body).not.toContain('张三');
    expect(mine.body).not.toContain('曹家巷');
  });

  it('answers wrong digits, another case’s digits and an unknown number with the same 404', async () => {
    const c = await noisy();
    const other = await noisy({ reporter: { name: '王五', phone: '13700002222' } });
    const noPhone = await noisy({ reporter: { name: '赵六' } });
    const answers = [
      await track(c.number, '0000'),
      await track(c.number, '2222'),
      await track(other.number, '5678'),
      await track(noPhone.number, '5678'),
      await track('370702-2026-999999', '5678'),
    ];
    for (const res of answers) {
      expect(res.statusCode).toBe(404);
      expect(res.body).toBe(answers[0]!.body);
      expect(res.body).not.toContain(DESCRIPTION.slice(0, 6));
    }
    expect((answers[0]!.json() as { error: { code: string } }).error.code).toBe('NOT_FOUND');
    expect((await track(other.number, '2222')).statusCode).toBe(200);
  });

  it('rejects malformed input with 400', async () => {
    const h = get();
    for (const url of [
      '/api/v1/track',
      '/api/v1/track?number=370702-2026-000001',
      '/api/v1/track?number=370702-2026-000001&phoneLast4=56a8',
      '/api/v1/track?number=370702-2026-000001&phoneLast4=12345',
      '/api/v1/track?number=%3Cscript%3E&phoneLast4=1234',
    ]) {
      expect((await h.inject({ method: 'GET', url })).statusCode, url).toBe(400);
    }
  });

  it('limits each client address to 30 lookups a minute', async () => {
    const c = await noisy({ reporter: { name: REPORTER, phone: '13900005555' } });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await track(c.number, '5555', '198.51.100.77')).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    expect(statuses[30]).toBe(429);
    const limited = await track(c.number, '5555', '198.51.100.77');
    expect((limited.json() as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    // Another address is not affected.
    expect((await track(c.number, '5555', '198.51.100.78')).statusCode).toBe(200);
  });

  // Four digits are a weak secret, so failed lookups are limited; per address, because a limit per
  // case number would let anyone lock a resident out of following their own case.
  it('limits failed lookups per client address, not per case number: 50 misses from one address block no one else', async () => {
    const c = await noisy({ reporter: { name: REPORTER, phone: '13900009999' } });
    const attacker = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 50; i++) {
      statuses.push((await track(c.number, String(1000 + i).padStart(4, '0'), attacker)).statusCode);
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(404));
    expect(statuses.slice(20)).toEqual(Array(30).fill(429));
    // The resident, from anywhere else, still follows the case; a typo there is an honest 404.
    expect((await track(c.number, '9999', '198.51.100.20')).statusCode).toBe(200);
    expect((await track(c.number, '9998', '198.51.100.21')).statusCode).toBe(404);
    expect((await track(c.number, '9999', '198.51.100.21')).statusCode).toBe(200);
    // The attacker's address is out of budget for every number, even with the right digits, and is
    // told when to come back.
    const blocked = await track(c.number, '9999', attacker);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect((await track('370702-2026-888888', '0000', attacker)).statusCode).toBe(429);
  });

  it('counts only misses against an address: a resident checking their own case often is never limited by it', async () => {
    const c = await noisy({ reporter: { name: REPORTER, phone: '13900006666' } });
    const resident = '198.51.100.30';
    for (let i = 0; i < 19; i++) expect((await track(c.number, '0000', resident)).statusCode).toBe(404);
    for (let i = 0; i < 5; i++) expect((await track(c.number, '6666', resident)).statusCode).toBe(200);
    expect((await track(c.number, '0000', resident)).statusCode).toBe(404);
    const spent = await track(c.number, '6666', resident);
    expect(spent.statusCode).toBe(429);
    expect((spent.json() as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(spent.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
  });
});
