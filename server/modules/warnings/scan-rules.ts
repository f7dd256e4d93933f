// The rules that look across cases over time, run by the periodic job (main.ts) and on demand
// (POST /api/v1/warnings/scan): category hot spots per grid and per township, and agreements found
// broken at follow-up (also raised at once by the follow-up itself: breach-rule.ts). Re-running them is harmless: a situation already warned of is updated only
// when something changed (raiseWarning), so the job may run as often as it likes.
import type { AppContext } from '../../context.ts';
import { pathIds } from '../../platform/db/subtree.ts';
import { caseIdsInPlace, categoryCountsByPlace, listCategories } from '../cases/index.ts';
import { brokenAgreementsSince } from '../mediation/index.ts';
import { raiseBreachWarning } from './breach-rule.ts';
import { findUnitsByIds, type OrgUnitRow } from '../org/index.ts';
import { raiseWarning } from './use-cases/raise-warning.ts';
import { loadSettings } from './warning-settings.ts';
import { hotSpotTest } from './hot-spot-test.ts';

const DAY_MS = 86_400_000;
/** Follow-ups recorded this far back are looked at again by every run (the job may have been down). */
const BREACH_LOOKBACK_DAYS = 30;

export interface ScanResult {
  hotSpots: number;
  breaches: number;
}

export async function scanWarnings(ctx: AppContext): Promise<ScanResult> {
  const settings = await loadSettings(ctx.db);
  const now = ctx.clock.now();
  // The recent window ends with this instant included (a case registered this very millisecond counts).
  const end = new Date(now.getTime() + 1).toISOString();
  const result: ScanResult = { hotSpots: 0, breaches: 0 };

  const hot = settings.get('hot_spot');
  if (hot?.enabled && hot.windowDays && hot.baselineDays && hot.minCount !== null && hot.pValue !== null) {
    const recentFrom = new Date(now.getTime() - hot.windowDays * DAY_MS);
    const baselineFrom = new Date(recentFrom.getTime() - hot.baselineDays * DAY_MS);
    const rows = await categoryCountsByPlace(ctx.db, {
      baselineFrom: baselineFrom.toISOString(),
      recentFrom: recentFrom.toISOString(),
      to: end,
    });
    const units = new Map(
      (await findUnitsByIds(ctx.db, [...new Set(rows.flatMap((r) => pathIds(r.regionPath)))])).map((u) => [u.id, u]),
    );
    // Sum per (grid or township, category): a case counts for its grid and for its township.
    const places = new Map<string, { unit: OrgUnitRow; categoryCode: string; recent: number; baseline: number }>();
    for (const row of rows) {
      for (const id of pathIds(row.regionPath)) {
        const unit = units.get(id);
        if (!unit || unit.type !== 'region' || (unit.level !== 'grid' && unit.level !== 'township')) continue;
        const key = `${unit.id}:${row.categoryCode}`;
        const place = places.get(key) ?? { unit, categoryCode: row.categoryCode, recent: 0, baseline: 0 };
        place.recent += row.recent;
        place.baseline += row.baseline;
        places.set(key, place);
      }
    }
    const categoryNames = new Map((await listCategories(ctx.db)).map((c) => [c.code, c.name]));
    for (const place of places.values()) {
      const test = hotSpotTest(
        place,
        { recentDays: hot.windowDays, baselineDays: hot.baselineDays },
        { minCount: hot.minCount, pValue: hot.pValue },
      );
      if (!test.hot) continue;
      const caseIds = await caseIdsInPlace(ctx.db, {
        regionPath: place.unit.path,
        categoryCode: place.categoryCode,
        from: recentFrom.toISOString(),
        to: end,
      });
      const name = categoryNames.get(place.categoryCode) ?? place.categoryCode;
      const expected = test.expected.toFixed(1);
      const p = test.p < 1e-6 ? '<0.000001' : test.p.toPrecision(2);
      await ctx.db.transaction().execute((trx) =>
        raiseWarning(trx, ctx, {
          kind: 'hot_spot',
          level: hot.level,
          unitId: place.unit.id,
          situationKey: `unit:${place.unit.id}:${place.categoryCode}`,
          title: { zh: `类别突增：${place.unit.name}“${name}”`, en: `Hot spot: ${name} in ${place.unit.name}` },
          explanation: {
            zh: `${place.unit.name}近${hot.windowDays}天“${name}”${place.recent}件，按前${hot.baselineDays}天${place.baseline}件的水平预计${expected}件，泊松检验 p=${p}（低于${hot.pValue}即预警）。`,
            en: `${place.recent} "${name}" cases in ${place.unit.name} in the last ${hot.windowDays} days against ${expected} expected from ${place.baseline} in the ${hot.baselineDays} days before (Poisson upper tail p=${p}, threshold ${hot.pValue}).`,
          },
          caseIds,
          at: now,
        }),
      );
      result.hotSpots++;
    }
  }

  const breach = settings.get('agreement_breach');
  if (breach?.enabled) {
    const since = new Date(now.getTime() - BREACH_LOOKBACK_DAYS * DAY_MS).toISOString();
    for (const broken of await brokenAgreementsSince(ctx.db, since)) {
      const raised = await ctx.db
        .transaction()
        .execute((trx) => raiseBreachWarning(ctx, trx, broken, breach.level, now));
      if (!raised) continue;
      result.breaches++;
    }
  }
  return result;
}
