// Kysely queries over app_user, membership and user_session. The units memberships point to are
// org's: asked for by id, never joined.
import type { Selectable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import { findUnitById, findUnitsByIds } from '../org/index.ts';
import type { AppUserTable } from './auth.table.ts';

type Executor = Db | Trx;
export type UserRow = Selectable<AppUserTable>;

export async function findUserByUsername(db: Executor, username: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUserById(db: Executor, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Records `step` as the account's last one-time-code step if it is later than the one recorded:
 * true when this call did so. One conditional update, so of two requests with the same code only
 * one gets true.
 */
export async function spendTotpStep(db: Executor, userId: number, step: number): Promise<boolean> {
  const result = await db
    .updateTable('app_user')
    .set({ totp_last_step: step })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export interface MembershipView {
  id: number;
  userId: number;
  unitId: number;
  unitName: string;
  unitCode: string;
  unitType: string;
  /** The region level the unit is at, or belongs to (a centre carries its region's level). */
  unitLevel: string;
  unitPath: string;
  role: string;
}

export async function findMemberships(db: Executor, userIds: number[]): Promise<MembershipView[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('membership')
    .select(['id', 'user_id', 'unit_id', 'role'])
    .where('user_id', 'in', userIds)
    .orderBy('id')
    .execute();
  const units = new Map(
    (
      await findUnitsByIds(
        db,
        rows.map((r) => r.unit_id),
      )
    ).map((u) => [u.id, u]),
  );
  return rows.flatMap((r) => {
    const unit = units.get(r.unit_id);
    return unit
      ? [
          {
            id: r.id,
            userId: r.user_id,
            unitId: r.unit_id,
            unitName: unit.name,
            unitCode: unit.code,
            unitType: unit.type,
            unitLevel: unit.level,
            unitPath: unit.path,
            role: r.role,
          },
        ]
      : [];
  });
}

export async function findSessionByTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('user_session')
    .innerJoin('app_user', 'app_user.id', 'user_session.user_id')
    .select([
      'user_session.id',
      'user_session.user_id',
      'user_session.last_seen_at',
      'user_session.expires_at',
      'user_session.revoked_at',
      'user_session.restriction',
      'app_user.username',
      'app_user.display_name',
      'app_user.disabled',
    ])
    .where('user_session.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function revokeSessionsOfUser(db: Executor, userId: number, at: string): Promise<void> {
  await db
    .updateTable('user_session')
    .set({ revoked_at: at })
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** The unit a membership would point to (memberships reference org units). */
export async function findMembershipUnit(db: Executor, unitId: number) {
  return findUnitById(db, unitId);
}

/** Display names of accounts, by id (who mediates, who recorded a session). */
export async function userNames(db: Executor, ids: readonly (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', wanted).execute();
  return new Map(rows.map((r) => [r.id, r.display_name]));
}

/** Those of `userIds` who hold `role` in the unit on an enabled account (a committee's mediators). */
export async function activeMembers(
  db: Executor,
  query: { unitId: number; role: string; userIds: readonly number[] },
): Promise<Set<number>> {
  if (query.userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select('membership.user_id')
    .where('membership.unit_id', '=', query.unitId)
    .where('membership.role', '=', query.role)
    .where('membership.user_id', 'in', [...query.userIds])
    .where('app_user.disabled', '=', 0)
    .execute();
  return new Set(rows.map((r) => r.user_id));
}

/**
 * The enabled accounts holding one of `roles` in the unit, by id (the staff a notice to the unit
 * reaches: issue 15's inbox). Members of units below it are not included.
 */
export async function activeMemberIds(db: Executor, unitId: number, roles: readonly string[]): Promise<number[]> {
  if (roles.length === 0) return [];
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select('membership.user_id')
    .distinct()
    .where('membership.unit_id', '=', unitId)
    .where('membership.role', 'in', [...roles])
    .where('app_user.disabled', '=', 0)
    .orderBy('membership.user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/** Those of `userIds` whose account is enabled and who hold one of `roles` somewhere, by id. */
export async function activeUsersWithRoles(
  db: Executor,
  userIds: readonly number[],
  roles: readonly string[],
): Promise<number[]> {
  if (userIds.length === 0 || roles.length === 0) return [];
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select('membership.user_id')
    .distinct()
    .where('membership.user_id', 'in', [...new Set(userIds)])
    .where('membership.role', 'in', [...roles])
    .where('app_user.disabled', '=', 0)
    .orderBy('membership.user_id')
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * Enabled accounts holding one of `roles` in a unit under one of `paths` (e.g. the people a
 * dispatcher may assign a warning to), matched on name or username when `q` is given.
 */
export async function activeMembersWithin(
  db: Executor,
  query: { paths: readonly string[]; roles: readonly string[]; q?: string | undefined; limit: number },
): Promise<{ userId: number; displayName: string; role: string; unitId: number; unitName: string }[]> {
  if (query.paths.length === 0 || query.roles.length === 0) return [];
  let select = db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['membership.user_id', 'app_user.display_name', 'membership.role', 'membership.unit_id'])
    .where('app_user.disabled', '=', 0)
    .where('membership.role', 'in', [...query.roles]);
  const q = query.q?.trim().replace(/[\\%_]/g, '');
  if (q) {
    select = select.where((eb) =>
      eb.or([eb('app_user.display_name', 'like', `%${q}%`), eb('app_user.username', 'like', `%${q}%`)]),
    );
  }
  // Memberships first, then their units (org's table) kept when inside one of the paths.
  const rows = await select.orderBy('app_user.display_name').orderBy('membership.user_id').limit(2000).execute();
  const units = new Map((await findUnitsByIds(db, [...new Set(rows.map((r) => r.unit_id))])).map((u) => [u.id, u]));
  return rows
    .flatMap((r) => {
      const unit = units.get(r.unit_id);
      if (!unit || !query.paths.some((p) => unit.path.startsWith(p))) return [];
      return [{ userId: r.user_id, displayName: r.display_name, role: r.role, unitId: r.unit_id, unitName: unit.name }];
    })
    .slice(0, query.limit);
}

/**
 * The enabled accounts holding `role` in one of these units, with their names (领导包案, issue 17:
 * the leaders of the regions a case lies in, read off its path). Sorted by unit, then name.
 */
export async function activeHoldersAt(
  db: Executor,
  unitIds: readonly number[],
  role: string,
): Promise<{ userId: number; displayName: string; unitId: number }[]> {
  if (unitIds.length === 0) return [];
  const rows = await db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select(['membership.user_id', 'membership.unit_id', 'app_user.display_name'])
    .where('membership.unit_id', 'in', [...new Set(unitIds)])
    .where('membership.role', '=', role)
    .where('app_user.disabled', '=', 0)
    .orderBy('membership.unit_id')
    .orderBy('app_user.display_name')
    .execute();
  return rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, unitId: r.unit_id }));
}

/**
 * The enabled resident accounts signed up with one of these phones (blind indexes): how a party of a
 * mediation or a nominee named by phone is linked to the account that holds its points (issue 19).
 */
export async function residentAccountsByPhoneHash(db: Executor, phoneHashes: readonly string[]): Promise<number[]> {
  const wanted = [...new Set(phoneHashes)];
  if (wanted.length === 0) return [];
  const rows = await db
    .selectFrom('app_user')
    .innerJoin('membership', 'membership.user_id', 'app_user.id')
    .select('app_user.id')
    .distinct()
    .where('app_user.phone_hash', 'in', wanted)
    .where('app_user.disabled', '=', 0)
    .where('membership.role', '=', 'resident')
    .orderBy('app_user.id')
    .execute();
  return rows.map((r) => r.id);
}

/** Of `userIds`, the accounts with a phone (signed up by SMS): whom an SMS to the account can reach. */
export async function usersWithPhone(db: Executor, userIds: readonly number[]): Promise<Set<number>> {
  const out = new Set<number>();
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('app_user')
      .select('id')
      .where('id', 'in', unique.slice(i, i + 500))
      .where('phone_enc', 'is not', null)
      .execute();
    for (const r of rows) out.add(r.id);
  }
  return out;
}

/** The account that signed up with this phone (its blind index), if any. */
export async function findUserByPhoneHash(db: Executor, phoneHash: string): Promise<UserRow | undefined> {
  return db.selectFrom('app_user').selectAll().where('phone_hash', '=', phoneHash).executeTakeFirst();
}
