// The public results are kept, not computed per request (ADR 0015): one row per region and period
// in public_result_snapshot, shared by every process (issue 20: several app processes behind one
// address), and in each process a short memo of the answers it gave, so that a burst of anonymous
// requests costs no query at all. A row older than SNAPSHOT_MAX_AGE_MS is still served while one
// request per process recomputes it in the background (single flight); a missing row is computed
// once however many requests ask for it at the same moment. The job below keeps the default page's
// rows fresh, so that in practice no anonymous request ever waits for a computation.
import type { AppContext } from '../../context.ts';
import { currentMonth, previousPeriod, type ReportPeriod } from '../../../common/period.ts';
import { pathIds } from '../../platform/db/subtree.ts';
import { findUnitById, findUnitsByIds, listUnits, type OrgUnitRow } from '../org/index.ts';
import { computeArea } from './compute-results.ts';
import type { PublicAreaT } from './transparency.schemas.ts';

/** How old a kept result may be before it is recomputed (it is still served meanwhile). */
export const SNAPSHOT_MAX_AGE_MS = 10 * 60_000;
/** How long a process answers from its memo without looking at the table. */
export const MEMO_MS = 30_000;
/** Answers a process keeps in its memo at most (the oldest go first): a few MB. */
export const MEMO_ENTRIES = 500;
/** The counties the page shows when it is not asked for one. */
export const MAX_DEFAULT_COUNTIES = 3;

export interface AreaKey {
  region: OrgUnitRow;
  county: OrgUnitRow;
}

/**
 * The counties shown by default: those the platform serves, known by their grids (网格 are drawn
 * only where the platform runs; the province's other counties are reference data), first by
 * official code; without grids, the first counties by code. Org queries only.
 */
export async function defaultCounties(ctx: AppContext): Promise<OrgUnitRow[]> {
  const counties: OrgUnitRow[] = [];
  let afterCode: string | undefined;
  while (counties.length < MAX_DEFAULT_COUNTIES) {
    const [grid] = await listUnits(ctx.db, { level: 'grid', scopePaths: ['/'], afterCode, limit: 1 });
    if (!grid) break;
    const county = (await findUnitsByIds(ctx.db, pathIds(grid.path))).find(
      (u) => u.level === 'county' && u.type === 'region',
    );
    if (!county) break;
    counties.push(county);
    // Past every code under the county's ('~' sorts after digits and '-').
    afterCode = `${county.code}~`;
  }
  if (counties.length > 0) return counties;
  return listUnits(ctx.db, { level: 'county', type: 'region', scopePaths: ['/'], limit: MAX_DEFAULT_COUNTIES });
}

/** The county a region belongs to (itself for a county). */
export async function countyOf(ctx: AppContext, region: OrgUnitRow): Promise<OrgUnitRow | undefined> {
  if (region.level === 'county') return region;
  const parent = region.parent_id === null ? undefined : await findUnitById(ctx.db, region.parent_id);
  return parent?.level === 'county' && parent.type === 'region' ? parent : undefined;
}

async function readSnapshot(ctx: AppContext, unitId: number, period: string) {
  return ctx.db
    .selectFrom('public_result_snapshot')
    .select(['body', 'computed_at'])
    .where('unit_id', '=', unitId)
    .where('period', '=', period)
    .executeTakeFirst();
}

/**
 * Computations run one at a time in a process: anonymous callers asking for many regions and
 * periods at once queue behind each other instead of all reading the case tables together.
 */
let computing: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = computing.then(work, work);
  computing = run.catch(() => undefined);
  return run;
}

/** Computes the area's results now and keeps them (replacing what was kept). */
export async function refreshSnapshot(ctx: AppContext, key: AreaKey, period: ReportPeriod): Promise<PublicAreaT> {
  const area = await oneAtATime(() => computeArea(ctx, key.region, key.county, period));
  const row = {
    unit_id: key.region.id,
    period: period.label,
    body: JSON.stringify(area),
    computed_at: area.computedAt,
  };
  await ctx.db
    .insertInto('public_result_snapshot')
    .values(row)
    .onConflict((oc) => oc.columns(['unit_id', 'period']).doUpdateSet({ body: row.body, computed_at: row.computed_at }))
    .execute();
  return area;
}

export class PublicResultsCache {
  private readonly memo = new Map<string, { value: PublicAreaT; until: number }>();
  private readonly loading = new Map<string, Promise<PublicAreaT>>();
  private readonly refreshing = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  private now(): number {
    return this.ctx.clock.now().getTime();
  }

  /** The area's results for the period: from the memo, else the kept row, else computed once. */
  area(key: AreaKey, period: ReportPeriod): Promise<PublicAreaT> {
    const id = `${key.region.id} ${period.label}`;
    const memo = this.memo.get(id);
    if (memo && memo.until > this.now()) return Promise.resolve(memo.value);
    const pending = this.loading.get(id);
    if (pending) return pending;
    const load = this.load(id, key, period).finally(() => this.loading.delete(id));
    this.loading.set(id, load);
    return load;
  }

  private remember(id: string, value: PublicAreaT): PublicAreaT {
    this.memo.delete(id);
    this.memo.set(id, { value, until: this.now() + MEMO_MS });
    // Maps keep insertion order: the first key is the one remembered longest ago.
    if (this.memo.size > MEMO_ENTRIES) this.memo.delete(this.memo.keys().next().value!);
    return value;
  }

  private async load(id: string, key: AreaKey, period: ReportPeriod): Promise<PublicAreaT> {
    const row = await readSnapshot(this.ctx, key.region.id, period.label);
    if (!row) return this.remember(id, await refreshSnapshot(this.ctx, key, period));
    if (this.now() - Date.parse(row.computed_at) > SNAPSHOT_MAX_AGE_MS && !this.refreshing.has(id)) {
      // Served stale while one background computation replaces it.
      const refresh = refreshSnapshot(this.ctx, key, period)
        .then((value) => this.remember(id, value))
        .catch(this.onError)
        .finally(() => this.refreshing.delete(id));
      this.refreshing.set(id, refresh);
    }
    return this.remember(id, JSON.parse(row.body) as PublicAreaT);
  }

  /** Waits for background refreshes (tests, shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.refreshing.values()]);
  }
}

/**
 * The job: keeps the default page's rows (each default county, this month and last) younger than
 * half their maximum age. Run by main.ts beside the sweeper.
 */
export async function refreshDefaultSnapshots(ctx: AppContext): Promise<number> {
  const now = ctx.clock.now();
  const month = currentMonth(now);
  const periods = [month, previousPeriod(month)];
  let refreshed = 0;
  for (const county of await defaultCounties(ctx)) {
    for (const period of periods) {
      const row = await readSnapshot(ctx, county.id, period.label);
      if (row && now.getTime() - Date.parse(row.computed_at) < SNAPSHOT_MAX_AGE_MS / 2) continue;
      await refreshSnapshot(ctx, { region: county, county }, period);
      refreshed++;
    }
  }
  return refreshed;
}
