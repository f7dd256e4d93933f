// 宣布应急状态: a leader (or administrator) declares an emergency or a drill over a region of its
// area; in the same transaction every house of the base data there, and every key-group person,
// becomes an item of the door-to-door list of its grid (a snapshot: later base-data edits do not
// change a running emergency).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { pathIds } from '../../../platform/db/subtree.ts';
import { auditActorOf, can, type Actor } from '../../auth/index.ts';
import { findUnitById, findUnitsByIds } from '../../org/index.ts';
import { baseDataRoster } from '../../people/index.ts';
import type { EmergencyKind, EmergencyLevel } from '../../../../common/emergency.ts';
import { insertEmergency, insertItems, setItemCount } from '../emergency.repository.ts';

export interface DeclareInput {
  unitId: number;
  kind: EmergencyKind;
  level: EmergencyLevel;
  drill: boolean;
  instructions: string;
}

export async function declareEmergency(
  ctx: AppContext,
  actor: Actor,
  input: DeclareInput,
  clientIp: string | null,
): Promise<number> {
  const unit = await findUnitById(ctx.db, input.unitId);
  if (!unit || !can(actor, 'emergency:declare', [unit.path])) {
    const error = new AppError('NOT_FOUND', '单位不存在 / No such unit');
    throw unit ? error.denying('org_unit', unit.id) : error;
  }
  if (unit.type !== 'region') throw new AppError('EMERGENCY_UNIT_NOT_REGION', undefined, { field: 'unitId' });
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    const roster = await baseDataRoster(trx, unit.path);
    const paths = [...roster.houses.map((h) => h.unitPath), ...roster.keyPeople.map((p) => p.unitPath)];
    const townships = new Set(
      (await findUnitsByIds(trx, [...new Set(paths.flatMap(pathIds))]))
        .filter((u) => u.type === 'region' && u.level === 'township')
        .map((u) => u.id),
    );
    const townshipOf = (path: string) => pathIds(path).find((id) => townships.has(id)) ?? null;
    const id = await insertEmergency(trx, {
      unitId: unit.id,
      unitPath: unit.path,
      kind: input.kind,
      level: input.level,
      drill: input.drill,
      instructions: input.instructions.trim(),
      declaredBy: actor.userId,
      declaredAt: at,
    });
    const items = [
      ...roster.houses.map((h) => ({
        emergency_id: id,
        subject: 'household',
        house_id: h.houseId,
        person_id: null,
        key_groups: null,
        label: h.address,
        grid_id: h.unitId,
        grid_path: h.unitPath,
        township_id: townshipOf(h.unitPath),
      })),
      ...roster.keyPeople.map((p) => ({
        emergency_id: id,
        subject: 'key_person',
        house_id: null,
        person_id: p.personId,
        key_groups: p.keyGroups.join(','),
        label: p.name,
        grid_id: p.unitId,
        grid_path: p.unitPath,
        township_id: townshipOf(p.unitPath),
      })),
    ];
    await insertItems(trx, items);
    await setItemCount(trx, id, items.length);
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'emergency:declare'),
        action: 'emergency.declare',
        subjectType: 'emergency',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: {
          unitId: unit.id,
          kind: input.kind,
          level: input.level,
          drill: input.drill,
          households: roster.houses.length,
          keyPeople: roster.keyPeople.length,
        },
      },
      now,
    );
    return id;
  });
}
