// 走访发现转案件: the problem found on a visit becomes a case in the patrolled grid through the cases
// module's own intake (numbering, the centre's triage, time limits), channel grid_patrol. The case
// carries the visit as its external reference (`patrol`, `visit-<id>`), so a second tap, a retry, or
// a request that died between the case and the link finds the same case instead of making another
// (as the screening ledgers' findings do); the link back is written with its audit record.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { findCaseBriefs, listCategories, registerCase } from '../../cases/index.ts';
import { VISIT_PLACE_KIND_NAMES } from '../../../../common/grid-tasks.ts';
import { linkVisitCase, type PatrolRow, type VisitRow } from '../patrols.repository.ts';
import { copyVisitPhotos } from './copy-visit-photos.ts';

export const PATROL_SYSTEM = 'patrol';

export interface VisitCase {
  caseId: number;
  caseNumber: string;
  created: boolean;
  /** The visit's photos attached to the case by this request, and those that could not be. */
  photosCopied: number;
  photosFailed: number;
}

export async function visitToCase(
  ctx: AppContext,
  actor: Actor,
  patrol: PatrolRow,
  visit: VisitRow,
  categoryCode: string,
  clientIp: string | null,
): Promise<VisitCase> {
  if (visit.caseId !== null) {
    const brief = (await findCaseBriefs(ctx.db, [visit.caseId])).get(visit.caseId);
    return { caseId: visit.caseId, caseNumber: brief?.number ?? '', created: false, photosCopied: 0, photosFailed: 0 };
  }
  if (visit.finding === null) throw new AppError('VISIT_NO_FINDING');
  // The category decides the kind; an unknown one is refused by intake's own check.
  const kind = (await listCategories(ctx.db)).find((c) => c.code === categoryCode)?.kind ?? '';
  const description = [
    `巡查走访发现（${VISIT_PLACE_KIND_NAMES[visit.placeKind].zh}：${visit.place}）：${visit.finding}`,
    `走访对象：${visit.met}`,
    `走访情况：${visit.situation}`,
  ].join('\n');
  const registered = await registerCase(
    ctx,
    actor,
    {
      kind,
      categoryCode,
      channel: 'grid_patrol',
      description,
      // The patrolled grid, not the grid the check-in point locates: a point by a boundary may fall
      // in a neighbouring grid that is not the worker's.
      unitId: patrol.unitId,
      address: visit.address ?? visit.place,
      externalRef: { system: PATROL_SYSTEM, id: `visit-${visit.id}` },
    },
    clientIp,
  );
  const row = registered.row;
  const now = ctx.clock.now();
  const linked = await ctx.db.transaction().execute(async (trx) => {
    const done = await linkVisitCase(trx, visit.id, row.id);
    if (done) {
      await ctx.audit.append(
        trx,
        {
          actor: auditActorOf(actor, 'patrol:record'),
          action: 'patrol.visit_to_case',
          subjectType: 'patrol_visit',
          subjectId: visit.id,
          outcome: 'success',
          clientIp,
          details: { patrolId: patrol.id, caseId: row.id, caseNumber: row.number, categoryCode },
        },
        now,
      );
    }
    return done;
  });
  if (!linked && !registered.replayed) throw new AppError('VERSION_CONFLICT');
  // Only the request that linked the case copies the photos: a retry does not attach them twice.
  const photos = linked ? await copyVisitPhotos(ctx, actor, visit.id, row.id, clientIp) : { copied: 0, failed: 0 };
  return {
    caseId: row.id,
    caseNumber: row.number,
    created: linked && !registered.replayed,
    photosCopied: photos.copied,
    photosFailed: photos.failed,
  };
}
