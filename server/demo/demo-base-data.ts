// The demo's base data 一标三实 (issue 18 §2): for every basic grid of the demo county, a few houses
// at generated standard addresses, their residents (owners, tenants, family members) with generated
// ID numbers and phones (valid checksums, sealed like any other), one shop or enterprise with a
// generated credit code, and a handful of key-group people. Deterministic (same at every seeding),
// nothing from third parties. Once: nothing is added when any house exists. Only with the demo
// cases (the tests build their own).
import type { AppContext } from '../context.ts';
import { findGeometryJson, findUnitByCode, listUnits, pointsInside, type MultiPolygon } from '../modules/org/index.ts';
import { addressKey, creditCheckChar } from '../modules/people/base-data-values.ts';
import { DEMO_COUNTY_CODE } from './seed-demo.ts';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭'];
const GIVEN = [
  '建国',
  '秀英',
  '伟',
  '芳',
  '军',
  '敏',
  '静',
  '磊',
  '洋',
  '丽',
  '强',
  '娟',
  '涛',
  '红',
  '明',
  '霞',
  '鹏',
  '燕',
];
const STREETS = ['和平路', '胜利街', '东风街', '向阳路', '健康街', '福寿街', '文化路', '北宫街'];
const SHOPS = ['便民超市', '五金店', '早餐店', '理发店', '药店', '水果店', '快递驿站', '汽修厂'];
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

function idNumberOf(seq: number, birthYear: number): string {
  const month = String((seq % 12) + 1).padStart(2, '0');
  const day = String((seq % 27) + 1).padStart(2, '0');
  const body = `${DEMO_COUNTY_CODE}${birthYear}${month}${day}${String(seq % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, c, i) => acc + ID_WEIGHTS[i]! * Number(c), 0);
  return body + '10X98765432'[sum % 11]!;
}

export async function seedDemoBaseData(ctx: AppContext): Promise<number> {
  if (ctx.config.demoCases === 0) return 0;
  if (await ctx.db.selectFrom('house').select('id').limit(1).executeTakeFirst()) return 0;
  const county = await findUnitByCode(ctx.db, DEMO_COUNTY_CODE);
  if (!county) return 0;
  const grids = (
    await listUnits(ctx.db, { scopePaths: [county.path], level: 'grid', type: 'region', limit: 100_000 })
  ).filter((g) => g.kind === 'basic' || g.kind === null);
  const at = ctx.clock.now().toISOString();
  let seq = 0;
  let houses = 0;
  await ctx.db.transaction().execute(async (trx) => {
    for (const [g, grid] of grids.entries()) {
      const street = `${grid.name.replace(/网格$/, '')}${STREETS[g % STREETS.length]}`;
      const enterpriseBody = `92${DEMO_COUNTY_CODE}MA${String(1000 + g).padStart(7, '0')}`;
      const enterprise = await trx
        .insertInto('enterprise')
        .values({
          unit_id: grid.id,
          name: `${grid.name.replace(/网格$/, '')}${SHOPS[g % SHOPS.length]}`,
          credit_code: enterpriseBody + creditCheckChar(enterpriseBody),
          kind: g % 3 === 0 ? 'enterprise' : 'shop',
          address: `${street} ${g + 100} 号`,
          contact_name: null,
          contact_phone_enc: null,
          contact_phone_hash: null,
          created_at: at,
          updated_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // Each house at its own point inside the grid, so that the grid's page shows it on the map.
      const boundary = await findGeometryJson(trx, grid.id);
      const points = boundary ? pointsInside(JSON.parse(boundary) as MultiPolygon, 4) : [];
      for (let h = 1; h <= 4; h++) {
        const address = `${street} ${h} 号`;
        const point = points[h - 1] ?? null;
        const house = await trx
          .insertInto('house')
          .values({
            unit_id: grid.id,
            address,
            address_key: addressKey(address),
            kind: h === 4 ? 'self_built' : 'residential',
            lng: point?.[0] ?? null,
            lat: point?.[1] ?? null,
            note: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        houses++;
        const residents = h === 3 ? 1 : 2;
        for (let r = 0; r < residents; r++) {
          seq++;
          const elderly = h === 3;
          const id = idNumberOf(seq, elderly ? 1938 + (seq % 10) : 1960 + (seq % 40));
          const phone = `139${String(5_000_000 + seq).padStart(8, '0')}`;
          const person = await trx
            .insertInto('person')
            .values({
              name: `${SURNAMES[seq % SURNAMES.length]}${GIVEN[(seq * 7) % GIVEN.length]}`,
              unit_id: grid.id,
              phone_enc: ctx.cipher.encrypt(phone),
              phone_hash: ctx.cipher.blindIndex(phone),
              id_number_enc: ctx.cipher.encrypt(id),
              id_number_hash: ctx.cipher.blindIndex(id),
              note: null,
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await trx
            .insertInto('person_house')
            .values({
              person_id: person.id,
              house_id: house.id,
              relation: r === 0 ? (h === 2 ? 'tenant' : 'owner') : 'resident',
            })
            .execute();
          if (elderly)
            await trx
              .insertInto('person_key_group')
              .values({ person_id: person.id, group_code: 'elderly_alone' })
              .execute();
          // A few people under special management, spread over the grids.
          if (h === 1 && r === 1 && g % 5 === 0) {
            const group = [
              'serious_mental_disorder',
              'community_correction',
              'released_prisoner',
              'drug_rehabilitation',
            ][(g / 5) % 4]!;
            await trx.insertInto('person_key_group').values({ person_id: person.id, group_code: group }).execute();
          }
          if (h === 1 && r === 0) {
            await trx
              .insertInto('person_enterprise')
              .values({ person_id: person.id, enterprise_id: enterprise.id, relation: 'legal_representative' })
              .execute();
          }
        }
      }
    }
  });
  return houses;
}
