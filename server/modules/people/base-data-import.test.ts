// The base-data import (issue 18 §2) on both databases: a people sheet with three bad rows stores
// nothing and names each fault (row, column, Chinese reason); fixed, it imports every row once, and
// importing it again adds nothing. Numbers stay masked in every answer.
import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import {
  HOUSE_HEADERS,
  PEOPLE_HEADERS,
  idNumber,
  sheetXlsx,
  xlsxPart,
  type Cell,
} from '../../../test/support/base-data.ts';

const GRID = '370702001001G01';
const OTHER_TOWNSHIP_GRID = '370702002001G01';

interface Report {
  dryRun: boolean;
  imported: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: { row: number; column: string; reason: string }[];
  rows: { row: number; key: string; status: string }[];
}

const HOUSES: Cell[][] = [
  ['潍城区城关街道和平路 1 号', GRID, '住宅'],
  ['潍城区城关街道和平路 2 号', GRID, '自建房'],
];

/** Five residents of 和平路 1–2 号; one elderly man living alone. */
function goodPeople(): Cell[][] {
  return [
    ['赵一', idNumber(101), '13900000001', GRID, '潍城区城关街道和平路 1 号', '产权人', null],
    ['钱二', idNumber(102), '13900000002', GRID, '潍城区城关街道和平路 1 号', '居住人', null],
    ['孙三', idNumber(103, '19400101'), '13900000003', GRID, '潍城区城关街道和平路 2 号', '产权人', '独居老人'],
    ['李四', idNumber(104), null, GRID, '潍城区城关街道和平路 2 号', '租户', null],
    ['周五', idNumber(105), '05368888888', GRID, null, null, null],
  ];
}

describeEachDialect('base-data import: all rows or none, once', (get) => {
  let token = '';
  const personCount = async () =>
    Number((await sql<{ n: string | number }>`select count(*) as n from person`.execute(get().ctx.db)).rows[0]!.n);

  async function upload(kind: string, file: Buffer, dryRun: boolean) {
    return get().inject({
      method: 'POST',
      url: `/api/v1/base-data/import?kind=${kind}&dryRun=${dryRun}`,
      token,
      ...xlsxPart(file),
    });
  }

  beforeAll(async () => {
    token = await get().login('dispatcher');
    const res = await upload('houses', await sheetXlsx(HOUSE_HEADERS, HOUSES), false);
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as Report).created).toBe(2);
  });

  it('reports the three bad rows of a people sheet with their reasons, and stores nothing', async () => {
    const bad = goodPeople();
    bad[1]![1] = '370702196001011021'; // wrong checksum (row 3)
    bad[3]![4] = '潍城区城关街道和平路 99 号'; // a house nobody registered (row 5)
    bad[4]![3] = OTHER_TOWNSHIP_GRID.replace('002001', '009009'); // no such grid (row 6)
    const file = await sheetXlsx(PEOPLE_HEADERS, bad);
    const before = await personCount();

    const preview = await upload('people', file, true);
    expect(preview.statusCode, preview.body).toBe(200);
    const report = preview.json() as Report;
    expect(report).toMatchObject({ dryRun: true, imported: false, total: 5, created: 2, rejected: 3 });
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '身份证号'],
      [5, '房屋地址'],
      [6, '所属网格'],
    ]);
    expect(report.errors[0]!.reason).toContain('身份证号码无效');
    expect(report.errors[1]!.reason).toContain('未登记，请先导入房屋');
    expect(report.errors[2]!.reason).toContain('不存在或不在您的辖区内');
    expect(report.rows.filter((r) => r.status === 'rejected').map((r) => r.row)).toEqual([3, 5, 6]);
    // The preview's keys are masked: no clear ID number leaves the server.
    expect(preview.body).not.toContain(idNumber(101));

    const refused = await upload('people', file, false);
    expect(refused.statusCode).toBe(422);
    const body = refused.json() as { error: { code: string; message: string; details: { errors: unknown[] } } };
    expect(body.error.code).toBe('BASE_DATA_IMPORT_REJECTED');
    expect(body.error.message).toContain('未导入任何数据');
    expect(body.error.details.errors).toHaveLength(3);
    expect(await personCount()).toBe(before);
  });

  it('imports the fixed sheet whole, once: the same file again adds nobody', async () => {
    const file = await sheetXlsx(PEOPLE_HEADERS, goodPeople());
    const before = await personCount();
    const first = await upload('people', file, false);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({
      imported: true,
      created: 5,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      errors: [],
    });
    expect(await personCount()).toBe(before + 5);

    const again = await upload('people', file, false);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ imported: true, created: 0, updated: 0, unchanged: 5 });
    expect(await personCount()).toBe(before + 5);

    // The imported people, their houses and the key group, masked, in the grid's list.
    const list = await get().inject({
      method: 'GET',
      url: `/api/v1/base-data/people?q=${encodeURIComponent('和平路 2 号')}`,
      token,
    });
    const items = (
      list.json() as {
        items: {
          name: string;
          idNumber: string;
          phone: string | null;
          houses: { relation: string }[];
          keyGroups?: string[];
        }[];
      }
    ).items;
    expect(items.map((p) => p.name).sort()).toEqual(['孙三', '李四']);
    const sun = items.find((p) => p.name === '孙三')!;
    expect(sun.idNumber).toBe(`3${'*'.repeat(15)}${idNumber(103, '19400101').slice(-2)}`);
    expect(sun.phone).toBe('139****0003');
    expect(sun.houses[0]!.relation).toBe('owner');
    expect(sun.keyGroups).toEqual(['elderly_alone']);

    // A changed phone in a re-import updates the one person and is in the history, masked.
    const changed = goodPeople();
    changed[0]![2] = '13911112222';
    const update = await upload('people', await sheetXlsx(PEOPLE_HEADERS, changed), false);
    expect(update.json()).toMatchObject({ created: 0, updated: 1, unchanged: 4 });
    expect(await personCount()).toBe(before + 5);
    const zhao = (
      (
        await get().inject({ method: 'GET', url: `/api/v1/base-data/people?q=${encodeURIComponent('赵一')}`, token })
      ).json() as {
        items: { id: number }[];
      }
    ).items[0]!;
    const history = await get().inject({ method: 'GET', url: `/api/v1/base-data/people/${zhao.id}/history`, token });
    const changes = (
      history.json() as {
        items: { field: string; oldValue: string; newValue: string; source: string; actorName: string }[];
      }
    ).items;
    expect(changes[0]).toMatchObject({
      field: 'phone',
      oldValue: '139****0001',
      newValue: '139****2222',
      source: 'import',
    });
    expect(changes[0]!.actorName).toBe('潍城区综治中心调度员');
    expect(history.body).not.toContain('13911112222');
  });

  it('refuses a sheet without the required columns, and a key group the importer may not record', async () => {
    const noId = await upload('people', await sheetXlsx(['姓名', '所属网格'], [['某人', GRID]]), true);
    expect(noId.statusCode).toBe(422);
    expect((noId.json() as { error: { code: string; details: { missing: string[] } } }).error).toMatchObject({
      code: 'BASE_DATA_COLUMNS_MISSING',
      details: { missing: ['身份证号'] },
    });

    // A leader reads base data but neither imports nor sees the special groups.
    const leader = await get().login('leader');
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/base-data/import?kind=people&dryRun=true',
      token: leader,
      ...xlsxPart(await sheetXlsx(PEOPLE_HEADERS, goodPeople())),
    });
    expect(res.statusCode).toBe(403);

    // A grid worker records in its own grid only; a grid elsewhere "does not exist" for it.
    const worker = await get().userWith('grid_worker', GRID);
    const rows: Cell[][] = [
      ['吴六', idNumber(201), null, GRID, null, null, '社区矫正对象'],
      ['郑七', idNumber(202), null, OTHER_TOWNSHIP_GRID, null, null, null],
      ['王八', idNumber(203), null, GRID, null, null, '外星人'],
    ];
    const check = await get().inject({
      method: 'POST',
      url: '/api/v1/base-data/import?kind=people&dryRun=true',
      token: worker.token,
      ...xlsxPart(await sheetXlsx(PEOPLE_HEADERS, rows)),
    });
    const report = check.json() as Report;
    expect(report.errors.map((e) => [e.row, e.column])).toEqual([
      [3, '所属网格'],
      [4, '重点人群'],
    ]);
    expect(report.errors[1]!.reason).toContain('重点人群类别“外星人”无效');
    expect(report.rows[0]!.status).toBe('create');
  });

  it('gives a template per kind with the columns it reads', async () => {
    const res = await get().inject({ method: 'GET', url: '/api/v1/base-data/import/template?kind=people', token });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const headers = (workbook.worksheets[0]!.getRow(1).values as unknown[]).slice(1);
    expect(headers).toEqual(expect.arrayContaining(['*姓名', '*身份证号', '*所属网格', '重点人群']));
    expect(workbook.worksheets[1]!.name).toBe('填写说明');
  });
});
