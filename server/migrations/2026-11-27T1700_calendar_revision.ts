// A revision token for the working-day calendar. Every intake and every deadline reads the whole
// calendar; reading one row instead lets a process keep the calendar in memory and reload it only
// when the token changed. Triggers give the token a new random value on every change to
// calendar_day, whoever makes it (an admin in another process, a seed, a migration).
// Frozen in time: this file must never import application code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

export async function up(db: AnyDb): Promise<void> {
  await db.schema
    .createTable('calendar_revision')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('token', 'text', (c) => c.notNull())
    .execute();
  if (isPostgres(db)) {
    await sql`insert into calendar_revision (id, token) values (1, gen_random_uuid()::text)`.execute(db);
    await sql`create function calendar_revision_bump() returns trigger language plpgsql as $$
      begin
        update calendar_revision set token = gen_random_uuid()::text where id = 1;
        return null;
      end $$`.execute(db);
    await sql`create trigger calendar_day_changed after insert or update or delete or truncate on calendar_day
      for each statement execute function calendar_revision_bump()`.execute(db);
    return;
  }
  await sql`insert into calendar_revision (id, token) values (1, hex(randomblob(16)))`.execute(db);
  for (const event of ['insert', 'update', 'delete']) {
    await sql
      .raw(
        `create trigger calendar_day_${event} after ${event} on calendar_day
         begin update calendar_revision set token = hex(randomblob(16)) where id = 1; end`,
      )
      .execute(db);
  }
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger if exists calendar_day_changed on calendar_day`.execute(db);
    await sql`drop function if exists calendar_revision_bump()`.execute(db);
  } else {
    for (const event of ['insert', 'update', 'delete'])
      await sql.raw(`drop trigger if exists calendar_day_${event}`).execute(db);
  }
  await db.schema.dropTable('calendar_revision').execute();
}
