// How base data is shown to an actor: phones and ID numbers masked, key groups filtered to those
// the actor may see where the person is (common/base-data.ts names each group's power), and the
// history without the changes of groups it may not see.
import type { Selectable } from 'kysely';
import { KEY_GROUPS, KEY_GROUP_SPECS, isKeyGroup, type KeyGroup } from '../../../common/base-data.ts';
import type { AppContext } from '../../context.ts';
import { maskIdNumber, maskPhone } from '../../platform/crypto/personal-data.ts';
import { can, userNames, type Actor } from '../auth/index.ts';
import type { Db, Trx } from '../../context.ts';
import type { EnterpriseRow, HouseRow, PersonLinks } from './base-data.repository.ts';
import type { BaseDataChangeTable } from './base-data.table.ts';
import type { PersonRow } from './people.repository.ts';
import type { HouseKind, EnterpriseKind, HouseRelation, EnterpriseRelation } from '../../../common/base-data.ts';

/** The key groups `actor` may see for a record at `path`. */
export function visibleKeyGroups(actor: Actor, path: string): KeyGroup[] {
  return KEY_GROUPS.filter((group) => can(actor, KEY_GROUP_SPECS[group].power, [path]));
}

/** Whether the actor may see any key group anywhere (decides whether the field is sent at all). */
export function seesAnyKeyGroup(actor: Actor): boolean {
  return KEY_GROUPS.some((group) => can(actor, KEY_GROUP_SPECS[group].power));
}

export function presentHouse(actor: Actor, row: HouseRow) {
  return {
    id: row.id,
    address: row.address,
    kind: row.kind as HouseKind,
    unitId: row.unit_id,
    unitName: row.unit_name,
    lng: row.lng,
    lat: row.lat,
    note: row.note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    abilities: { edit: can(actor, 'base_data:edit', [row.unit_path]) },
  };
}

export function presentEnterprise(ctx: AppContext, actor: Actor, row: EnterpriseRow) {
  return {
    id: row.id,
    name: row.name,
    creditCode: row.credit_code,
    kind: row.kind as EnterpriseKind,
    address: row.address,
    unitId: row.unit_id,
    unitName: row.unit_name,
    contactName: row.contact_name,
    contactPhone: row.contact_phone_enc ? maskPhone(ctx.cipher.decrypt(row.contact_phone_enc)) : null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    abilities: { edit: can(actor, 'base_data:edit', [row.unit_path]) },
  };
}

export function presentBasePerson(ctx: AppContext, actor: Actor, row: PersonRow, links: PersonLinks | undefined) {
  const visible = new Set<string>(visibleKeyGroups(actor, row.unit_path));
  return {
    id: row.id,
    name: row.name,
    unitId: row.unit_id,
    unitName: row.unit_name,
    phone: row.phone_enc ? maskPhone(ctx.cipher.decrypt(row.phone_enc)) : null,
    idNumber: row.id_number_enc ? maskIdNumber(ctx.cipher.decrypt(row.id_number_enc)) : null,
    note: row.note,
    houses: (links?.houses ?? []).map((h) => ({ ...h, relation: h.relation as HouseRelation })),
    enterprises: (links?.enterprises ?? []).map((e) => ({ ...e, relation: e.relation as EnterpriseRelation })),
    // Absent, not empty, for an actor who may see no group at all: nothing hints that groups exist.
    ...(seesAnyKeyGroup(actor)
      ? { keyGroups: (links?.keyGroups ?? []).filter((g): g is KeyGroup => isKeyGroup(g) && visible.has(g)) }
      : {}),
    createdAt: row.created_at,
    abilities: {
      edit: can(actor, 'base_data:edit', [row.unit_path]),
      revealPhone: can(actor, 'person:reveal_phone', [row.unit_path]),
      revealIdNumber: can(actor, 'person:reveal_id_number', [row.unit_path]),
    },
  };
}

/** The history of a record, newest first; for a person, key-group changes only of visible groups. */
export async function presentHistory(
  db: Db | Trx,
  rows: Selectable<BaseDataChangeTable>[],
  visibleGroups: readonly string[] | null,
) {
  const shown = rows.filter(
    (r) =>
      r.field !== 'keyGroup' ||
      (visibleGroups !== null && visibleGroups.includes((r.new_value ?? r.old_value) as string)),
  );
  const names = await userNames(
    db,
    shown.map((r) => r.actor_user_id),
  );
  return shown.map((r) => ({
    id: r.id,
    at: r.at,
    field: r.field,
    oldValue: r.old_value,
    newValue: r.new_value,
    source: r.source,
    actorName: r.actor_user_id === null ? null : (names.get(r.actor_user_id) ?? null),
  }));
}
