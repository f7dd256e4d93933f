// 入户走访: a visit made on an open patrol to a household or an enterprise — the place, who was met,
// what the worker saw, and any problem found (which may become a case); an optional check-in point.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { toGcj02, type Crs } from '../../org/index.ts';
import { placeKey, type VisitPlaceKind } from '../../../../common/grid-tasks.ts';
import { findHouse } from '../../people/index.ts';
import { insertVisit, type PatrolRow } from '../patrols.repository.ts';

export interface VisitInput {
  placeKind: VisitPlaceKind;
  place: string;
  address?: string | undefined;
  met: string;
  situation: string;
  finding?: string | undefined;
  /** A base-data house of the patrolled grid (households only). */
  houseId?: number | undefined;
  location?: { lng: number; lat: number; crs?: Crs | undefined } | undefined;
}

const clean = (text: string | undefined) => {
  const t = text?.trim();
  return t ? t : null;
};

export async function recordVisit(
  ctx: AppContext,
  actor: Actor,
  patrol: PatrolRow,
  input: VisitInput,
  clientIp: string | null,
): Promise<number> {
  if (patrol.status !== 'open') throw new AppError('PATROL_FINISHED', undefined, { finishedAt: patrol.finishedAt });
  if (input.houseId !== undefined) {
    const house = await findHouse(ctx.db, input.houseId);
    // One answer for a house that does not exist, lies elsewhere or is named for an enterprise: the
    // worker learns nothing about houses outside its grid.
    if (!house || input.placeKind !== 'household' || !house.unit_path.startsWith(patrol.unitPath)) {
      throw new AppError('VISIT_HOUSE_NOT_IN_GRID', undefined, { field: 'houseId' });
    }
  }
  const point = input.location ? toGcj02(input.location.lng, input.location.lat, input.location.crs ?? 'gcj02') : null;
  const now = ctx.clock.now();
  const at = now.toISOString();
  const place = input.place.trim();
  return ctx.db.transaction().execute(async (trx) => {
    const id = await insertVisit(trx, {
      patrol_id: patrol.id,
      place_kind: input.placeKind,
      place,
      place_key: placeKey(place),
      address: clean(input.address),
      met: input.met.trim(),
      situation: input.situation.trim(),
      finding: clean(input.finding),
      lng: point ? point[0] : null,
      lat: point ? point[1] : null,
      visited_at: at,
      house_id: input.houseId ?? null,
      created_by: actor.userId,
      created_at: at,
    });
    await ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'patrol:record'),
        action: 'patrol.visit',
        subjectType: 'patrol_visit',
        subjectId: id,
        outcome: 'success',
        clientIp,
        details: {
          patrolId: patrol.id,
          placeKind: input.placeKind,
          finding: input.finding?.trim() ? true : false,
          houseId: input.houseId ?? null,
        },
      },
      now,
    );
    return id;
  });
}
