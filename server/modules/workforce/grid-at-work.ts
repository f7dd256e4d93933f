// 网格力量 at work (issue 18 §10, ADR 0030): a grid's page (its houses, people and the key groups the
// reader may see, its workers, its cadres), a whistle that calls the case's grid cadres in (they
// have no accounts: each is recorded on the whistle once and told by SMS through the outbox), and
// the lookups the patrols module (a task for a cadre) and the SMS channel (a cadre's phone) use.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { maskPhone } from '../../platform/crypto/personal-data.ts';
import { enqueue } from '../../platform/outbox/outbox.ts';
import { activeMemberIds, auditActorOf, can, userNames, type Actor } from '../auth/index.ts';
import { loadVisibleCase, lockCase, recordCaseEvent, relationTo } from '../cases/index.ts';
import { findUnitById, type OrgUnitRow } from '../org/index.ts';
import { gridBaseData } from '../people/index.ts';
import type { CadreRole } from '../../../common/workforce.ts';
import {
  cadresOfGrid,
  cadresOnWhistle,
  findCadre,
  findCadres,
  insertWhistleCadres,
  type CadreRow,
} from './workforce.repository.ts';

const notFound = () => new AppError('NOT_FOUND', '网格不存在 / No such grid');

function presentCadre(ctx: AppContext, r: CadreRow) {
  return {
    id: r.id,
    name: r.name,
    role: r.role as CadreRole,
    organisation: r.organisation,
    phone: r.phone_enc ? maskPhone(ctx.cipher.decrypt(r.phone_enc)) : null,
  };
}

/** The grid, when the actor may see its page (grid_cadre:read there); 404 otherwise. */
async function gridInView(ctx: AppContext, actor: Actor, gridId: number): Promise<OrgUnitRow> {
  const grid = await findUnitById(ctx.db, gridId);
  if (!grid || grid.type !== 'region' || grid.level !== 'grid') throw notFound();
  if (!can(actor, 'grid_cadre:read', [grid.path])) throw notFound().denying('org_unit', gridId);
  return grid;
}

export async function gridOverview(ctx: AppContext, actor: Actor, gridId: number) {
  const grid = await gridInView(ctx, actor, gridId);
  const [parent, workerIds, cadres, baseData] = await Promise.all([
    grid.parent_id !== null ? findUnitById(ctx.db, grid.parent_id) : Promise.resolve(undefined),
    activeMemberIds(ctx.db, grid.id, ['grid_worker']),
    cadresOfGrid(ctx.db, grid.id),
    // Houses and people only for the readers of base data (an evaluator sees the grid's people at work).
    can(actor, 'base_data:read', [grid.path]) ? gridBaseData(ctx, actor, grid) : Promise.resolve(null),
  ]);
  const names = await userNames(ctx.db, workerIds);
  return {
    id: grid.id,
    name: grid.name,
    kind: grid.kind,
    closed: grid.closed_at !== null,
    township: parent ? { id: parent.id, name: parent.name } : null,
    workers: workerIds.map((id) => ({ id, name: names.get(id) ?? '' })),
    cadres: cadres.map((c) => presentCadre(ctx, c)),
    baseData,
    abilities: {
      assignTask: can(actor, 'grid_task:assign', [grid.path]),
      manageCadres: can(actor, 'workforce:manage', [grid.path]),
    },
  };
}

/** The cadre of the grid with that id, or undefined (a task's `cadreId` is checked with it). */
export async function cadreOfGrid(ctx: AppContext, gridId: number, cadreId: number) {
  const cadre = await findCadre(ctx.db, cadreId);
  return cadre && cadre.grid_id === gridId
    ? { id: cadre.id, name: cadre.name, role: cadre.role as CadreRole }
    : undefined;
}

/** Name and role of each cadre of `ids` (a grid task's cadre). */
export async function cadreBriefs(ctx: AppContext, ids: (number | null)[]) {
  const wanted = [...new Set(ids.filter((id): id is number => id !== null))];
  const rows = wanted.length === 0 ? [] : await findCadres(ctx.db, wanted);
  return new Map(rows.map((r) => [r.id, { name: r.name, role: r.role }]));
}

/** Where the SMS channel finds a cadre's phone (payloads carry no personal data). */
export async function cadreContact(ctx: AppContext, cadreId: number): Promise<{ phone: string | null } | null> {
  const cadre = await findCadre(ctx.db, cadreId);
  if (!cadre) return null;
  return { phone: cadre.phone_enc ? ctx.cipher.decrypt(cadre.phone_enc) : null };
}

/**
 * 吹哨 with the grid's cadres: the township's dispatcher over the case calls cadres of the case's
 * grid into its active whistle. Each cadre joins once (a second call skips them); each one joined
 * gets an SMS; the timeline says who was told (names shown to grid_cadre:read, see case-view).
 */
export async function callCadresToWhistle(
  ctx: AppContext,
  actor: Actor,
  caseId: number,
  cadreIds: number[],
  clientIp: string | null,
) {
  const loaded = await loadVisibleCase(ctx, actor, caseId);
  if (!relationTo(actor, loaded.facts).townshipDispatcher) {
    throw new AppError(
      'FORBIDDEN',
      '只有街道（乡镇）调度员可以吹哨 / Only the township dispatcher blows the whistle',
    ).denying('case', caseId);
  }
  const whistles = loaded.assignments.filter((a) => a.role === 'whistle' && a.active === 1);
  if (whistles.length === 0) throw new AppError('WHISTLE_CADRES_NO_WHISTLE');
  const gridId = loaded.row.grid_id;
  const ids = [...new Set(cadreIds)];
  const cadres = gridId === null ? [] : await cadresOfGrid(ctx.db, gridId, ids);
  if (gridId === null || cadres.length !== ids.length)
    throw new AppError('WHISTLE_CADRE_INVALID', undefined, { field: 'cadreIds' });
  const grid = (await findUnitById(ctx.db, gridId))!;
  const deadline = whistles.map((a) => a.deadline ?? '').reduce((a, b) => (a > b ? a : b), '');
  const now = ctx.clock.now();
  const at = now.toISOString();
  await ctx.db.transaction().execute(async (trx) => {
    await lockCase(trx, ctx.dialect, caseId);
    const already = await cadresOnWhistle(trx, caseId);
    const joining = cadres.filter((c) => !already.has(c.id));
    if (joining.length === 0) return;
    await insertWhistleCadres(
      trx,
      joining.map((c) => ({
        case_id: caseId,
        cadre_id: c.id,
        grid_id: gridId,
        created_by: actor.userId,
        created_at: at,
      })),
    );
    const who = auditActorOf(actor, 'case:read');
    await recordCaseEvent(trx, ctx.dialect, {
      case_id: caseId,
      action: 'whistle_cadres',
      actor_user_id: actor.userId,
      actor_name: actor.displayName,
      actor_role: who?.role ?? null,
      actor_unit_id: who?.unitId ?? null,
      at,
      data: JSON.stringify({ cadres: joining.map((c) => ({ id: c.id, name: c.name, role: c.role })) }),
    });
    // No names, no phones: the SMS channel looks the phone up when it sends.
    await enqueue(
      trx,
      joining.map((c) => ({
        topic: 'case.whistled',
        recipientType: 'cadre' as const,
        recipient: c.id,
        subjectType: 'case',
        subjectId: caseId,
        payload: { number: loaded.row.number, grid: grid.name, deadline },
      })),
      now,
    );
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'case:read'),
        action: 'case.whistle_cadres',
        subjectType: 'case',
        subjectId: caseId,
        outcome: 'success',
        clientIp,
        details: { gridId, cadreIds: joining.map((c) => c.id) },
      },
      now,
    );
  });
  const joined = await cadresOnWhistle(ctx.db, caseId);
  const all = await cadresOfGrid(ctx.db, gridId, [...joined]);
  return { items: all.map((c) => ({ id: c.id, name: c.name, role: c.role as CadreRole })) };
}
