// Reference data every install needs, loaded once into an empty database: the province's regions
// and standard units, the official calendar, and the categories with their responsibility list.
import type { AppContext } from './context.ts';
import { loadRegions, type LoadRegionsResult } from './modules/org/index.ts';
import { seedCalendar } from './modules/calendar/index.ts';
import { seedCategories } from './modules/cases/index.ts';

export async function loadReferenceData(ctx: AppContext): Promise<LoadRegionsResult> {
  const regions = await loadRegions(ctx);
  await seedCalendar(ctx.db, ctx.clock.now());
  await seedCategories(ctx.db);
  return regions;
}
