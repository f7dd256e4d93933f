// Adds the demo county's grids (basic: one per village or community; dedicated: school,
// hospital, market, elderly care, work safety) with their polygons. Idempotent.
import type { AppContext } from '../../../context.ts';
import type { OrgGeometryTable, OrgUnitTable } from '../org.table.ts';
import { findUnitByCode, findUnitsByCodes, geometryRow, insertLoadedUnits, maxUnitId } from '../org.repository.ts';
import { readDemoGrids } from '../reference-data.ts';
import type { Insertable } from 'kysely';

export async function loadDemoGrids(ctx: AppContext): Promise<number> {
  const file = readDemoGrids();
  const first = file.grids[0];
  if (!first || (await findUnitByCode(ctx.db, first.code))) return 0;
  const villages = new Map(
    (await findUnitsByCodes(ctx.db, [...new Set(file.grids.map((g) => g.villageCode))])).map((v) => [v.code, v]),
  );
  const now = ctx.clock.now().toISOString();
  let nextId = (await maxUnitId(ctx.db)) + 1;
  const units: (Insertable<OrgUnitTable> & { id: number })[] = [];
  const geometries: OrgGeometryTable[] = [];
  for (const grid of file.grids) {
    const village = villages.get(grid.villageCode);
    if (!village) throw new Error(`grid ${grid.code}: village ${grid.villageCode} is not loaded`);
    const id = nextId++;
    units.push({
      id,
      code: grid.code,
      name: grid.name,
      type: 'region',
      kind: grid.kind,
      level: 'grid',
      parent_id: village.id,
      path: `${village.path}${id}/`,
      depth: village.depth + 1,
      created_at: now,
    });
    geometries.push(geometryRow(id, true, grid.coordinates));
  }
  await ctx.db.transaction().execute(async (trx) => {
    await insertLoadedUnits(trx, ctx.dialect, units, geometries);
    await ctx.audit.append(
      trx,
      {
        actor: null,
        action: 'org.load_demo_grids',
        subjectType: 'org_unit',
        subjectId: file.county,
        outcome: 'success',
        details: { grids: units.length },
      },
      ctx.clock.now(),
    );
  });
  return units.length;
}
