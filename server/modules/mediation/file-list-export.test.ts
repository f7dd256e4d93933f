import ExcelJS from 'exceljs';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';

interface Listed {
  number: string;
  caseNumber: string;
  committeeName: string;
  registeredAt: string;
}

async function download(h: Harness, url: string, token: string) {
  const res = await h.inject({ method: 'GET', url, token });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows = [];
  for (let r = 2; r <= sheet.rowCount; r++) {
    const row = sheet.getRow(r);
    rows.push(Object.fromEntries(headers.map((name, i) => [name, row.getCell(i + 1).value])));
  }
  return { sheet, headers, rows };
}

describeEachDialect('mediation file list export', (get) => {
  it('exports the files of the JSON list for the same filters and scope, audited', async () => {
    const h = get();
    const lead = '370702-cmte-territorial';
    const first = await buildCase(h, { kind: 'dispute', status: 'in_progress', lead });
    const second = await buildCase(h, { kind: 'dispute', status: 'in_progress', lead });
    const mediator = await h.login('mediator');
    const json = (await h.inject({ method: 'GET', url: '/api/v1/mediations?limit=100', token: mediator })).json() as {
      items: Listed[];
    };
    expect(json.items.map((f) => f.caseNumber)).toEqual(expect.arrayContaining([first.number, second.number]));

    const { sheet, headers, rows } = await download(h, '/api/v1/mediations?format=xlsx&limit=1', mediator);
    expect(headers.slice(0, 3)).toEqual(['卷宗编号', '状态', '事件编号']);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(rows.map((r) => r['卷宗编号'])).toEqual(json.items.map((f) => f.number));
    expect(rows.map((r) => r['调解委员会'])).toEqual(json.items.map((f) => f.committeeName));
    expect(rows.map((r) => (r['受理时间'] as Date).getTime())).toEqual(
      json.items.map((f) => Date.parse(f.registeredAt) + 8 * 3600_000),
    );
    expect(rows.every((r) => r['状态'] === '调解中')).toBe(true);

    // The same filter: no concluded file yet, in the JSON as in the sheet.
    const concluded = (
      await h.inject({ method: 'GET', url: '/api/v1/mediations?status=concluded', token: mediator })
    ).json() as { items: Listed[] };
    expect(concluded.items).toEqual([]);
    expect((await download(h, '/api/v1/mediations?status=concluded&format=xlsx', mediator)).rows).toEqual([]);

    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'export.xlsx')
      .orderBy('seq')
      .execute();
    expect(audit.at(-2)).toMatchObject({
      subject_type: 'mediation_files',
      actor_username: 'mediator',
      outcome: 'success',
    });
    expect(JSON.parse(audit.at(-2)!.details!)).toMatchObject({ rowCount: rows.length, filters: {} });
    expect(JSON.parse(audit.at(-1)!.details!)).toMatchObject({ rowCount: 0, filters: { status: 'concluded' } });

    // Roles outside get from the export what they get from the list.
    for (const username of ['resident', 'gridworker', 'department']) {
      const token = await h.login(username);
      const listed = await h.inject({ method: 'GET', url: '/api/v1/mediations', token });
      const exported = await h.inject({ method: 'GET', url: '/api/v1/mediations?format=xlsx', token });
      expect(exported.statusCode, username).toBe(listed.statusCode);
      if (listed.statusCode === 200) {
        const { rows: theirs } = await download(h, '/api/v1/mediations?format=xlsx', token);
        expect(
          theirs.map((r) => r['卷宗编号']),
          username,
        ).toEqual((listed.json() as { items: Listed[] }).items.map((f) => f.number));
      }
    }
  });
});
