// 排查超期预警: for every grid and village whose last schedule period has ended without a
// screening, a yellow `screening_overdue` warning on the unit — once per unit and period: the
// notice row is written with the warning in one transaction, so a warning closed later is not
// raised again by the next run, and two processes cannot both raise it (the primary key decides).
import type { AppContext } from '../../../context.ts';
import { raiseWarning } from '../../warnings/index.ts';
import { loadSchedules, scheduleAt, scheduleRoots, screenedPeriods } from '../screening.repository.ts';
import { screeningUnits } from '../screening-coverage.ts';
import { lastEndedPeriod, periodEnd } from '../screening-periods.ts';

export interface OverdueSweep {
  raised: number;
}

export async function raiseOverdueScreenings(ctx: AppContext, now: Date = ctx.clock.now()): Promise<OverdueSweep> {
  const schedules = await loadSchedules(ctx.db);
  // Only where a schedule applies: the areas that have set up screening.
  const roots = scheduleRoots(schedules);
  let raised = 0;
  for (const root of roots) {
    const units = await screeningUnits(ctx.db, root.path);
    if (units.length === 0) continue;
    const plans = units.flatMap((u) => {
      const schedule = scheduleAt(u.path, schedules);
      if (!schedule) return [];
      const period = lastEndedPeriod(schedule.frequency, now);
      // A period that had ended before its schedule was set was never due: no flood of warnings
      // the day an area sets up screening.
      if (periodEnd(period) <= schedule.updatedAt) return [];
      return [{ unit: u, frequency: schedule.frequency, period }];
    });
    if (plans.length === 0) continue;
    const periods = [...new Set(plans.map((p) => p.period))];
    const done = new Set((await screenedPeriods(ctx.db, root.path, periods)).map((s) => `${s.unitId}:${s.period}`));
    const noticed = new Set(
      (
        await ctx.db
          .selectFrom('screening_overdue_notice')
          .select(['unit_id', 'period'])
          .where('period', 'in', periods)
          .execute()
      ).map((n) => `${n.unit_id}:${n.period}`),
    );
    for (const { unit, frequency, period } of plans) {
      const key = `${unit.id}:${period}`;
      if (done.has(key) || noticed.has(key)) continue;
      const what = frequency === 'weekly' ? `${period} 起的一周` : `${period} 月`;
      const whatEn = frequency === 'weekly' ? `the week of ${period}` : `the month ${period}`;
      const inserted = await ctx.db.transaction().execute(async (trx) => {
        const claimed = await trx
          .insertInto('screening_overdue_notice')
          .values({ unit_id: unit.id, period, warning_id: 0, raised_at: now.toISOString() })
          .onConflict((oc) => oc.columns(['unit_id', 'period']).doNothing())
          .executeTakeFirst();
        if (Number(claimed.numInsertedOrUpdatedRows ?? 0) === 0) return false;
        const warning = await raiseWarning(trx, ctx, {
          kind: 'screening_overdue',
          level: 'yellow',
          unitId: unit.id,
          situationKey: `unit:${unit.id}:${period}`,
          title: { zh: `${unit.name}未按期排查`, en: `${unit.name} has not screened` },
          explanation: {
            zh: `${unit.name}按${frequency === 'weekly' ? '每周' : '每月'}排查，${what}没有排查记录`,
            en: `${unit.name} screens ${frequency}; there is no screening for ${whatEn}`,
          },
          caseIds: [],
          at: now,
        });
        await trx
          .updateTable('screening_overdue_notice')
          .set({ warning_id: warning.id })
          .where('unit_id', '=', unit.id)
          .where('period', '=', period)
          .execute();
        return true;
      });
      if (inserted) raised++;
    }
  }
  return { raised };
}
