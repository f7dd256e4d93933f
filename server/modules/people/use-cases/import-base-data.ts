// Importing houses, people or enterprises from an .xlsx sheet (issue 18 §2). Every row is checked
// first; a dry run answers the verdicts; otherwise, if any row is wrong nothing is stored (422
// BASE_DATA_IMPORT_REJECTED with every fault: row, column, Chinese reason), and if all are right
// they are stored in one transaction. A row whose natural key exists (the ID number's blind index,
// the standard address, the credit code) updates that record, or leaves it unchanged, so importing
// the same file again adds nothing.
import {
  ENTERPRISE_KIND_LABELS,
  ENTERPRISE_RELATION_LABELS,
  HOUSE_KIND_LABELS,
  HOUSE_RELATION_LABELS,
  KEY_GROUPS,
  KEY_GROUP_SPECS,
  type EnterpriseKind,
  type EnterpriseRelation,
  type HouseKind,
  type HouseRelation,
  type KeyGroup,
} from '../../../../common/base-data.ts';
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isValidIdNumber, isValidPhone, maskIdNumber, maskPhone } from '../../../platform/crypto/personal-data.ts';
import { auditActorOf, can, jurisdictionPaths, type Actor } from '../../auth/index.ts';
import { findUnitsByIds, listUnits, type OrgUnitRow } from '../../org/index.ts';
import {
  addKeyGroup,
  appendChanges,
  findEnterprisesByCodes,
  findHousesByKeys,
  findPeopleByIdHashes,
  insertEnterprise,
  insertHouse,
  personLinks,
  setEnterpriseLink,
  setHouseLink,
  updateEnterprise,
  updateHouse,
  updatePersonRow,
} from '../base-data.repository.ts';
import type { BaseDataChangeTable } from '../base-data.table.ts';
import type { ImportKind } from '../base-data.schemas.ts';
import { readBaseDataSheet, type ColumnSpec, type SheetRow } from '../base-data-sheet.ts';
import {
  addressKey,
  isPlausibleLngLat,
  isValidCreditCode,
  normalizeCreditCode,
  normalizeIdNumber,
  normalizePhone,
} from '../base-data-values.ts';
import { findPersonById, insertPerson } from '../people.repository.ts';
import type { Insertable } from 'kysely';

const UNIT_HINT = '网格编码（如 370702001001G01）或辖区内唯一的网格、村（社区）名称';

export const HOUSE_COLUMNS: readonly ColumnSpec<'address' | 'unit' | 'kind' | 'lng' | 'lat' | 'note'>[] = [
  {
    key: 'address',
    headers: ['标准地址', '房屋地址', '地址'],
    required: true,
    maxLength: 200,
    hint: '标准地址，同一地址只登记一处房屋（重复导入不会重复登记）',
  },
  { key: 'unit', headers: ['所属网格', '网格', '网格编码'], required: true, maxLength: 64, hint: UNIT_HINT },
  {
    key: 'kind',
    headers: ['房屋类型', '类型'],
    required: false,
    maxLength: 10,
    hint: '住宅、商铺、自建房或其他；不填为住宅',
  },
  { key: 'lng', headers: ['经度'], required: false, maxLength: 30, hint: 'GCJ-02 经度，与纬度同时填写' },
  { key: 'lat', headers: ['纬度'], required: false, maxLength: 30, hint: 'GCJ-02 纬度，与经度同时填写' },
  { key: 'note', headers: ['备注'], required: false, maxLength: 500, hint: '不超过 500 字' },
];

export const PEOPLE_COLUMNS: readonly ColumnSpec<
  | 'name'
  | 'idNumber'
  | 'phone'
  | 'unit'
  | 'house'
  | 'houseRelation'
  | 'creditCode'
  | 'enterpriseRelation'
  | 'keyGroups'
  | 'note'
>[] = [
  { key: 'name', headers: ['姓名'], required: true, maxLength: 64, hint: '不超过 64 字' },
  {
    key: 'idNumber',
    headers: ['身份证号', '身份证号码', '公民身份号码'],
    required: true,
    maxLength: 18,
    hint: '18 位居民身份证号码（校验位须正确）；同一号码只登记一人，重复导入会更新该人员',
  },
  {
    key: 'phone',
    headers: ['联系电话', '手机号码', '电话'],
    required: false,
    maxLength: 20,
    hint: '手机号或带区号的固定电话',
  },
  { key: 'unit', headers: ['所属网格', '网格', '网格编码'], required: true, maxLength: 64, hint: UNIT_HINT },
  {
    key: 'house',
    headers: ['房屋地址', '居住地址'],
    required: false,
    maxLength: 200,
    hint: '已登记房屋的标准地址（请先导入房屋）',
  },
  {
    key: 'houseRelation',
    headers: ['与房屋关系', '房屋关系'],
    required: false,
    maxLength: 10,
    hint: '产权人、租户或居住人；不填为居住人',
  },
  {
    key: 'creditCode',
    headers: ['企业信用代码', '工作单位信用代码'],
    required: false,
    maxLength: 30,
    hint: '已登记企业的统一社会信用代码',
  },
  {
    key: 'enterpriseRelation',
    headers: ['与企业关系', '企业关系'],
    required: false,
    maxLength: 10,
    hint: '法定代表人、从业人员或联系人；不填为从业人员',
  },
  {
    key: 'keyGroups',
    headers: ['重点人群'],
    required: false,
    maxLength: 100,
    hint: `${KEY_GROUPS.map((g) => KEY_GROUP_SPECS[g].zh).join('、')}；多个用顿号分隔；只能填写您有权登记的类别`,
  },
  { key: 'note', headers: ['备注'], required: false, maxLength: 2000, hint: '不超过 2000 字' },
];

export const ENTERPRISE_COLUMNS: readonly ColumnSpec<
  'name' | 'creditCode' | 'kind' | 'address' | 'unit' | 'contactName' | 'contactPhone'
>[] = [
  {
    key: 'name',
    headers: ['名称', '企业名称', '单位名称', '商铺名称'],
    required: true,
    maxLength: 100,
    hint: '不超过 100 字',
  },
  {
    key: 'creditCode',
    headers: ['统一社会信用代码', '信用代码'],
    required: true,
    maxLength: 30,
    hint: '18 位统一社会信用代码（校验位须正确）；同一代码只登记一家',
  },
  { key: 'kind', headers: ['类型', '单位类型'], required: false, maxLength: 10, hint: '企业或个体商铺；不填为企业' },
  { key: 'address', headers: ['地址', '经营地址', '标准地址'], required: true, maxLength: 200, hint: '经营地址' },
  { key: 'unit', headers: ['所属网格', '网格', '网格编码'], required: true, maxLength: 64, hint: UNIT_HINT },
  { key: 'contactName', headers: ['联系人', '负责人'], required: false, maxLength: 64, hint: '不超过 64 字' },
  {
    key: 'contactPhone',
    headers: ['联系电话', '电话'],
    required: false,
    maxLength: 20,
    hint: '手机号或带区号的固定电话',
  },
];

export const IMPORT_SHEETS: Record<
  ImportKind,
  { sheet: string; file: string; columns: readonly ColumnSpec<string>[] }
> = {
  houses: { sheet: '房屋', file: '房屋导入模板.xlsx', columns: HOUSE_COLUMNS },
  people: { sheet: '实有人口', file: '人员导入模板.xlsx', columns: PEOPLE_COLUMNS },
  enterprises: { sheet: '企业和商铺', file: '企业导入模板.xlsx', columns: ENTERPRISE_COLUMNS },
};

function wordsOf<C extends string>(labels: Record<C, { zh: string }>, extra: Record<string, C>): Map<string, C> {
  const map = new Map<string, C>(Object.entries<C>(extra));
  for (const [code, label] of Object.entries(labels) as [C, { zh: string }][]) {
    map.set(label.zh, code);
    map.set(code, code);
  }
  return map;
}
const HOUSE_KIND_WORDS = wordsOf<HouseKind>(HOUSE_KIND_LABELS, { 商业: 'shop', 门面房: 'shop' });
const ENTERPRISE_KIND_WORDS = wordsOf<EnterpriseKind>(ENTERPRISE_KIND_LABELS, {
  个体工商户: 'shop',
  商铺: 'shop',
  公司: 'enterprise',
});
const HOUSE_RELATION_WORDS = wordsOf<HouseRelation>(HOUSE_RELATION_LABELS, {
  户主: 'owner',
  业主: 'owner',
  房主: 'owner',
  承租人: 'tenant',
  居住: 'resident',
  家庭成员: 'resident',
});
const ENTERPRISE_RELATION_WORDS = wordsOf<EnterpriseRelation>(ENTERPRISE_RELATION_LABELS, {
  法人: 'legal_representative',
  员工: 'employee',
  职工: 'employee',
});
const KEY_GROUP_WORDS = wordsOf(
  Object.fromEntries(KEY_GROUPS.map((g) => [g, { zh: KEY_GROUP_SPECS[g].zh }])) as Record<KeyGroup, { zh: string }>,
  {},
);

export interface ImportFault {
  row: number;
  column: string;
  reason: string;
}

export interface ImportReport {
  kind: ImportKind;
  dryRun: boolean;
  imported: boolean;
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  errors: ImportFault[];
  rows: { row: number; key: string; status: 'create' | 'update' | 'unchanged' | 'rejected' }[];
}

type Change = Omit<Insertable<BaseDataChangeTable>, 'subject_type' | 'subject_id' | 'source' | 'actor_user_id' | 'at'>;

/** One checked row: how to write it, and what it will change. */
export interface Plan {
  row: number;
  key: string;
  status: 'create' | 'update' | 'unchanged';
  apply(
    trx: Trx,
    at: string,
  ): Promise<{ type: BaseDataChangeTable['subject_type']; id: number; changes: Change[] } | null>;
}

/** Resolves the unit cells (grid codes or names) to grids and villages inside `scopePaths`. */
async function unitResolver(ctx: AppContext, scopePaths: string[], values: string[]) {
  const found = new Map<string, OrgUnitRow | 'ambiguous' | null>();
  for (const value of new Set(values)) {
    const byCode = await listUnits(ctx.db, { scopePaths, code: value, type: 'region', limit: 2 });
    const candidates =
      byCode.length > 0
        ? byCode
        : (await listUnits(ctx.db, { scopePaths, q: value, type: 'region', limit: 200 })).filter(
            (u) => u.name === value,
          );
    const places = candidates.filter((u) => u.level === 'grid' || u.level === 'village');
    found.set(value, places.length === 1 ? places[0]! : places.length > 1 ? 'ambiguous' : null);
  }
  return found;
}

function header(columns: readonly ColumnSpec<string>[], key: string): string {
  return columns.find((c) => c.key === key)?.headers[0] ?? key;
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));

/** A fault with the column's key, for a caller that names fields rather than sheet columns. */
export interface KeyedFault extends ImportFault {
  key: string;
}

/**
 * The import's rules over rows of cells, one source for the sheet and the single-record forms:
 * lengths and required cells, the unit cell resolved inside the caller's area, and each kind's
 * planner (values, natural keys, duplicates, links, key groups). Answers every fault and, for the
 * rows without one, how to write them.
 */
export async function checkBaseDataRows(
  ctx: AppContext,
  actor: Actor,
  kind: ImportKind,
  rows: SheetRow<string>[],
): Promise<{ faults: KeyedFault[]; plans: Plan[] }> {
  const spec = IMPORT_SHEETS[kind];
  const faults: KeyedFault[] = [];
  const fault = (row: number, key: string, reason: string) =>
    faults.push({ row, column: header(spec.columns, key), reason, key });
  // Lengths and required cells first, for every kind.
  for (const r of rows) {
    for (const c of spec.columns) {
      const value = (r.cells as Record<string, string | undefined>)[c.key];
      if (value === undefined) {
        if (c.required) fault(r.row, c.key, '必填，不能为空');
      } else if ([...value].length > c.maxLength) {
        fault(r.row, c.key, `不能超过 ${c.maxLength} 个字符`);
      }
    }
  }
  const scopePaths = jurisdictionPaths(actor, 'base_data:import');
  const units = await unitResolver(
    ctx,
    scopePaths,
    rows.map((r) => (r.cells as { unit?: string }).unit).filter((v): v is string => v !== undefined),
  );
  const unitOf = (r: SheetRow<string>): OrgUnitRow | undefined => {
    const value = r.cells.unit;
    if (value === undefined) return undefined;
    const unit = units.get(value);
    if (unit === 'ambiguous') fault(r.row, 'unit', `辖区内有多个名为“${value}”的网格，请填写网格编码`);
    else if (!unit) fault(r.row, 'unit', `网格“${value}”不存在或不在您的辖区内`);
    else return unit;
    return undefined;
  };

  let plans: Plan[];
  if (kind === 'houses') plans = await planHouses(ctx, actor, rows, unitOf, fault);
  else if (kind === 'enterprises') plans = await planEnterprises(ctx, actor, rows, unitOf, fault);
  else plans = await planPeople(ctx, actor, rows, unitOf, fault);
  return { faults, plans };
}

export async function importBaseData(
  ctx: AppContext,
  actor: Actor,
  kind: ImportKind,
  file: Buffer,
  options: { dryRun: boolean; clientIp: string | null },
): Promise<ImportReport> {
  const spec = IMPORT_SHEETS[kind];
  const rows = await readBaseDataSheet(file, spec.columns);
  const checked = await checkBaseDataRows(ctx, actor, kind, rows);
  const plans = checked.plans;
  const faults: ImportFault[] = checked.faults.map(({ row, column, reason }) => ({ row, column, reason }));

  const badRows = new Set(faults.map((f) => f.row));
  faults.sort((a, b) => a.row - b.row);
  const planOf = new Map(plans.map((p) => [p.row, p]));
  const reportRows = rows.map((r) => {
    const plan = planOf.get(r.row);
    const key = plan?.key ?? '';
    return { row: r.row, key, status: badRows.has(r.row) || !plan ? ('rejected' as const) : plan.status };
  });
  const count = (status: string) => reportRows.filter((r) => r.status === status).length;
  const report: ImportReport = {
    kind,
    dryRun: options.dryRun,
    imported: false,
    total: rows.length,
    created: count('create'),
    updated: count('update'),
    unchanged: count('unchanged'),
    rejected: count('rejected'),
    errors: faults,
    rows: reportRows,
  };
  if (options.dryRun) return report;
  if (faults.length > 0 || rows.length === 0) {
    throw new AppError(
      'BASE_DATA_IMPORT_REJECTED',
      rows.length === 0
        ? '表格中没有数据行，未导入任何数据 / The sheet has no data rows: nothing was imported'
        : `表格中有 ${report.rejected} 行错误，未导入任何数据 / ${report.rejected} rows are wrong: nothing was imported`,
      { errors: faults, total: rows.length, rejected: report.rejected },
    );
  }
  const now = ctx.clock.now();
  const at = now.toISOString();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      for (const plan of plans) {
        const done = await plan.apply(trx, at);
        if (!done || done.changes.length === 0) continue;
        await appendChanges(
          trx,
          done.changes.map((c) => ({
            ...c,
            subject_type: done.type,
            subject_id: done.id,
            source: 'import' as const,
            actor_user_id: actor.userId,
            at,
          })),
        );
      }
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'base_data:import'),
          action: 'base_data.import',
          subjectType: kind,
          subjectId: null,
          outcome: 'success',
          clientIp: options.clientIp,
          details: {
            total: report.total,
            created: report.created,
            updated: report.updated,
            unchanged: report.unchanged,
          },
        },
        now,
      );
    });
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    if (e.code === '23505' || /UNIQUE constraint/.test(String(e.message))) {
      throw new AppError(
        'BASE_DATA_DUPLICATE',
        '另一次导入刚登记了相同的记录，请重新导入 / Another import just registered the same records; import again',
        {
          field: 'file',
        },
      );
    }
    throw error;
  }
  return { ...report, imported: true };
}

type Fault = (row: number, key: string, reason: string) => void;

function parseCoordinate(r: SheetRow<string>, fault: Fault): { lng: number | null; lat: number | null } {
  const { lng: lngText, lat: latText } = r.cells;
  if (lngText === undefined && latText === undefined) return { lng: null, lat: null };
  if (lngText === undefined || latText === undefined) {
    fault(r.row, lngText === undefined ? 'lng' : 'lat', '经度和纬度须同时填写');
    return { lng: null, lat: null };
  }
  const lng = Number(lngText);
  const lat = Number(latText);
  if (!Number.isFinite(lng)) fault(r.row, 'lng', '经度须为数字');
  if (!Number.isFinite(lat)) fault(r.row, 'lat', '纬度须为数字');
  if (Number.isFinite(lng) && Number.isFinite(lat) && !isPlausibleLngLat(lng, lat))
    fault(r.row, 'lng', '经纬度不在中国境内');
  return { lng, lat };
}

function duplicateCheck(fault: Fault, column: string, what: string) {
  const first = new Map<string, number>();
  return (row: number, key: string) => {
    const earlier = first.get(key);
    if (earlier !== undefined) fault(row, column, `与第 ${earlier} 行的${what}重复`);
    else first.set(key, row);
    return earlier === undefined;
  };
}

async function planHouses(
  ctx: AppContext,
  actor: Actor,
  rows: SheetRow<string>[],
  unitOf: (r: SheetRow<string>) => OrgUnitRow | undefined,
  fault: Fault,
): Promise<Plan[]> {
  const keys = rows.map((r) => (r.cells.address ? addressKey(r.cells.address) : ''));
  const existing = new Map((await findHousesByKeys(ctx.db, keys.filter(Boolean))).map((h) => [h.address_key, h]));
  const existingUnits = new Map(
    (await findUnitsByIds(ctx.db, [...new Set([...existing.values()].map((h) => h.unit_id))])).map((u) => [u.id, u]),
  );
  const firstSeen = duplicateCheck(fault, '标准地址', '标准地址');
  const plans: Plan[] = [];
  rows.forEach((r, i) => {
    const unit = unitOf(r);
    const kindWord = r.cells.kind;
    const kind = kindWord === undefined ? 'residential' : HOUSE_KIND_WORDS.get(kindWord);
    if (!kind) fault(r.row, 'kind', '房屋类型须为：住宅、商铺、自建房、其他');
    const { lng, lat } = parseCoordinate(r, fault);
    const key = keys[i]!;
    if (!key || !r.cells.address) return;
    if (!firstSeen(r.row, key)) return;
    const address = r.cells.address;
    const note = r.cells.note ?? null;
    const found = existing.get(key);
    if (found) {
      const path = existingUnits.get(found.unit_id)?.path;
      if (!path || !can(actor, 'base_data:import', [path])) {
        fault(r.row, 'address', '该地址已由其他辖区登记，不能在此导入');
        return;
      }
    }
    if (!unit || !kind) return;
    if (found) {
      const changes: Change[] = [];
      const patch: Record<string, unknown> = {};
      const set = (column: string, field: string, before: string | number | null, after: string | number | null) => {
        if (text(before) === text(after)) return;
        patch[column] = after;
        changes.push({ field, old_value: text(before), new_value: text(after) });
      };
      set('address', 'address', found.address, address);
      set('unit_id', 'unitId', found.unit_id, unit.id);
      set('kind', 'kind', found.kind, kind);
      if (lng !== null && lat !== null) {
        set('lng', 'lng', found.lng, lng);
        set('lat', 'lat', found.lat, lat);
      }
      if (note !== null) set('note', 'note', found.note, note);
      plans.push({
        row: r.row,
        key: address,
        status: changes.length > 0 ? 'update' : 'unchanged',
        apply: async (trx, at) => {
          if (changes.length === 0) return null;
          await updateHouse(trx, found.id, { ...patch, updated_at: at });
          return { type: 'house', id: found.id, changes };
        },
      });
      return;
    }
    plans.push({
      row: r.row,
      key: address,
      status: 'create',
      apply: async (trx, at) => {
        const id = await insertHouse(trx, {
          unit_id: unit.id,
          address,
          address_key: key,
          kind,
          lng,
          lat,
          note,
          created_at: at,
          updated_at: at,
        });
        return { type: 'house', id, changes: [{ field: 'created', old_value: null, new_value: address }] };
      },
    });
  });
  return plans;
}

async function planEnterprises(
  ctx: AppContext,
  actor: Actor,
  rows: SheetRow<string>[],
  unitOf: (r: SheetRow<string>) => OrgUnitRow | undefined,
  fault: Fault,
): Promise<Plan[]> {
  const codes = rows.map((r) => (r.cells.creditCode ? normalizeCreditCode(r.cells.creditCode) : ''));
  const existing = new Map(
    (await findEnterprisesByCodes(ctx.db, codes.filter(Boolean))).map((e) => [e.credit_code, e]),
  );
  const existingUnits = new Map(
    (await findUnitsByIds(ctx.db, [...new Set([...existing.values()].map((e) => e.unit_id))])).map((u) => [u.id, u]),
  );
  const firstSeen = duplicateCheck(fault, '统一社会信用代码', '统一社会信用代码');
  const plans: Plan[] = [];
  rows.forEach((r, i) => {
    const unit = unitOf(r);
    const kindWord = r.cells.kind;
    const kind = kindWord === undefined ? 'enterprise' : ENTERPRISE_KIND_WORDS.get(kindWord);
    if (!kind) fault(r.row, 'kind', '类型须为：企业、个体商铺');
    const phone = r.cells.contactPhone === undefined ? null : normalizePhone(r.cells.contactPhone);
    if (phone !== null && !isValidPhone(phone))
      fault(r.row, 'contactPhone', '电话号码格式无效（手机号 11 位，固定电话须带区号）');
    const code = codes[i]!;
    if (code && !isValidCreditCode(code)) {
      fault(r.row, 'creditCode', '统一社会信用代码无效（须为 18 位且校验位正确）');
      return;
    }
    if (!code || !firstSeen(r.row, code)) return;
    const found = existing.get(code);
    if (found) {
      const path = existingUnits.get(found.unit_id)?.path;
      if (!path || !can(actor, 'base_data:import', [path])) {
        fault(r.row, 'creditCode', '该统一社会信用代码已由其他辖区登记，不能在此导入');
        return;
      }
    }
    const { name, address } = r.cells;
    const contactName = r.cells.contactName ?? null;
    if (!unit || !kind || !name || !address || (phone !== null && !isValidPhone(phone))) return;
    const label = `${code} ${name}`;
    if (found) {
      const changes: Change[] = [];
      const patch: Record<string, unknown> = {};
      const set = (column: string, field: string, before: string | number | null, after: string | number | null) => {
        if (text(before) === text(after)) return;
        patch[column] = after;
        changes.push({ field, old_value: text(before), new_value: text(after) });
      };
      set('name', 'name', found.name, name);
      set('kind', 'kind', found.kind, kind);
      set('address', 'address', found.address, address);
      set('unit_id', 'unitId', found.unit_id, unit.id);
      if (contactName !== null) set('contact_name', 'contactName', found.contact_name, contactName);
      if (phone !== null) {
        const before = found.contact_phone_enc ? ctx.cipher.decrypt(found.contact_phone_enc) : null;
        if (before !== phone) {
          patch.contact_phone_enc = ctx.cipher.encrypt(phone);
          patch.contact_phone_hash = ctx.cipher.blindIndex(phone);
          changes.push({
            field: 'contactPhone',
            old_value: before ? maskPhone(before) : null,
            new_value: maskPhone(phone),
          });
        }
      }
      plans.push({
        row: r.row,
        key: label,
        status: changes.length > 0 ? 'update' : 'unchanged',
        apply: async (trx, at) => {
          if (changes.length === 0) return null;
          await updateEnterprise(trx, found.id, { ...patch, updated_at: at });
          return { type: 'enterprise', id: found.id, changes };
        },
      });
      return;
    }
    plans.push({
      row: r.row,
      key: label,
      status: 'create',
      apply: async (trx, at) => {
        const id = await insertEnterprise(trx, {
          unit_id: unit.id,
          name,
          credit_code: code,
          kind,
          address,
          contact_name: contactName,
          contact_phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
          contact_phone_hash: phone ? ctx.cipher.blindIndex(phone) : null,
          created_at: at,
          updated_at: at,
        });
        return { type: 'enterprise', id, changes: [{ field: 'created', old_value: null, new_value: name }] };
      },
    });
  });
  return plans;
}

async function planPeople(
  ctx: AppContext,
  actor: Actor,
  rows: SheetRow<string>[],
  unitOf: (r: SheetRow<string>) => OrgUnitRow | undefined,
  fault: Fault,
): Promise<Plan[]> {
  const ids = rows.map((r) => (r.cells.idNumber ? normalizeIdNumber(r.cells.idNumber) : ''));
  const hashes = ids.map((id) => (id && isValidIdNumber(id) ? ctx.cipher.blindIndex(id) : ''));
  const existingRows = await findPeopleByIdHashes(ctx.db, hashes.filter(Boolean));
  // The first registered person with a number is the one an import updates.
  const existing = new Map<string, number>();
  for (const p of existingRows)
    if (p.id_number_hash && !existing.has(p.id_number_hash)) existing.set(p.id_number_hash, p.id);
  const existingPeople = new Map(
    await Promise.all([...existing.values()].map(async (id) => [id, await findPersonById(ctx.db, id)] as const)),
  );
  const existingLinks = await personLinks(ctx.db, [...existing.values()]);
  const houseKeys = rows.map((r) => (r.cells.house ? addressKey(r.cells.house) : ''));
  const houses = new Map((await findHousesByKeys(ctx.db, houseKeys.filter(Boolean))).map((h) => [h.address_key, h]));
  const houseUnits = new Map(
    (await findUnitsByIds(ctx.db, [...new Set([...houses.values()].map((h) => h.unit_id))])).map((u) => [u.id, u]),
  );
  const creditCodes = rows.map((r) => (r.cells.creditCode ? normalizeCreditCode(r.cells.creditCode) : ''));
  const enterprises = new Map(
    (await findEnterprisesByCodes(ctx.db, creditCodes.filter(Boolean))).map((e) => [e.credit_code, e]),
  );
  const enterpriseUnits = new Map(
    (await findUnitsByIds(ctx.db, [...new Set([...enterprises.values()].map((e) => e.unit_id))])).map((u) => [u.id, u]),
  );
  const readable = (path: string | undefined) => path !== undefined && can(actor, 'base_data:read', [path]);
  const firstSeen = duplicateCheck(fault, '身份证号', '身份证号');
  const plans: Plan[] = [];

  rows.forEach((r, i) => {
    const unit = unitOf(r);
    const id = ids[i]!;
    const hash = hashes[i]!;
    let ok = true;
    if (id && !isValidIdNumber(id)) {
      fault(r.row, 'idNumber', '身份证号码无效（须为 18 位，最后一位校验码正确）');
      ok = false;
    }
    const phone = r.cells.phone === undefined ? null : normalizePhone(r.cells.phone);
    if (phone !== null && !isValidPhone(phone)) {
      fault(r.row, 'phone', '电话号码格式无效（手机号 11 位，固定电话须带区号）');
      ok = false;
    }
    // The house and its relation.
    let house: { id: number; address: string } | undefined;
    let houseRelation: HouseRelation | undefined;
    if (r.cells.house) {
      const found = houses.get(houseKeys[i]!);
      if (!found || !readable(houseUnits.get(found.unit_id)?.path)) {
        fault(r.row, 'house', `房屋“${r.cells.house}”未登记，请先导入房屋`);
        ok = false;
      } else house = found;
      houseRelation =
        r.cells.houseRelation === undefined ? 'resident' : HOUSE_RELATION_WORDS.get(r.cells.houseRelation);
      if (!houseRelation) {
        fault(r.row, 'houseRelation', '与房屋关系须为：产权人、租户、居住人');
        ok = false;
      }
    } else if (r.cells.houseRelation !== undefined) {
      fault(r.row, 'houseRelation', '填写了与房屋关系，但没有填写房屋地址');
      ok = false;
    }
    let enterprise: { id: number; name: string } | undefined;
    let enterpriseRelation: EnterpriseRelation | undefined;
    if (r.cells.creditCode) {
      const found = enterprises.get(creditCodes[i]!);
      if (!found || !readable(enterpriseUnits.get(found.unit_id)?.path)) {
        fault(r.row, 'creditCode', `统一社会信用代码为“${r.cells.creditCode}”的企业未登记，请先导入企业`);
        ok = false;
      } else enterprise = found;
      enterpriseRelation =
        r.cells.enterpriseRelation === undefined
          ? 'employee'
          : ENTERPRISE_RELATION_WORDS.get(r.cells.enterpriseRelation);
      if (!enterpriseRelation) {
        fault(r.row, 'enterpriseRelation', '与企业关系须为：法定代表人、从业人员、联系人');
        ok = false;
      }
    } else if (r.cells.enterpriseRelation !== undefined) {
      fault(r.row, 'enterpriseRelation', '填写了与企业关系，但没有填写企业信用代码');
      ok = false;
    }
    // Key groups: names the importer may record where the person is placed.
    const groups: KeyGroup[] = [];
    for (const word of (r.cells.keyGroups ?? '').split(/[、,，;；/\s]+/).filter(Boolean)) {
      const group = KEY_GROUP_WORDS.get(word);
      if (!group) {
        fault(
          r.row,
          'keyGroups',
          `重点人群类别“${word}”无效，可填：${KEY_GROUPS.map((g) => KEY_GROUP_SPECS[g].zh).join('、')}`,
        );
        ok = false;
      } else if (unit && !can(actor, KEY_GROUP_SPECS[group].power, [unit.path])) {
        fault(r.row, 'keyGroups', `您无权登记重点人群“${word}”`);
        ok = false;
      } else if (!groups.includes(group)) groups.push(group);
    }
    if (!id || !hash || !firstSeen(r.row, hash)) return;
    const existingId = existing.get(hash);
    const person = existingId === undefined ? undefined : existingPeople.get(existingId);
    if (existingId !== undefined && (!person || !can(actor, 'base_data:import', [person.unit_path]))) {
      fault(r.row, 'idNumber', '该人员已在其他辖区登记，不能在此导入');
      return;
    }
    const name = r.cells.name;
    if (!ok || !unit || !name) return;
    const note = r.cells.note ?? null;
    const key = `${name} ${maskIdNumber(id)}`;
    if (person) {
      const links = existingLinks.get(person.id)!;
      const changes: Change[] = [];
      const patch: Record<string, unknown> = {};
      if (person.name !== name) {
        patch.name = name;
        changes.push({ field: 'name', old_value: person.name, new_value: name });
      }
      if (person.unit_id !== unit.id) {
        patch.unit_id = unit.id;
        changes.push({ field: 'unitId', old_value: String(person.unit_id), new_value: String(unit.id) });
      }
      if (note !== null && person.note !== note) {
        patch.note = note;
        changes.push({ field: 'note', old_value: person.note, new_value: note });
      }
      if (phone !== null) {
        const before = person.phone_enc ? ctx.cipher.decrypt(person.phone_enc) : null;
        if (before !== phone) {
          patch.phone_enc = ctx.cipher.encrypt(phone);
          patch.phone_hash = ctx.cipher.blindIndex(phone);
          changes.push({ field: 'phone', old_value: before ? maskPhone(before) : null, new_value: maskPhone(phone) });
        }
      }
      const newGroups = groups.filter((g) => !links.keyGroups.includes(g));
      for (const g of newGroups) changes.push({ field: 'keyGroup', old_value: null, new_value: g });
      const houseChange = house && links.houses.find((h) => h.houseId === house.id)?.relation !== houseRelation;
      if (house && houseChange)
        changes.push({ field: 'house', old_value: null, new_value: `${house.address}（${houseRelation}）` });
      const enterpriseChange =
        enterprise && links.enterprises.find((e) => e.enterpriseId === enterprise.id)?.relation !== enterpriseRelation;
      if (enterprise && enterpriseChange) {
        changes.push({
          field: 'enterprise',
          old_value: null,
          new_value: `${enterprise.name}（${enterpriseRelation}）`,
        });
      }
      plans.push({
        row: r.row,
        key,
        status: changes.length > 0 ? 'update' : 'unchanged',
        apply: async (trx, at) => {
          if (changes.length === 0) return null;
          if (Object.keys(patch).length > 0) await updatePersonRow(trx, person.id, { ...patch, updated_at: at });
          for (const g of newGroups) await addKeyGroup(trx, person.id, g);
          if (house && houseChange) await setHouseLink(trx, person.id, house.id, houseRelation!);
          if (enterprise && enterpriseChange)
            await setEnterpriseLink(trx, person.id, enterprise.id, enterpriseRelation!);
          return { type: 'person', id: person.id, changes };
        },
      });
      return;
    }
    plans.push({
      row: r.row,
      key,
      status: 'create',
      apply: async (trx, at) => {
        const personId = await insertPerson(trx, {
          name,
          unit_id: unit.id,
          phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
          phone_hash: phone ? ctx.cipher.blindIndex(phone) : null,
          id_number_enc: ctx.cipher.encrypt(id),
          id_number_hash: hash,
          note,
          created_at: at,
          updated_at: at,
        });
        for (const g of groups) await addKeyGroup(trx, personId, g);
        if (house) await setHouseLink(trx, personId, house.id, houseRelation!);
        if (enterprise) await setEnterpriseLink(trx, personId, enterprise.id, enterpriseRelation!);
        return {
          type: 'person',
          id: personId,
          changes: [
            { field: 'created', old_value: null, new_value: name },
            ...groups.map((g) => ({ field: 'keyGroup', old_value: null, new_value: g })),
          ],
        };
      },
    });
  });
  return plans;
}
