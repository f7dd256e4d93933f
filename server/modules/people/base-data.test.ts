// Base data on both databases: key groups are seen only by the roles common/base-data.ts names,
// and only in their area (absent from answers, empty as filters, left out of counts, history and
// exports for everyone else); numbers stay masked in lists and exports; edits keep a history.
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { HOUSE_HEADERS, PEOPLE_HEADERS, idNumber, sheetXlsx, xlsxPart } from '../../../test/support/base-data.ts';

const GRID = '370702001001G01';
const OTHER_GRID = '370702002001G01';
const SPECIAL = 'serious_mental_disorder';
const ID = idNumber(301, '19500505');
const PHONE = '13755556666';

interface PersonJson {
  id: number;
  name: string;
  idNumber: string;
  phone: string;
  keyGroups?: string[];
  abilities: { edit: boolean };
}

async function sheetTexts(content: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const texts: string[] = [];
  workbook.worksheets[0]!.eachRow((row) =>
    texts.push((row.values as (string | number | null | undefined)[]).map((v) => String(v ?? '')).join('|')),
  );
  return texts.join('\n');
}

describeEachDialect('base data: key groups, masking, edits and history', (get) => {
  const tokens: Record<string, string> = {};
  let person: PersonJson;
  let houseId = 0;

  beforeAll(async () => {
    for (const name of [
      'dispatcher',
      'gridworker',
      'leader',
      'evaluator',
      'department',
      'resident',
      'operator',
      'mediator',
    ]) {
      tokens[name] = await get().login(name);
    }
    const houses = await get().inject({
      method: 'POST',
      url: '/api/v1/base-data/import?kind=houses',
      token: tokens.dispatcher,
      ...xlsxPart(await sheetXlsx(HOUSE_HEADERS, [['潍城区城关街道胜利街 8 号', GRID, '住宅']])),
    });
    expect(houses.statusCode, houses.body).toBe(200);
    const people = await get().inject({
      method: 'POST',
      url: '/api/v1/base-data/import?kind=people',
      token: tokens.dispatcher,
      ...xlsxPart(
        await sheetXlsx(PEOPLE_HEADERS, [
          ['冯九', ID, PHONE, GRID, '潍城区城关街道胜利街 8 号', '产权人', '严重精神障碍患者、独居老人'],
        ]),
      ),
    });
    expect(people.statusCode, people.body).toBe(200);
    const list = await get().inject({
      method: 'GET',
      url: `/api/v1/base-data/people?q=${encodeURIComponent('冯九')}`,
      token: tokens.dispatcher,
    });
    person = (list.json() as { items: PersonJson[] }).items[0]!;
    const houseList = await get().inject({
      method: 'GET',
      url: `/api/v1/base-data/houses?q=${encodeURIComponent('胜利街 8 号')}`,
      token: tokens.dispatcher,
    });
    houseId = (houseList.json() as { items: { id: number }[] }).items[0]!.id;
  });

  const read = (token: string, url: string) => get().inject({ method: 'GET', url, token });

  it('shows every group to the centre and to the grid worker of the grid', async () => {
    expect(person.keyGroups).toEqual(['elderly_alone', SPECIAL]);
    const worker = await read(tokens.gridworker!, `/api/v1/base-data/people/${person.id}`);
    expect((worker.json() as PersonJson).keyGroups).toEqual(['elderly_alone', SPECIAL]);
    const filtered = await read(tokens.gridworker!, `/api/v1/base-data/people?keyGroup=${SPECIAL}`);
    expect((filtered.json() as { items: PersonJson[] }).items.map((p) => p.id)).toContain(person.id);
  });

  it('hides the special groups from a leader: absent from the person, empty as a filter, not counted, not in history or export', async () => {
    const token = tokens.leader!;
    const one = (await read(token, `/api/v1/base-data/people/${person.id}`)).json() as PersonJson;
    expect(one.keyGroups).toEqual(['elderly_alone']);
    expect(JSON.stringify(one)).not.toContain(SPECIAL);
    const filtered = await read(token, `/api/v1/base-data/people?keyGroup=${SPECIAL}`);
    expect(filtered.statusCode).toBe(200);
    expect((filtered.json() as { items: unknown[] }).items).toEqual([]);
    const welfare = await read(token, '/api/v1/base-data/people?keyGroup=elderly_alone');
    expect((welfare.json() as { items: PersonJson[] }).items.map((p) => p.id)).toContain(person.id);
    const counts = (await read(token, `/api/v1/base-data/counts?unitId=${(await get().unit(GRID)).id}`)).json() as {
      people: number;
      keyGroups: { group: string; count: number }[];
    };
    expect(counts.people).toBeGreaterThan(0);
    expect(counts.keyGroups.map((g) => g.group)).toEqual(['elderly_alone', 'left_behind_child']);
    const history = await read(token, `/api/v1/base-data/people/${person.id}/history`);
    expect(history.body).not.toContain(SPECIAL);
    expect(history.body).toContain('elderly_alone');
    const file = await read(token, `/api/v1/base-data/people?format=xlsx&q=${encodeURIComponent('冯九')}`);
    expect(file.statusCode).toBe(200);
    const texts = await sheetTexts(file.rawPayload);
    expect(texts).toContain('冯九');
    expect(texts).toContain('独居老人');
    expect(texts).not.toContain('严重精神障碍');
  });

  it('hides the person from a grid worker of another grid and refuses the roles without base data', async () => {
    const stranger = await get().userWith('grid_worker', OTHER_GRID);
    expect((await read(stranger.token, `/api/v1/base-data/people/${person.id}`)).statusCode).toBe(404);
    expect((await read(stranger.token, `/api/v1/base-data/people/${person.id}/history`)).statusCode).toBe(404);
    const filtered = await read(stranger.token, `/api/v1/base-data/people?keyGroup=${SPECIAL}`);
    expect((filtered.json() as { items: unknown[] }).items).toEqual([]);
    for (const role of ['evaluator', 'department', 'resident', 'operator', 'mediator']) {
      const res = await read(tokens[role]!, `/api/v1/base-data/people/${person.id}`);
      expect(res.statusCode, role).toBe(403);
      expect(res.body, role).not.toContain('冯九');
      expect((await read(tokens[role]!, `/api/v1/base-data/people?keyGroup=${SPECIAL}`)).statusCode, role).toBe(403);
    }
  });

  it('masks ID numbers and phones in lists and exports, never the clear values', async () => {
    expect(person.idNumber).toBe(`3${'*'.repeat(15)}${ID.slice(-2)}`);
    expect(person.phone).toBe('137****6666');
    const list = await read(tokens.dispatcher!, '/api/v1/base-data/people');
    expect(list.body).not.toContain(ID);
    expect(list.body).not.toContain(PHONE);
    const file = await read(tokens.dispatcher!, '/api/v1/base-data/people?format=xlsx');
    const texts = await sheetTexts(file.rawPayload);
    expect(texts).toContain(person.idNumber);
    expect(texts).toContain('137****6666');
    expect(texts).not.toContain(ID);
    expect(texts).not.toContain(PHONE);
  });

  it('edits a person and a house with a history of who changed what; a leader may not edit', async () => {
    const refused = await get().inject({
      method: 'PATCH',
      url: `/api/v1/base-data/people/${person.id}`,
      token: tokens.leader,
      payload: { name: '冯久' },
    });
    expect(refused.statusCode).toBe(403);
    // The leader may not set a group it cannot see either way; the grid worker drops the welfare
    // group and keeps the special one.
    const edited = await get().inject({
      method: 'PATCH',
      url: `/api/v1/base-data/people/${person.id}`,
      token: tokens.gridworker,
      payload: { phone: '13811110000', keyGroups: [SPECIAL] },
    });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json()).toMatchObject({ phone: '138****0000', keyGroups: [SPECIAL] });
    const history = (await read(tokens.dispatcher!, `/api/v1/base-data/people/${person.id}/history`)).json() as {
      items: { field: string; oldValue: string | null; newValue: string | null; source: string; actorName: string }[];
    };
    expect(history.items.slice(0, 2)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          field: 'phone',
          oldValue: '137****6666',
          newValue: '138****0000',
          source: 'edit',
          actorName: '城关街道网格员',
        }),
        expect.objectContaining({ field: 'keyGroup', oldValue: 'elderly_alone', newValue: null, source: 'edit' }),
      ]),
    );

    const house = await get().inject({
      method: 'PATCH',
      url: `/api/v1/base-data/houses/${houseId}`,
      token: tokens.gridworker,
      payload: { address: '潍城区城关街道胜利街 8 号院', kind: 'self_built' },
    });
    expect(house.statusCode, house.body).toBe(200);
    expect(house.json()).toMatchObject({ address: '潍城区城关街道胜利街 8 号院', kind: 'self_built' });
    const houseHistory = (await read(tokens.leader!, `/api/v1/base-data/houses/${houseId}/history`)).json() as {
      items: { field: string; newValue: string }[];
    };
    expect(houseHistory.items.map((c) => c.field)).toEqual(expect.arrayContaining(['address', 'kind', 'created']));
    const detail = (await read(tokens.leader!, `/api/v1/base-data/houses/${houseId}`)).json() as {
      people: { name: string; relation: string }[];
    };
    expect(detail.people).toEqual([expect.objectContaining({ name: '冯九', relation: 'owner' })]);

    // A second house may not take this address: 409, nothing changed.
    await get().inject({
      method: 'POST',
      url: '/api/v1/base-data/import?kind=houses',
      token: tokens.dispatcher,
      ...xlsxPart(await sheetXlsx(HOUSE_HEADERS, [['潍城区城关街道胜利街 9 号', GRID, '住宅']])),
    });
    const nine = (
      (await read(tokens.dispatcher!, `/api/v1/base-data/houses?q=${encodeURIComponent('胜利街 9 号')}`)).json() as {
        items: { id: number }[];
      }
    ).items[0]!;
    const clash = await get().inject({
      method: 'PATCH',
      url: `/api/v1/base-data/houses/${nine.id}`,
      token: tokens.dispatcher,
      payload: { address: '潍城区城关街道胜利街８号院' },
    });
    expect(clash.statusCode).toBe(409);
    expect((clash.json() as { error: { code: string } }).error.code).toBe('BASE_DATA_DUPLICATE');

    // Moving a house to a grid outside the editor's area: that grid does not exist for it.
    const away = await get().inject({
      method: 'PATCH',
      url: `/api/v1/base-data/houses/${houseId}`,
      token: tokens.gridworker,
      payload: { unitId: (await get().unit(OTHER_GRID)).id },
    });
    expect(away.statusCode).toBe(404);
  });
});
