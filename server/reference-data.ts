// Reference data every install needs, loaded once into an empty database: the province's regions
// and standard units, the official calendar, the categories with their responsibility list, and the
// legal library's statutes.
import type { AppContext } from './context.ts';
import { loadRegions, type LoadRegionsResult } from './modules/org/index.ts';
import { seedCalendar } from './modules/calendar/index.ts';
import { seedCategories } from './modules/cases/index.ts';
import { loadLegalLibrary } from './modules/legal/index.ts';

export async function loadReferenceData(ctx: AppContext): Promise<LoadRegionsResult> {
  const regions = await loadRegions(ctx);
  await seedCalendar(ctx.db, ctx.clock.now());
  await seedCategories(ctx.db);
  // The statutes are loaded again whenever data/legal/ changes (an amendment, another law).
  await loadLegalLibrary(ctx);
  return regions;
}
