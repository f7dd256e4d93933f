// Patrols, issue 18 §1 completed (ADR 0031), on both databases: a worker adds photos to a visit
// (a JPEG's EXIF position dropped, its position sent apart stored as GCJ-02; 9 at most; photos
// only), its worker and the supervisors over the grid download them and nobody else (404); a
// finding's case carries the photos; a visit names a house of its grid only; coverage is distinct
// houses of the grid visited over the grid's houses; the day's patrols for the map; the patrol list
// and the coverage table as audited .xlsx with Chinese headers.
import ExcelJS from 'exceljs';
import { randomBytes } from 'node:crypto';
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUnit, buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { multipartFile, TINY_PNG, tinyPdf } from '../../../test/support/uploads.ts';

interface Photo {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  lng: number | null;
  lat: number | null;
}
interface Visit {
  id: number;
  houseId: number | null;
  photos: Photo[];
  abilities: { toCase: boolean; addPhoto: boolean };
}
interface Patrol {
  id: number;
  visits: Visit[];
}

const GRID = '370702001001G01';
const VISIT = {
  placeKind: 'household',
  place: '幸福小区3号楼 201',
  met: '户主王建国',
  situation: '了解家庭近况',
  finding: '楼道堆放杂物，存在消防隐患',
};

/** A small JPEG whose APP1 segment says where it was taken (the bytes "GPS-POSITION" stand for it). */
function jpegWithExif(): Buffer {
  const seg = (marker: number, body: Buffer) => {
    const head = Buffer.from([0xff, marker, 0, 0]);
    head.writeUInt16BE(body.length + 2, 2);
    return Buffer.concat([head, body]);
  };
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe1, Buffer.from('Exif\0\0GPS-POSITION 36.7N 119.1E', 'latin1')),
    seg(0xdb, Buffer.alloc(65, 1)),
    seg(0xda, Buffer.alloc(10, 2)),
    Buffer.from([1, 2, 3, 0xff, 0xd9]),
  ]);
}

async function addHouses(h: Harness, unitCode: string, n: number): Promise<number[]> {
  const unit = await h.unit(unitCode);
  const ids: number[] = [];
  const at = new Date().toISOString();
  for (let i = 0; i < n; i++) {
    const address = `测试路${randomBytes(4).toString('hex')}号`;
    const row = await h.ctx.db
      .insertInto('house')
      .values({
        unit_id: unit.id,
        address,
        address_key: address.toUpperCase(),
        kind: 'residential',
        lng: null,
        lat: null,
        note: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(row.id);
  }
  return ids;
}

async function readXlsx(res: { rawPayload: Buffer }) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).slice(1) as string[];
  const rows: Record<string, unknown>[] = [];
  sheet.eachRow((row, n) => {
    if (n > 1) rows.push(Object.fromEntries(headers.map((name, i) => [name, row.getCell(i + 1).value])));
  });
  return { headers, rows };
}

describeEachDialect('patrol photos, houses, map and exports', (get) => {
  let township: BuiltUser;
  let otherCounty: BuiltUser;
  const setUp = async (h: Harness) => {
    township ??= await buildUser(h, {
      role: 'dispatcher',
      unit: '370702001-centre',
      username: `town${randomBytes(3).toString('hex')}`,
    });
    otherCounty ??= await buildUser(h, { role: 'dispatcher', unit: '370705-centre' });
  };
  const post = (who: { token: string }, url: string, payload?: Record<string, unknown>) =>
    get().inject({ method: 'POST', url, token: who.token, ...(payload ? { payload } : {}) });
  const upload = (
    who: { token: string },
    url: string,
    name: string,
    bytes: Buffer,
    options: Parameters<typeof multipartFile>[2] = {},
  ) => {
    const { payload, headers } = multipartFile(name, bytes, options);
    return get().inject({ method: 'POST', url, token: who.token, headers, payload });
  };

  it('adds photos to a visit, shows them to the worker and the supervisors only, and sends them with the case', async () => {
    const h = get();
    await setUp(h);
    const worker = await buildUser(h, { role: 'grid_worker', unit: GRID, displayName: '网格员照片' });
    const neighbour = await buildUser(h, { role: 'grid_worker', unit: GRID });
    const patrol = (await post(worker, '/api/v1/patrols', {})).json() as Patrol;
    const visit = (await post(worker, `/api/v1/patrols/${patrol.id}/visits`, VISIT)).json() as Visit;
    expect(visit).toMatchObject({ photos: [], abilities: { addPhoto: true } });
    const photos = `/api/v1/patrols/${patrol.id}/visits/${visit.id}/photos`;

    // The phone sends the position it read from the EXIF beside the file, after it.
    const jpeg = jpegWithExif();
    const sent = await upload(worker, photos, '楼道.jpeg', jpeg, {
      contentType: 'image/jpeg',
      fieldsAfter: { lng: '119.1', lat: '36.7' },
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const withPhoto = sent.json() as Visit;
    expect(withPhoto.photos).toHaveLength(1);
    const photo = withPhoto.photos[0]!;
    expect(photo).toMatchObject({ fileName: '楼道.jpg', mediaType: 'image/jpeg' });
    expect(photo.lng).not.toBe(119.1); // stored as GCJ-02
    expect(photo.lng).toBeCloseTo(119.1, 1);
    expect(photo.size).toBeLessThan(jpeg.length);
    expect((await upload(worker, photos, 'b.png', TINY_PNG, { contentType: 'image/png' })).statusCode).toBe(201);

    // Photos only; a form field the upload does not know; half a position.
    expect((await upload(worker, photos, 'a.pdf', tinyPdf())).statusCode).toBe(415);
    expect((await upload(worker, photos, 'c.png', TINY_PNG, { fields: { stage: 'report' } })).statusCode).toBe(400);
    expect((await upload(worker, photos, 'c.png', TINY_PNG, { fields: { lng: '119.1' } })).statusCode).toBe(400);
    expect((await upload(worker, photos, 'c.png', TINY_PNG, { fields: { lng: '1e3', lat: '36' } })).statusCode).toBe(
      400,
    );

    const url = `${photos}/${photo.id}`;
    const mine = await h.inject({ method: 'GET', url, token: worker.token });
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/jpeg');
    // The EXIF segment (the position) is not in the stored file; the picture is.
    expect(mine.rawPayload.includes(Buffer.from('GPS-POSITION'))).toBe(false);
    expect(mine.rawPayload.subarray(-5)).toEqual(Buffer.from([1, 2, 3, 0xff, 0xd9]));
    expect((await h.inject({ method: 'GET', url, token: township.token })).statusCode).toBe(200);
    // Another worker of the grid, another county's dispatcher: the photo does not exist for them.
    expect((await h.inject({ method: 'GET', url, token: neighbour.token })).statusCode).toBe(404);
    expect((await h.inject({ method: 'GET', url, token: otherCounty.token })).statusCode).toBe(404);
    expect((await upload(neighbour, photos, 'x.png', TINY_PNG)).statusCode).toBe(404);
    expect((await upload(otherCounty, photos, 'x.png', TINY_PNG)).statusCode).toBe(403);
    // A photo id of another visit is not found under this one.
    const other = (await post(worker, `/api/v1/patrols/${patrol.id}/visits`, VISIT)).json() as Visit;
    expect(
      (
        await h.inject({
          method: 'GET',
          url: `/api/v1/patrols/${patrol.id}/visits/${other.id}/photos/${photo.id}`,
          token: worker.token,
        })
      ).statusCode,
    ).toBe(404);
    const downloads = await h.ctx.db
      .selectFrom('audit_log')
      .select(['actor_username', 'outcome'])
      .where('action', '=', 'patrol.visit_photo.download')
      .where('subject_id', '=', String(visit.id))
      .execute();
    expect(downloads.length).toBe(2);

    // The finding becomes a case, and its photos go with it as the case's own attachments.
    const made = await post(worker, `/api/v1/patrols/${patrol.id}/visits/${visit.id}/to-case`, {
      categoryCode: 'DSP.NEIGHBOUR',
    });
    expect(made.statusCode, made.body).toBe(201);
    const result = made.json() as { caseId: number; photosCopied: number; photosFailed: number };
    expect(result).toMatchObject({ photosCopied: 2, photosFailed: 0 });
    const attachments = await h.inject({
      method: 'GET',
      url: `/api/v1/cases/${result.caseId}/attachments`,
      token: township.token,
    });
    const items = (attachments.json() as { items: { fileName: string; stage: string; location: unknown }[] }).items;
    expect(items.map((a) => a.fileName)).toEqual(['楼道.jpg', 'b.png']);
    expect(items[0]).toMatchObject({ stage: 'report' });
    expect(items[0]!.location).not.toBeNull();
    // A second tap does not attach them again.
    const again = await post(worker, `/api/v1/patrols/${patrol.id}/visits/${visit.id}/to-case`, {
      categoryCode: 'DSP.NEIGHBOUR',
    });
    expect(again.json()).toMatchObject({ created: false, photosCopied: 0 });
    const count = await h.ctx.db
      .selectFrom('case_attachment')
      .select('id')
      .where('case_id', '=', result.caseId)
      .execute();
    expect(count).toHaveLength(2);

    // Nine photos at most per visit.
    for (let i = 0; i < 7; i++) expect((await upload(worker, photos, `${i}.png`, TINY_PNG)).statusCode).toBe(201);
    const full = await upload(worker, photos, 'ten.png', TINY_PNG);
    expect(full.statusCode).toBe(422);
    expect(full.json()).toMatchObject({ error: { code: 'VISIT_PHOTOS_FULL', details: { max: 9 } } });
    const detail = (
      await h.inject({ method: 'GET', url: `/api/v1/patrols/${patrol.id}`, token: worker.token })
    ).json() as Patrol;
    expect(detail.visits.find((v) => v.id === visit.id)!.abilities.addPhoto).toBe(false);
    await post(worker, `/api/v1/patrols/${patrol.id}/finish`);
  });

  it('counts coverage as distinct houses of the grid visited over the houses of the grid', async () => {
    const h = get();
    await setUp(h);
    // A grid of its own, so the houses counted are this test's only.
    const built = await buildUnit(h, { parent: '370702001001', type: 'region', kind: 'basic' });
    await h.ctx.db.updateTable('org_unit').set({ level: 'grid' }).where('id', '=', built.id).execute();
    const grid = built.code;
    const worker = await buildUser(h, { role: 'grid_worker', unit: grid, displayName: '网格员覆盖率' });
    const houses = await addHouses(h, grid, 4);
    const before = await h.ctx.db
      .selectFrom('house')
      .innerJoin('org_unit', 'org_unit.id', 'house.unit_id')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('org_unit.path', 'like', `${(await h.unit(grid)).path}%`)
      .executeTakeFirstOrThrow();
    const gridHouses = Number(before.n);
    const [elsewhere] = await addHouses(h, GRID, 1);

    for (const chosen of [
      [houses[0], houses[1], undefined],
      [houses[1], houses[2]],
    ]) {
      const p = (await post(worker, '/api/v1/patrols', {})).json() as Patrol;
      for (const houseId of chosen) {
        const res = await post(worker, `/api/v1/patrols/${p.id}/visits`, { ...VISIT, ...(houseId ? { houseId } : {}) });
        expect(res.statusCode, res.body).toBe(201);
        expect((res.json() as Visit).houseId).toBe(houseId ?? null);
      }
      // A house of another grid, an unknown house, a house for an enterprise visit: refused, nothing stored.
      for (const bad of [
        { ...VISIT, houseId: elsewhere },
        { ...VISIT, houseId: 2_000_000_000 },
        { ...VISIT, placeKind: 'enterprise', houseId: houses[3] },
      ]) {
        const res = await post(worker, `/api/v1/patrols/${p.id}/visits`, bad);
        expect(res.statusCode).toBe(422);
        expect(res.json()).toMatchObject({ error: { code: 'VISIT_HOUSE_NOT_IN_GRID', details: { field: 'houseId' } } });
      }
      await post(worker, `/api/v1/patrols/${p.id}/finish`);
    }
    const unit = await h.unit(grid);
    const res = await h.inject({
      method: 'GET',
      url: `/api/v1/patrols/coverage?withinUnitId=${unit.id}&month=2026-11`,
      token: township.token,
    });
    expect(res.statusCode, res.body).toBe(200);
    const item = (
      res.json() as {
        items: { workerId: number; visits: number; housesVisited: number; gridHouses: number; coverage: number }[];
      }
    ).items.find((i) => i.workerId === worker.id)!;
    expect(item).toMatchObject({ visits: 5, housesVisited: 3, gridHouses });
    expect(item.coverage).toBeCloseTo(3 / gridHouses, 6);

    // One worker's rows (the staff page's monthly figures): theirs only, the same figures.
    const own = await h.inject({
      method: 'GET',
      url: `/api/v1/patrols/coverage?withinUnitId=${unit.id}&month=2026-11&workerId=${worker.id}`,
      token: township.token,
    });
    expect(own.statusCode, own.body).toBe(200);
    expect((own.json() as { items: (typeof item)[] }).items).toEqual([item]);
    const nobody = await h.inject({
      method: 'GET',
      url: `/api/v1/patrols/coverage?withinUnitId=${unit.id}&month=2026-11&workerId=${worker.id + 100_000}`,
      token: township.token,
    });
    expect((nobody.json() as { items: unknown[] }).items).toEqual([]);

    // The same table as .xlsx, audited.
    const xlsx = await h.inject({
      method: 'GET',
      url: `/api/v1/patrols/coverage?withinUnitId=${unit.id}&month=2026-11&format=xlsx`,
      token: township.token,
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const sheet = await readXlsx(xlsx);
    expect(sheet.headers).toEqual([
      '网格员',
      '网格',
      '巡查次数',
      '走访次数',
      '走访地点数',
      '走访户数',
      '网格房屋数',
      '入户覆盖率',
    ]);
    const row = sheet.rows.find((r) => r['网格员'] === '网格员覆盖率')!;
    expect(row).toMatchObject({ 走访户数: 3, 网格房屋数: gridHouses });
    expect(row['入户覆盖率']).toBeCloseTo(3 / gridHouses, 6);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select(['subject_type', 'actor_username', 'details'])
      .where('action', '=', 'export.xlsx')
      .where('subject_type', '=', 'patrol_coverage')
      .execute();
    expect(audit.at(-1)).toMatchObject({ actor_username: township.username });
    expect(JSON.parse(audit.at(-1)!.details!)).toMatchObject({ filters: { month: '2026-11' } });
  });

  it('exports the patrol list as .xlsx with Chinese headers, audited, and draws the day’s patrols for the map', async () => {
    const h = get();
    await setUp(h);
    const worker = await buildUser(h, { role: 'grid_worker', unit: GRID, displayName: '网格员地图' });
    const patrol = (await post(worker, '/api/v1/patrols', {})).json() as Patrol;
    h.clock.advance(5 * 60_000);
    const now = h.clock.now().getTime();
    const points = [0, 1, 2].map((i) => ({
      lat: 36.7 + i * 0.001,
      lng: 119.1,
      at: new Date(now - (3 - i) * 60_000).toISOString(),
    }));
    expect((await post(worker, `/api/v1/patrols/${patrol.id}/track`, { points })).statusCode).toBe(200);
    await post(worker, `/api/v1/patrols/${patrol.id}/visits`, { ...VISIT, location: { lat: 36.7, lng: 119.1 } });

    const map = await h.inject({ method: 'GET', url: '/api/v1/patrols/map', token: township.token });
    expect(map.statusCode, map.body).toBe(200);
    const body = map.json() as {
      date: string;
      patrols: { id: number; track: [number, number][]; visits: { lng: number; finding: boolean }[] }[];
    };
    const drawn = body.patrols.find((p) => p.id === patrol.id)!;
    expect(drawn.track).toHaveLength(3);
    expect(drawn.track[0]![0]).not.toBe(119.1);
    expect(drawn.visits).toEqual([expect.objectContaining({ lng: 119.1, finding: true })]);
    const otherDay = await h.inject({
      method: 'GET',
      url: '/api/v1/patrols/map?date=2026-10-01',
      token: township.token,
    });
    expect((otherDay.json() as typeof body).patrols.map((p) => p.id)).not.toContain(patrol.id);
    const far = await h.inject({ method: 'GET', url: '/api/v1/patrols/map', token: otherCounty.token });
    expect((far.json() as typeof body).patrols.map((p) => p.id)).not.toContain(patrol.id);
    expect((await h.inject({ method: 'GET', url: '/api/v1/patrols/map', token: worker.token })).statusCode).toBe(403);
    expect(
      (await h.inject({ method: 'GET', url: '/api/v1/patrols/map?date=2026-02-30', token: township.token })).statusCode,
    ).toBe(400);

    const xlsx = await h.inject({
      method: 'GET',
      url: '/api/v1/patrols?format=xlsx&status=open',
      token: township.token,
    });
    expect(xlsx.statusCode).toBe(200);
    const sheet = await readXlsx(xlsx);
    expect(sheet.headers).toEqual([
      '网格员',
      '网格',
      '状态',
      '开始时间',
      '结束时间',
      '轨迹点数',
      '里程（米）',
      '走访次数',
    ]);
    expect(sheet.rows.find((r) => r['网格员'] === '网格员地图')).toMatchObject({
      状态: '巡查中',
      轨迹点数: 3,
      走访次数: 1,
    });
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select(['actor_username', 'details'])
      .where('action', '=', 'export.xlsx')
      .where('subject_type', '=', 'patrols')
      .execute();
    expect(audit.at(-1)).toMatchObject({ actor_username: township.username });
    expect(JSON.parse(audit.at(-1)!.details!)).toMatchObject({ filters: { status: 'open' } });
    await post(worker, `/api/v1/patrols/${patrol.id}/finish`);
  });
});
