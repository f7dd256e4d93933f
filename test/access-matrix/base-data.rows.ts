// Access-matrix rows: base data 一标三实 (issue 18 §2). Houses, enterprises and people sit in a
// grid: inside, the actors' grid; outside, a grid of another township, where they do not exist (404).
// Leaders read but do not edit or import (403 inside). The person carries a special key group and
// a welfare one: only the roles holding each group's power see it (common/base-data.ts).
import { expect } from 'vitest';
import { holds } from '../../common/powers.ts';
import { creditCode, idNumber, sheetXlsx, xlsxPart } from '../support/base-data.ts';
import { GRID, anywhere, inJurisdiction, listIsScoped, type Fixture, type Row, type Where } from './expectations.ts';
import { uniqueSuffix } from './fixtures.ts';

let serial = 0;

async function newHouse(f: Fixture, where: Where): Promise<number> {
  const grid = await f.h.unit(GRID[where]);
  const now = new Date().toISOString();
  const address = `矩阵测试路 ${uniqueSuffix()} 号`;
  const row = await f.h.ctx.db
    .insertInto('house')
    .values({
      unit_id: grid.id,
      address,
      address_key: address.replace(/\s+/g, '').toUpperCase(),
      kind: 'residential',
      lng: null,
      lat: null,
      note: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function newEnterprise(f: Fixture, where: Where): Promise<number> {
  const grid = await f.h.unit(GRID[where]);
  const now = new Date().toISOString();
  const row = await f.h.ctx.db
    .insertInto('enterprise')
    .values({
      unit_id: grid.id,
      name: `矩阵测试商店${uniqueSuffix()}`,
      credit_code: creditCode(9_000_000 + ++serial),
      kind: 'shop',
      address: '矩阵测试路 1 号',
      contact_name: null,
      contact_phone_enc: f.h.ctx.cipher.encrypt('13900002222'),
      contact_phone_hash: f.h.ctx.cipher.blindIndex('13900002222'),
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A person of `where` with one special and one welfare key group. */
async function newKeyPerson(f: Fixture, where: Where): Promise<number> {
  const grid = await f.h.unit(GRID[where]);
  const now = new Date().toISOString();
  const id = idNumber(++serial % 1000, '19550303');
  const row = await f.h.ctx.db
    .insertInto('person')
    .values({
      name: '矩阵重点人员',
      unit_id: grid.id,
      phone_enc: null,
      phone_hash: null,
      id_number_enc: f.h.ctx.cipher.encrypt(id),
      id_number_hash: f.h.ctx.cipher.blindIndex(`${id}-${uniqueSuffix()}`),
      note: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await f.h.ctx.db
    .insertInto('person_key_group')
    .values([
      { person_id: row.id, group_code: 'community_correction' },
      { person_id: row.id, group_code: 'elderly_alone' },
    ])
    .execute();
  return row.id;
}

/** The key groups an answer shows are exactly those the role may see. */
function showsEntitledGroups(body: { keyGroups?: string[] }, role: Parameters<typeof holds>[0]) {
  expect(body.keyGroups?.includes('community_correction') ?? false).toBe(holds(role, 'key_group:special'));
  expect(body.keyGroups?.includes('elderly_alone') ?? false).toBe(holds(role, 'key_group:welfare'));
}

const editable = (ok = 200) => inJurisdiction('base_data:read', { ok, may: (role) => holds(role, 'base_data:edit') });

export const BASE_DATA_ROWS: Record<string, Row> = {
  'GET /api/v1/base-data/houses': {
    build: async (f, where) => {
      await newHouse(f, where);
      return { method: 'GET', url: `/api/v1/base-data/houses?unitId=${(await f.h.unit(GRID[where])).id}` };
    },
    access: anywhere('base_data:read'),
    check: listIsScoped,
  },
  'GET /api/v1/base-data/houses/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/base-data/houses/${await newHouse(f, where)}` }),
    access: inJurisdiction('base_data:read'),
  },
  'PATCH /api/v1/base-data/houses/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/base-data/houses/${await newHouse(f, where)}`,
      payload: { note: '矩阵测试备注' },
    }),
    access: editable(),
  },
  'GET /api/v1/base-data/houses/:id/history': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/base-data/houses/${await newHouse(f, where)}/history` }),
    access: inJurisdiction('base_data:read'),
  },
  'GET /api/v1/base-data/enterprises': {
    build: async (f, where) => {
      await newEnterprise(f, where);
      return { method: 'GET', url: `/api/v1/base-data/enterprises?unitId=${(await f.h.unit(GRID[where])).id}` };
    },
    access: anywhere('base_data:read'),
    check: (res, where) => {
      listIsScoped(res, where);
      // The contact's phone is masked for everyone who sees it.
      expect(res.body).not.toContain('13900002222');
    },
  },
  'GET /api/v1/base-data/enterprises/:id': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/base-data/enterprises/${await newEnterprise(f, where)}`,
    }),
    access: inJurisdiction('base_data:read'),
  },
  'PATCH /api/v1/base-data/enterprises/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/base-data/enterprises/${await newEnterprise(f, where)}`,
      payload: { contactName: '矩阵联系人' },
    }),
    access: editable(),
  },
  'GET /api/v1/base-data/enterprises/:id/history': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/base-data/enterprises/${await newEnterprise(f, where)}/history`,
    }),
    access: inJurisdiction('base_data:read'),
  },
  // A special key group as a filter: the roles that may not see it get an empty list, not the person.
  'GET /api/v1/base-data/people': {
    build: async (f, where) => {
      await newKeyPerson(f, where);
      return {
        method: 'GET',
        url: `/api/v1/base-data/people?keyGroup=community_correction&unitId=${(await f.h.unit(GRID[where])).id}`,
      };
    },
    access: anywhere('base_data:read'),
    check: (res, where, role) => {
      const items = (res.json() as { items: { keyGroups?: string[] }[] }).items;
      if (where === 'inside' && holds(role, 'key_group:special')) {
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) showsEntitledGroups(item, role);
      } else expect(items).toEqual([]);
    },
  },
  'GET /api/v1/base-data/people/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/base-data/people/${await newKeyPerson(f, where)}` }),
    access: inJurisdiction('base_data:read'),
    check: (res, _where, role) => showsEntitledGroups(res.json() as { keyGroups?: string[] }, role),
  },
  'PATCH /api/v1/base-data/people/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/base-data/people/${await newKeyPerson(f, where)}`,
      payload: { note: '矩阵测试备注' },
    }),
    access: editable(),
    check: (res, _where, role) => showsEntitledGroups(res.json() as { keyGroups?: string[] }, role),
  },
  'GET /api/v1/base-data/people/:id/history': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/base-data/people/${await newKeyPerson(f, where)}/history`,
    }),
    access: inJurisdiction('base_data:read'),
  },
  'GET /api/v1/base-data/counts': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/base-data/counts?unitId=${(await f.h.unit(GRID[where])).id}`,
    }),
    access: inJurisdiction('base_data:read'),
    check: (res, _where, role) => {
      const groups = (res.json() as { keyGroups: { group: string }[] }).keyGroups.map((g) => g.group);
      expect(groups.includes('community_correction')).toBe(holds(role, 'key_group:special'));
    },
  },
  // A dry run of one house in the grid: inside it is ready; outside the grid does not exist for the
  // importer, reported on the row (the file is the importer's, not a record of the other area).
  'POST /api/v1/base-data/import': {
    build: async (f, where) => {
      const file = await sheetXlsx(['标准地址', '所属网格'], [[`矩阵导入路 ${uniqueSuffix()} 号`, GRID[where]]]);
      return { method: 'POST', url: '/api/v1/base-data/import?kind=houses&dryRun=true', ...xlsxPart(file) };
    },
    access: anywhere('base_data:import'),
    check: (res, where) => {
      const report = res.json() as { created: number; rejected: number };
      expect([report.created, report.rejected]).toEqual(where === 'inside' ? [1, 0] : [0, 1]);
    },
  },
  // 新增 from the page: a grid of the area is where it is registered (201); another's does not exist.
  'POST /api/v1/base-data/houses': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/base-data/houses',
      payload: { address: `矩阵新增路 ${uniqueSuffix()} 号`, unitId: (await f.h.unit(GRID[where])).id },
    }),
    access: inJurisdiction('base_data:edit', { ok: 201 }),
  },
  'POST /api/v1/base-data/enterprises': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/base-data/enterprises',
      payload: {
        name: `矩阵新增商店${uniqueSuffix()}`,
        creditCode: creditCode(9_500_000 + ++serial),
        address: '矩阵新增路 1 号',
        unitId: (await f.h.unit(GRID[where])).id,
      },
    }),
    access: inJurisdiction('base_data:edit', { ok: 201 }),
  },
  'POST /api/v1/base-data/people': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/base-data/people',
      payload: {
        name: '矩阵新增人员',
        idNumber: idNumber(++serial % 1000, '19770707'),
        unitId: (await f.h.unit(GRID[where])).id,
      },
    }),
    access: inJurisdiction('base_data:edit', { ok: 201 }),
    check: (res) => expect(res.body).not.toContain('19770707'),
  },
  'GET /api/v1/base-data/import/template': {
    build: () => ({ method: 'GET', url: '/api/v1/base-data/import/template?kind=houses' }),
    access: anywhere('base_data:import'),
  },
};
