// The official calendar's exceptions (holidays, swapped working days), seeded from data/ and
// edited by admins for years not yet shipped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db, Trx } from '../../context.ts';
import { referenceDataDir } from '../../platform/paths.ts';
import { calendarOf, type DayKind, type WorkCalendar } from '../../platform/calendar/working-days.ts';

export async function loadWorkCalendar(db: Db | Trx): Promise<WorkCalendar> {
  const rows = await db.selectFrom('calendar_day').select(['day', 'kind']).execute();
  return calendarOf(new Map(rows.map((r) => [r.day, r.kind])));
}

export async function seedCalendar(db: Db, now: Date): Promise<number> {
  const existing = await db.selectFrom('calendar_day').select('day').limit(1).executeTakeFirst();
  if (existing) return 0;
  const file = JSON.parse(readFileSync(path.join(referenceDataDir, 'calendar-cn.json'), 'utf8')) as {
    days: Record<string, [DayKind, string]>;
  };
  const rows = Object.entries(file.days).map(([day, [kind, name]]) => ({
    day,
    kind,
    name,
    updated_at: now.toISOString(),
  }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('calendar_day')
        .values(rows.slice(i, i + 200))
        .execute();
    }
  });
  return rows.length;
}
