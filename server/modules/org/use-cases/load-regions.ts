// Loads the province's division tree and every region's standard units (centre, departments,
// court, police, mediation committees) with city and county boundaries. Runs once on an empty
// database, in one transaction: a failed load leaves nothing behind.
import type { Insertable } from 'kysely';
import type { AppContext } from '../../../context.ts';
import type { OrgGeometryTable, OrgUnitTable, UnitLevel } from '../org.table.ts';
import { geometryRow, insertLoadedUnits, maxUnitId } from '../org.repository.ts';
import { readBoundaries, readDivisions, STANDARD_UNITS, villagesOf } from '../reference-data.ts';

type NewUnit = Insertable<OrgUnitTable> & { id: number };

export interface LoadRegionsResult {
  loaded: boolean;
  regions: number;
  units: number;
}

export async function loadRegions(ctx: AppContext): Promise<LoadRegionsResult> {
  const existing = await ctx.db
    .selectFrom('org_unit')
    .select('id')
    .where('level', '=', 'province')
    .where('type', '=', 'region')
    .executeTakeFirst();
  if (existing) return { loaded: false, regions: 0, units: 0 };

  const divisions = readDivisions();
  const now = ctx.clock.now().toISOString();
  let nextId = (await maxUnitId(ctx.db)) + 1;
  const rows: NewUnit[] = [];
  const byCode = new Map<string, NewUnit>();
  let regionCount = 0;

  const add = (
    parent: NewUnit | undefined,
    unit: Pick<NewUnit, 'code' | 'name' | 'type' | 'kind' | 'level'>,
  ): NewUnit => {
    const id = nextId++;
    const row: NewUnit = {
      ...unit,
      id,
      parent_id: parent?.id ?? null,
      path: `${parent?.path ?? '/'}${id}/`,
      depth: (parent?.depth ?? -1) + 1,
      created_at: now,
    };
    rows.push(row);
    byCode.set(row.code, row);
    return row;
  };
  const addRegion = (parent: NewUnit | undefined, code: string, name: string, level: UnitLevel): NewUnit => {
    regionCount++;
    return add(parent, { code, name, type: 'region', kind: null, level });
  };
  const addStandardUnits = (region: NewUnit, level: keyof typeof STANDARD_UNITS): void => {
    for (const standard of STANDARD_UNITS[level]) {
      add(region, {
        code: `${region.code}-${standard.suffix}`,
        name: standard.name(region.name),
        type: standard.type,
        kind: standard.kind,
        level,
      });
    }
  };

  const province = addRegion(undefined, divisions.province.code, divisions.province.name, 'province');
  addStandardUnits(province, 'province');
  for (const [code, name] of divisions.cities) {
    addStandardUnits(addRegion(province, code, name, 'city'), 'city');
  }
  for (const [code, name] of divisions.counties) {
    const city = byCode.get(code.slice(0, 4));
    if (!city) throw new Error(`county ${code} has no city`);
    addStandardUnits(addRegion(city, code, name, 'county'), 'county');
  }
  for (const [code, name] of divisions.townships) {
    const county = byCode.get(code.slice(0, 6));
    if (!county) throw new Error(`township ${code} has no county`);
    const township = addRegion(county, code, name, 'township');
    addStandardUnits(township, 'township');
    for (const [villageCode, villageName] of villagesOf(divisions, code)) {
      addRegion(township, villageCode, villageName, 'village');
    }
  }

  const geometries: OrgGeometryTable[] = [];
  for (const feature of readBoundaries().features) {
    const unit = byCode.get(feature.code);
    if (!unit) continue;
    geometries.push(geometryRow(unit.id, false, feature.coordinates));
  }

  await ctx.db.transaction().execute(async (trx) => {
    await insertLoadedUnits(trx, ctx.dialect, rows, geometries);
    await ctx.audit.append(
      trx,
      {
        actor: null,
        action: 'org.load_regions',
        subjectType: 'org_unit',
        subjectId: province.id,
        outcome: 'success',
        details: { source: divisions.source, regions: regionCount, units: rows.length - regionCount },
      },
      ctx.clock.now(),
    );
  });
  return { loaded: true, regions: regionCount, units: rows.length - regionCount };
}
