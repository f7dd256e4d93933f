import JSZip from 'jszip';
import { expect, it } from 'vitest';
import { currentMonth } from '../../../common/period.ts';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import { computeRankings } from '../assessment/index.ts';

/** The text runs of word/document.xml, in order. */
function runs(xml: string): string[] {
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!);
}

describeEachDialect('monthly report (.docx)', (get) => {
  it('holds the dashboard’s numbers, the townships’ ranking and charts, and no personal data', async () => {
    const h = get();
    const leader = await h.login('leader');
    await buildCase(h, { title: '张三反映楼上噪音', reporter: { name: '张三', phone: '13812345678' } });
    await buildCase(h, { title: '南关街道的事件', at: '370702002' });
    await buildCase(h, { kind: 'dispute' });
    const county = await h.unit('370702');
    const period = currentMonth(h.ctx.clock.now());

    const res = await h.inject({
      method: 'GET',
      url: `/api/v1/reports/monthly?unitId=${county.id}&period=${period.label}`,
      token: leader,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers['content-disposition']).toContain("filename*=UTF-8''%E6%BD%8D%E5%9F%8E%E5%8C%BA");
    const zip = await JSZip.loadAsync(res.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = runs(xml);

    // The headline figures are the stats API's for the same window and unit.
    const stats = (
      await h.inject({
        method: 'GET',
        url: `/api/v1/stats/cases?unitId=${county.id}&from=${period.from}&to=${period.to}`,
        token: leader,
      })
    ).json() as { total: number; overdue: number };
    expect(stats.total).toBeGreaterThanOrEqual(3);
    const received = text.indexOf('受理量（件）');
    expect(text[received + 1]).toBe(String(stats.total));
    expect(text[text.indexOf('超期未办结（件）') + 1]).toBe(String(stats.overdue));
    expect(text.join('')).toContain(`潍城区共受理事件 ${stats.total} 件`);

    // The ranking table: every township of the county, as computeRankings ranks them.
    const ranking = await computeRankings(h.ctx.db, {
      level: 'township',
      withinUnit: county,
      period,
      now: h.ctx.clock.now(),
    });
    expect(ranking.rows.length).toBeGreaterThan(1);
    const table = text.slice(text.indexOf('三、下级单位排名'), text.indexOf('四、事件类别与热点网格'));
    expect(ranking.rows.map((r) => table.indexOf(r.unitName))).not.toContain(-1);
    // In the ranking's order.
    const positions = ranking.rows.map((r) => table.indexOf(r.unitName));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);

    // Charts: PNGs that decode as PNG and hold a drawing.
    const media = Object.keys(zip.files).filter((name) => name.startsWith('word/media/'));
    expect(media.length).toBeGreaterThanOrEqual(3);
    for (const name of media) {
      const png = await zip.file(name)!.async('nodebuffer');
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.length).toBeGreaterThan(5_000);
      expect(png.readUInt32BE(16)).toBeGreaterThanOrEqual(600); // width in pixels
    }

    // No personal data: not the reporter's name or number, not a case title.
    expect(xml).not.toContain('张三');
    expect(xml).not.toContain('13812345678');
    expect(xml).not.toContain('南关街道的事件');

    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'report.monthly')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_username: 'leader', subject_id: String(county.id), outcome: 'success' });
  });

  it('refuses a unit outside the jurisdiction, a bad period, and roles without report:read', async () => {
    const h = get();
    const township = await h.login('township');
    const other = await h.unit('370702002');
    const own = await h.unit('370702001');
    const outside = await h.inject({
      method: 'GET',
      url: `/api/v1/reports/monthly?unitId=${other.id}`,
      token: township,
    });
    expect(outside.statusCode).toBe(404);
    const bad = await h.inject({
      method: 'GET',
      url: `/api/v1/reports/monthly?unitId=${own.id}&period=2026-13`,
      token: township,
    });
    expect(bad.statusCode).toBe(400);
    const operator = await h.login('operator');
    const refused = await h.inject({ method: 'GET', url: `/api/v1/reports/monthly?unitId=${own.id}`, token: operator });
    expect(refused.statusCode).toBe(403);
  });
});
