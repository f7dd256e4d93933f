// The official calendar's exceptions (holidays, swapped working days), seeded from data/ and
// edited by admins for years not yet shipped.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Db, Trx } from '../../context.ts';
import { referenceDataDir } from '../../platform/paths.ts';
import { calendarOf, type DayKind, type WorkCalendar } from '../../platform/calendar/working-days.ts';

/** The calendar as last read, with the revision token it was read at (see calendar_revision). */
let cached: { token: string; calendar: WorkCalendar } | null = null;

/**
 * The working-day calendar. Every intake and deadline needs it, so it is kept in memory and
 * re-read only when the database's revision token moved (any change to calendar_day, from any
 * process, gives it a new random value): one single-row read instead of the whole table.
 */
export async function loadWorkCalendar(db: Db | Trx): Promise<WorkCalendar> {
  const revision = await db.selectFrom('calendar_revision').select('token').where('id', '=', 1).executeTakeFirst();
  if (revision && cached?.token === revision.token) return cached.calendar;
  const rows = await db.selectFrom('calendar_day').select(['day', 'kind']).execute();
  const calendar = calendarOf(new Map(rows.map((r) => [r.day, r.kind])));
  if (revision) cached = { token: revision.token, calendar };
  return calendar;
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
