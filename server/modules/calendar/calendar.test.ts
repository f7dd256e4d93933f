// The working-day calendar is kept in memory; a change made anywhere (this process, another app
// process on the same database, a script) is seen by the next deadline computed.
import { expect, it } from 'vitest';
import { sql } from 'kysely';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { openDatabase } from '../../platform/db/database.ts';
import type { DB } from '../../schema.ts';
import { loadWorkCalendar } from './calendar.repository.ts';

describeEachDialect('working-day calendar cache', (get) => {
  it('sees a holiday added or removed by another connection at the next read', async () => {
    const { ctx, database } = get();
    // Monday 2027-03-15: an ordinary working day.
    expect((await loadWorkCalendar(ctx.db)).isWorkingDay('2027-03-15')).toBe(true);
    const other = openDatabase<DB>({ url: database.url, sqlitePath: database.sqlitePath, poolSize: 1 });
    try {
      await sql`insert into calendar_day (day, kind, name, updated_at) values ('2027-03-15', 'holiday', '测试假日', '2026-11-27T00:00:00Z')`.execute(
        other.db,
      );
      expect((await loadWorkCalendar(ctx.db)).isWorkingDay('2027-03-15')).toBe(false);
      await sql`update calendar_day set kind = 'workday' where day = '2027-03-15'`.execute(other.db);
      expect((await loadWorkCalendar(ctx.db)).isWorkingDay('2027-03-15')).toBe(true);
      // Saturday made a working day, then the exception removed again.
      await sql`insert into calendar_day (day, kind, name, updated_at) values ('2027-03-20', 'workday', '调休', '2026-11-27T00:00:00Z')`.execute(
        other.db,
      );
      expect((await loadWorkCalendar(ctx.db)).isWorkingDay('2027-03-20')).toBe(true);
      await sql`delete from calendar_day where day in ('2027-03-15', '2027-03-20')`.execute(other.db);
      const calendar = await loadWorkCalendar(ctx.db);
      expect(calendar.isWorkingDay('2027-03-20')).toBe(false);
      expect(calendar.isWorkingDay('2027-03-15')).toBe(true);
    } finally {
      await other.close();
    }
  });
});
