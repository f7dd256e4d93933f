// 新增 on the base-data page (issue 18 §2), on both databases: one house, enterprise or person is
// registered by the import's own rules — stored with a history entry and an audit record; a bad
// field answers 400 naming it in Chinese and writes nothing; a registered natural key is 409; a
// unit of another county is 404 and writes nothing; a leader (read-only) is 403.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';
import { creditCode, idNumber } from '../../../test/support/base-data.ts';

const GRID = '370702001001G01';
const OTHER_COUNTY_GRID_PARENT = '370703-centre';

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

describeEachDialect('base data: registering one record from the page', (get) => {
  const counts = async () => {
    const db = get().ctx.db;
    const one = async (table: 'house' | 'enterprise' | 'person' | 'base_data_change') =>
      Number((await db.selectFrom(table).select(db.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    return {
      house: await one('house'),
      enterprise: await one('enterprise'),
      person: await one('person'),
      changes: await one('base_data_change'),
    };
  };
  const post = (token: string, kind: string, payload: Record<string, unknown>) =>
    get().inject({ method: 'POST', url: `/api/v1/base-data/${kind}`, token, payload });

  it('registers a house, an enterprise and a person with history and audit; a known key is 409', async () => {
    const token = await get().login('dispatcher');
    const grid = await get().unit(GRID);

    const house = await post(token, 'houses', { address: '潍城区城关街道新华路 21 号', unitId: grid.id, kind: 'shop' });
    expect(house.statusCode, house.body).toBe(201);
    const houseJson = house.json() as { id: number; address: string; kind: string; unitId: number };
    expect(houseJson).toMatchObject({ address: '潍城区城关街道新华路 21 号', kind: 'shop', unitId: grid.id });
    const history = await get().inject({
      method: 'GET',
      url: `/api/v1/base-data/houses/${houseJson.id}/history`,
      token,
    });
    expect((history.json() as { items: { field: string; source: string }[] }).items).toEqual([
      expect.objectContaining({ field: 'created', source: 'edit' }),
    ]);
    const audit = await get()
      .ctx.db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'base_data.create')
      .where('subject_id', '=', String(houseJson.id))
      .execute();
    expect(audit).toHaveLength(1);

    // The same address written another way (full-width digits, no spaces) is the same house.
    const again = await post(token, 'houses', { address: '潍城区城关街道新华路２１号', unitId: grid.id });
    expect(again.statusCode).toBe(409);
    expect((again.json() as ErrorJson).error).toMatchObject({
      code: 'BASE_DATA_DUPLICATE',
      details: { field: 'address' },
    });

    const code = creditCode(9101);
    const enterprise = await post(token, 'enterprises', {
      name: '潍城新华便利店',
      creditCode: code,
      kind: 'shop',
      address: '潍城区城关街道新华路 21 号',
      unitId: grid.id,
      contactName: '郑一',
      contactPhone: '13712345678',
    });
    expect(enterprise.statusCode, enterprise.body).toBe(201);
    expect(enterprise.json()).toMatchObject({ name: '潍城新华便利店', creditCode: code, contactPhone: '137****5678' });

    const id = idNumber(9102, '19800101');
    const person = await post(token, 'people', {
      name: '郑二',
      idNumber: id,
      phone: '13787654321',
      unitId: grid.id,
      house: '潍城区城关街道新华路 21 号',
      houseRelation: 'tenant',
      creditCode: code,
      keyGroups: ['elderly_alone', 'left_behind_child'],
    });
    expect(person.statusCode, person.body).toBe(201);
    const personJson = person.json() as { idNumber: string; phone: string; keyGroups?: string[]; houses: unknown[] };
    expect(personJson.idNumber).not.toContain(id.slice(6, 14));
    expect(personJson.phone).toBe('137****4321');
    expect(personJson.keyGroups?.sort()).toEqual(['elderly_alone', 'left_behind_child']);
    expect(JSON.stringify(personJson)).toContain('新华路 21 号');

    // Every code of every kind reads as the sheet's word (residential is 住宅, within the column's length).
    for (const kind of ['residential', 'self_built', 'other']) {
      const more = await post(token, 'houses', {
        address: `潍城区城关街道新华路 3${kind.length} 号`,
        unitId: grid.id,
        kind,
      });
      expect(more.statusCode, more.body).toBe(201);
      expect((more.json() as { kind: string }).kind).toBe(kind);
    }

    const twice = await post(token, 'people', { name: '郑二', idNumber: id, unitId: grid.id });
    expect(twice.statusCode).toBe(409);
    expect((twice.json() as ErrorJson).error).toMatchObject({
      code: 'BASE_DATA_DUPLICATE',
      details: { field: 'idNumber' },
    });
  });

  it('answers a bad field in Chinese, naming it, and writes nothing', async () => {
    const token = await get().login('gridworker');
    const grid = await get().unit(GRID);
    const before = await counts();

    const house = await post(token, 'houses', { address: '  ', unitId: grid.id, lng: 2, lat: 2 });
    expect(house.statusCode).toBe(400);
    const houseError = (house.json() as ErrorJson).error;
    expect(houseError.code).toBe('VALIDATION_FAILED');
    expect(houseError.message).toContain('记录有误，未保存');
    expect(houseError.details).toEqual(
      expect.arrayContaining([
        { field: 'address', message: '标准地址：必填，不能为空' },
        { field: 'lng', message: '经度：经纬度不在中国境内' },
      ]),
    );

    const enterprise = await post(token, 'enterprises', {
      name: '某公司',
      creditCode: '91370700MA3C000000',
      address: '某路 1 号',
      unitId: grid.id,
      contactPhone: '12345',
    });
    expect(enterprise.statusCode).toBe(400);
    const creditFault = ((enterprise.json() as ErrorJson).error.details as { field: string; message: string }[]).find(
      (d) => d.field === 'creditCode',
    );
    expect(creditFault?.message).toContain('统一社会信用代码无效');

    const person = await post(token, 'people', {
      name: '郑三',
      idNumber: '370702198001010000',
      unitId: grid.id,
      house: '没有这座房子',
    });
    expect(person.statusCode).toBe(400);
    const fields = ((person.json() as ErrorJson).error.details as { field: string }[]).map((d) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['idNumber', 'house']));

    // A unit above the grid worker's own grid is outside its area: 404 before the rules.
    const county = await get().unit('370702');
    expect((await post(token, 'houses', { address: '某路 2 号', unitId: county.id })).statusCode).toBe(404);
    expect(await counts()).toEqual(before);
  });

  it('finds no unit of another county (404), and refuses a read-only leader (403); nothing is written', async () => {
    const grid = await get().unit(GRID);
    const other = await buildUser(get(), { role: 'dispatcher', unit: OTHER_COUNTY_GRID_PARENT });
    const before = await counts();
    const outside = await post(other.token, 'houses', { address: '潍城区城关街道新华路 99 号', unitId: grid.id });
    expect(outside.statusCode).toBe(404);
    const outsidePerson = await post(other.token, 'people', {
      name: '郑四',
      idNumber: idNumber(9104),
      unitId: grid.id,
    });
    expect(outsidePerson.statusCode).toBe(404);
    const leader = await get().login('leader');
    expect(
      (
        await post(leader, 'enterprises', {
          name: '某店',
          creditCode: creditCode(9105),
          address: '某路 3 号',
          unitId: grid.id,
        })
      ).statusCode,
    ).toBe(403);
    expect(await counts()).toEqual(before);
  });
});
