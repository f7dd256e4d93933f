// Editing a house, an enterprise or a person of base data: one transaction with the change, a row of
// history per field changed (sealed fields masked) and one audit record naming the fields.
import type { Insertable } from 'kysely';
import type { Static } from 'typebox';
import { KEY_GROUP_SPECS, type KeyGroup } from '../../../../common/base-data.ts';
import type { AppContext, Trx } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isValidIdNumber, isValidPhone, maskIdNumber, maskPhone } from '../../../platform/crypto/personal-data.ts';
import { auditActorOf, can, type Actor } from '../../auth/index.ts';
import type { OrgUnitRow } from '../../org/index.ts';
import {
  addKeyGroup,
  appendChanges,
  findEnterprise,
  findHouse,
  personLinks,
  removeEnterpriseLink,
  removeHouseLink,
  removeKeyGroup,
  setEnterpriseLink,
  setHouseLink,
  updateEnterprise,
  updateHouse,
  updatePersonRow,
  type EnterpriseRow,
  type HouseRow,
} from '../base-data.repository.ts';
import type { BaseDataChangeTable } from '../base-data.table.ts';
import type { EnterprisePatch, HousePatch, PersonPatch } from '../base-data.schemas.ts';
import {
  addressKey,
  cleanText,
  isPlausibleLngLat,
  isValidCreditCode,
  normalizeCreditCode,
  normalizeIdNumber,
  normalizePhone,
} from '../base-data-values.ts';
import type { PersonRow } from '../people.repository.ts';
import { visibleKeyGroups } from '../base-data.view.ts';

type Change = Pick<Insertable<BaseDataChangeTable>, 'field' | 'old_value' | 'new_value'>;

function invalid(field: string, zh: string, en: string): AppError {
  return new AppError('VALIDATION_FAILED', `${zh} / ${en}`, [{ field, message: `${zh} / ${en}` }]);
}

const text = (v: string | number | null | undefined) => (v === null || v === undefined ? null : String(v));

async function record(
  ctx: AppContext,
  trx: Trx,
  actor: Actor,
  subject: { type: BaseDataChangeTable['subject_type']; id: number },
  changes: Change[],
  clientIp: string | null,
  now: Date,
): Promise<void> {
  await appendChanges(
    trx,
    changes.map((c) => ({
      ...c,
      subject_type: subject.type,
      subject_id: subject.id,
      source: 'edit' as const,
      actor_user_id: actor.userId,
      at: now.toISOString(),
    })),
  );
  await ctx.audit.append(
    trx,
    {
      actor: auditActorOf(actor, 'base_data:edit'),
      action: `base_data.${subject.type}.edit`,
      subjectType: subject.type,
      subjectId: subject.id,
      outcome: 'success',
      clientIp,
      // Which fields, never their values (an ID number or a key group is personal).
      details: { fields: [...new Set(changes.map((c) => c.field))] },
    },
    now,
  );
}

/** A unique index refused the write: another record holds the natural key. */
function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown };
  return e.code === '23505' || e.code === 'SQLITE_CONSTRAINT_UNIQUE' || /UNIQUE constraint/.test(String(e.message));
}

export async function editHouse(
  ctx: AppContext,
  actor: Actor,
  row: HouseRow,
  body: Static<typeof HousePatch>,
  unit: OrgUnitRow | undefined,
  clientIp: string | null,
): Promise<HouseRow> {
  const patch: Record<string, unknown> = {};
  const changes: Change[] = [];
  const set = (column: string, field: string, before: string | number | null, after: string | number | null) => {
    if (text(before) === text(after)) return;
    patch[column] = after;
    changes.push({ field, old_value: text(before), new_value: text(after) });
  };
  if (body.address !== undefined) {
    const address = cleanText(body.address);
    if (address === '') throw invalid('address', '标准地址不能为空', 'The address is required');
    set('address', 'address', row.address, address);
    if (patch.address !== undefined) patch.address_key = addressKey(address);
  }
  if (body.kind !== undefined) set('kind', 'kind', row.kind, body.kind);
  if (unit) set('unit_id', 'unitId', row.unit_id, unit.id);
  const lng = body.lng === undefined ? row.lng : body.lng;
  const lat = body.lat === undefined ? row.lat : body.lat;
  if ((lng === null) !== (lat === null))
    throw invalid('lng', '经度和纬度须同时填写', 'Give both longitude and latitude');
  if (lng !== null && lat !== null && !isPlausibleLngLat(lng, lat)) {
    throw invalid('lng', '经纬度不在中国境内', 'The point is outside China');
  }
  set('lng', 'lng', row.lng, lng);
  set('lat', 'lat', row.lat, lat);
  if (body.note !== undefined) set('note', 'note', row.note, body.note === null ? null : cleanText(body.note) || null);
  if (changes.length === 0) return row;
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await updateHouse(trx, row.id, { ...patch, updated_at: now.toISOString() });
      await record(ctx, trx, actor, { type: 'house', id: row.id }, changes, clientIp, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('BASE_DATA_DUPLICATE', '该标准地址已登记为另一处房屋 / Another house has this address', {
        field: 'address',
      });
    }
    throw error;
  }
  return (await findHouse(ctx.db, row.id))!;
}

export async function editEnterprise(
  ctx: AppContext,
  actor: Actor,
  row: EnterpriseRow,
  body: Static<typeof EnterprisePatch>,
  unit: OrgUnitRow | undefined,
  clientIp: string | null,
): Promise<EnterpriseRow> {
  const patch: Record<string, unknown> = {};
  const changes: Change[] = [];
  const set = (
    column: string,
    field: string,
    before: string | number | null,
    after: string | number | null,
    shown?: (v: string | number | null) => string | null,
  ) => {
    if (text(before) === text(after)) return;
    patch[column] = after;
    const show = shown ?? text;
    changes.push({ field, old_value: show(before), new_value: show(after) });
  };
  if (body.name !== undefined) {
    const name = cleanText(body.name);
    if (name === '') throw invalid('name', '名称不能为空', 'The name is required');
    set('name', 'name', row.name, name);
  }
  if (body.creditCode !== undefined) {
    const code = normalizeCreditCode(body.creditCode);
    if (!isValidCreditCode(code)) {
      throw invalid('creditCode', '统一社会信用代码无效', 'Invalid unified social credit code');
    }
    set('credit_code', 'creditCode', row.credit_code, code);
  }
  if (body.kind !== undefined) set('kind', 'kind', row.kind, body.kind);
  if (body.address !== undefined) {
    const address = cleanText(body.address);
    if (address === '') throw invalid('address', '地址不能为空', 'The address is required');
    set('address', 'address', row.address, address);
  }
  if (unit) set('unit_id', 'unitId', row.unit_id, unit.id);
  if (body.contactName !== undefined) {
    set(
      'contact_name',
      'contactName',
      row.contact_name,
      body.contactName === null ? null : cleanText(body.contactName) || null,
    );
  }
  if (body.contactPhone !== undefined) {
    const phone = body.contactPhone === null ? null : normalizePhone(body.contactPhone);
    if (phone !== null && !isValidPhone(phone))
      throw invalid('contactPhone', '电话号码格式无效', 'Invalid phone number');
    const before = row.contact_phone_enc ? ctx.cipher.decrypt(row.contact_phone_enc) : null;
    if (before !== phone) {
      patch.contact_phone_enc = phone ? ctx.cipher.encrypt(phone) : null;
      patch.contact_phone_hash = phone ? ctx.cipher.blindIndex(phone) : null;
      changes.push({
        field: 'contactPhone',
        old_value: before ? maskPhone(before) : null,
        new_value: phone ? maskPhone(phone) : null,
      });
    }
  }
  if (changes.length === 0) return row;
  const now = ctx.clock.now();
  try {
    await ctx.db.transaction().execute(async (trx) => {
      await updateEnterprise(trx, row.id, { ...patch, updated_at: now.toISOString() });
      await record(ctx, trx, actor, { type: 'enterprise', id: row.id }, changes, clientIp, now);
    });
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError(
        'BASE_DATA_DUPLICATE',
        '该统一社会信用代码已登记为另一家单位 / Another enterprise has this credit code',
        {
          field: 'creditCode',
        },
      );
    }
    throw error;
  }
  return (await findEnterprise(ctx.db, row.id))!;
}

export interface LinkTargets {
  /** The houses and enterprises named in the body, each already checked as visible to the actor. */
  houses: Map<number, HouseRow>;
  enterprises: Map<number, EnterpriseRow>;
}

export async function editPerson(
  ctx: AppContext,
  actor: Actor,
  row: PersonRow,
  body: Static<typeof PersonPatch>,
  unit: OrgUnitRow | undefined,
  targets: LinkTargets,
  clientIp: string | null,
): Promise<void> {
  const patch: Record<string, unknown> = {};
  const changes: Change[] = [];
  if (body.name !== undefined) {
    const name = cleanText(body.name);
    if (name === '') throw invalid('name', '姓名不能为空', 'The name is required');
    if (name !== row.name) {
      patch.name = name;
      changes.push({ field: 'name', old_value: row.name, new_value: name });
    }
  }
  if (unit && unit.id !== row.unit_id) {
    patch.unit_id = unit.id;
    changes.push({ field: 'unitId', old_value: String(row.unit_id), new_value: String(unit.id) });
  }
  if (body.note !== undefined) {
    const note = body.note === null ? null : cleanText(body.note) || null;
    if (note !== row.note) {
      patch.note = note;
      changes.push({ field: 'note', old_value: row.note, new_value: note });
    }
  }
  if (body.phone !== undefined) {
    const phone = body.phone === null ? null : normalizePhone(body.phone);
    if (phone !== null && !isValidPhone(phone)) throw invalid('phone', '电话号码格式无效', 'Invalid phone number');
    const before = row.phone_enc ? ctx.cipher.decrypt(row.phone_enc) : null;
    if (before !== phone) {
      patch.phone_enc = phone ? ctx.cipher.encrypt(phone) : null;
      patch.phone_hash = phone ? ctx.cipher.blindIndex(phone) : null;
      changes.push({
        field: 'phone',
        old_value: before ? maskPhone(before) : null,
        new_value: phone ? maskPhone(phone) : null,
      });
    }
  }
  let idHash: string | null | undefined;
  if (body.idNumber !== undefined) {
    const id = body.idNumber === null ? null : normalizeIdNumber(body.idNumber);
    if (id !== null && !isValidIdNumber(id)) throw invalid('idNumber', '身份证号码无效', 'Invalid ID card number');
    const before = row.id_number_enc ? ctx.cipher.decrypt(row.id_number_enc) : null;
    if (before !== id) {
      idHash = id ? ctx.cipher.blindIndex(id) : null;
      patch.id_number_enc = id ? ctx.cipher.encrypt(id) : null;
      patch.id_number_hash = idHash;
      changes.push({
        field: 'idNumber',
        old_value: before ? maskIdNumber(before) : null,
        new_value: id ? maskIdNumber(id) : null,
      });
    }
  }
  // Key groups: the body is the full set of the groups this actor may see where the person will be;
  // the groups it may not see are neither shown nor touched.
  const links = (await personLinks(ctx.db, [row.id])).get(row.id)!;
  let addGroups: KeyGroup[] = [];
  let dropGroups: KeyGroup[] = [];
  if (body.keyGroups !== undefined) {
    const visible = visibleKeyGroups(actor, unit?.path ?? row.unit_path);
    const refused = body.keyGroups.filter((g) => !visible.includes(g as KeyGroup));
    if (refused.length > 0) {
      throw invalid('keyGroups', '无权登记该重点人群类别', 'You may not record this key group');
    }
    const wanted = new Set(body.keyGroups as KeyGroup[]);
    const had = new Set(links.keyGroups);
    addGroups = [...wanted].filter((g) => !had.has(g));
    dropGroups = visible.filter((g) => had.has(g) && !wanted.has(g));
    for (const g of addGroups) changes.push({ field: 'keyGroup', old_value: null, new_value: g });
    for (const g of dropGroups) changes.push({ field: 'keyGroup', old_value: g, new_value: null });
  }
  const houseOps: { id: number; relation: string | null }[] = [];
  if (body.houses !== undefined) {
    const wanted = new Map(body.houses.map((h) => [h.houseId, h.relation]));
    for (const [id, relation] of wanted) {
      const house = targets.houses.get(id);
      if (!house) throw invalid('houses', '房屋不存在', 'No such house');
      const had = links.houses.find((h) => h.houseId === id);
      if (had?.relation === relation) continue;
      houseOps.push({ id, relation });
      changes.push({
        field: 'house',
        old_value: had ? `${had.address}（${had.relation}）` : null,
        new_value: `${house.address}（${relation}）`,
      });
    }
    for (const had of links.houses) {
      if (wanted.has(had.houseId)) continue;
      houseOps.push({ id: had.houseId, relation: null });
      changes.push({ field: 'house', old_value: `${had.address}（${had.relation}）`, new_value: null });
    }
  }
  const enterpriseOps: { id: number; relation: string | null }[] = [];
  if (body.enterprises !== undefined) {
    const wanted = new Map(body.enterprises.map((e) => [e.enterpriseId, e.relation]));
    for (const [id, relation] of wanted) {
      const enterprise = targets.enterprises.get(id);
      if (!enterprise) throw invalid('enterprises', '企业不存在', 'No such enterprise');
      const had = links.enterprises.find((e) => e.enterpriseId === id);
      if (had?.relation === relation) continue;
      enterpriseOps.push({ id, relation });
      changes.push({
        field: 'enterprise',
        old_value: had ? `${had.name}（${had.relation}）` : null,
        new_value: `${enterprise.name}（${relation}）`,
      });
    }
    for (const had of links.enterprises) {
      if (wanted.has(had.enterpriseId)) continue;
      enterpriseOps.push({ id: had.enterpriseId, relation: null });
      changes.push({ field: 'enterprise', old_value: `${had.name}（${had.relation}）`, new_value: null });
    }
  }
  if (changes.length === 0) return;
  if (idHash) {
    const other = await ctx.db
      .selectFrom('person')
      .select('id')
      .where('id_number_hash', '=', idHash)
      .where('id', '!=', row.id)
      .executeTakeFirst();
    if (other) {
      throw new AppError('BASE_DATA_DUPLICATE', '该身份证号已登记为另一人员 / Another person has this ID number', {
        field: 'idNumber',
      });
    }
  }
  const now = ctx.clock.now();
  await ctx.db.transaction().execute(async (trx) => {
    if (Object.keys(patch).length > 0) await updatePersonRow(trx, row.id, { ...patch, updated_at: now.toISOString() });
    for (const g of addGroups) await addKeyGroup(trx, row.id, g);
    for (const g of dropGroups) await removeKeyGroup(trx, row.id, g);
    for (const op of houseOps) {
      if (op.relation === null) await removeHouseLink(trx, row.id, op.id);
      else await setHouseLink(trx, row.id, op.id, op.relation);
    }
    for (const op of enterpriseOps) {
      if (op.relation === null) await removeEnterpriseLink(trx, row.id, op.id);
      else await setEnterpriseLink(trx, row.id, op.id, op.relation);
    }
    await record(ctx, trx, actor, { type: 'person', id: row.id }, changes, clientIp, now);
  });
}

/** Whether a key group may be recorded by `actor` at `path` (the import checks each row with it). */
export function mayRecordKeyGroup(actor: Actor, group: KeyGroup, path: string): boolean {
  return can(actor, KEY_GROUP_SPECS[group].power, [path]);
}
