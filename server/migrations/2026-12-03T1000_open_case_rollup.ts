// What is overdue, in the rollups. The dashboard's on-time rate left out the cases still open
// after their handling deadline (so it read 100 % beside hundreds of overdue cases), and nothing
// counted overdue cases but a scan of them. Both depend on the time of reading, not only on the
// row: case_stat_open counts the open cases (registered, dispatched, in progress) per region (down
// to the township), Beijing day of registration, status, and their stage and handling deadlines —
// deadlines are ends of working days, so few distinct values — and a reader adds up the rows whose
// deadline has passed. Triggers keep it exact in the writing transaction, honour the bulk load's
// pause (case_stat_pause) and delete rows that fall to zero, so the table holds only what is open.
// The rules are those of server/modules/cases/kpi.ts (`open`, and the deadlines `overdue` and
// `overdueInHandling` compare), copied here as SQL: kpi-rollups.test.ts holds the two together.
// Frozen in time: this file must never import application code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const OPEN = `('registered', 'dispatched', 'in_progress')`;
/** Townships and above: the regions the dashboard reads totals for. */
const DEPTH = 4;
const KEY = 'region_path, day, status, stage_deadline, handle_deadline';
const NOT_PAUSED = 'not exists (select 1 from case_stat_pause)';

// ---------------------------------------------------------------------------------------------
// SQLite

const sqliteDay = (r: string) => `date(${r}.created_at, '+8 hours')`;
const sqliteRegionIds = (r: string) =>
  `(select value from json_each('[' || replace(trim(${r}.region_path, '/'), '/', ',') || ']') where key < ${DEPTH})`;
/** The key columns of row `r`'s contribution, besides its region. */
const sqliteKey = (r: string) =>
  `${sqliteDay(r)}, ${r}.status, coalesce(${r}.stage_deadline, ''), coalesce(${r}.handle_deadline, '')`;

function sqliteAdd(r: string, sign: number): string {
  return `insert into case_stat_open (${KEY}, n)
    select o.path, ${sqliteKey(r)}, ${sign} from org_unit o
    where o.id in ${sqliteRegionIds(r)} and ${r}.status in ${OPEN}
    on conflict (${KEY}) do update set n = n + excluded.n;`;
}

function sqliteDropEmpty(r: string): string {
  return `delete from case_stat_open where n = 0 and ${r}.status in ${OPEN}
    and (${KEY}) in (select o.path, ${sqliteKey(r)} from org_unit o where o.id in ${sqliteRegionIds(r)});`;
}

const KEY_COLUMNS = ['status', 'stage_deadline', 'handle_deadline', 'region_path', 'created_at'];

async function sqliteUp(db: AnyDb): Promise<void> {
  const changed = KEY_COLUMNS.map((c) => `old.${c} is not new.${c}`).join(' or ');
  const triggers = [
    `create trigger case_stat_open_insert after insert on case_record
      when new.status in ${OPEN} and ${NOT_PAUSED} begin ${sqliteAdd('new', 1)} end`,
    `create trigger case_stat_open_update after update on case_record
      when (${changed}) and ${NOT_PAUSED} begin
      ${sqliteAdd('old', -1)} ${sqliteAdd('new', 1)} ${sqliteDropEmpty('old')} end`,
    `create trigger case_stat_open_delete after delete on case_record
      when old.status in ${OPEN} and ${NOT_PAUSED} begin ${sqliteAdd('old', -1)} ${sqliteDropEmpty('old')} end`,
  ];
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: old and new contributions in one statement ordered by key, so two transactions
// moving cases between the same rows lock them in the same order (case_stat_day and
// case_stat_regions are migration 2026-11-27T1600's).

const PG_FUNCTION = `
create function case_stat_open_on_case() returns trigger language plpgsql as $$
begin
  if exists (select 1 from case_stat_pause) then return null; end if;
  insert into case_stat_open as s (${KEY}, n)
  select o.path, d.day, d.status, d.stage_deadline, d.handle_deadline, sum(d.sign)
  from (
    select old.region_path, case_stat_day(old.created_at) as day, old.status,
      coalesce(old.stage_deadline, '') as stage_deadline, coalesce(old.handle_deadline, '') as handle_deadline, -1 as sign
      where tg_op in ('UPDATE', 'DELETE') and old.status in ${OPEN}
    union all
    select new.region_path, case_stat_day(new.created_at), new.status,
      coalesce(new.stage_deadline, ''), coalesce(new.handle_deadline, ''), 1
      where tg_op in ('INSERT', 'UPDATE') and new.status in ${OPEN}
  ) d
  join org_unit o on o.id = any((case_stat_regions(d.region_path))[1:${DEPTH}])
  group by o.path, d.day, d.status, d.stage_deadline, d.handle_deadline
  order by o.path, d.day, d.status, d.stage_deadline, d.handle_deadline
  on conflict (${KEY}) do update set n = s.n + excluded.n;
  -- Only rows this transaction has just updated (and so holds) can have fallen to zero.
  if tg_op in ('UPDATE', 'DELETE') and old.status in ${OPEN} then
    delete from case_stat_open s using org_unit o
    where o.id = any((case_stat_regions(old.region_path))[1:${DEPTH}])
      and s.region_path = o.path and s.day = case_stat_day(old.created_at) and s.status = old.status
      and s.stage_deadline = coalesce(old.stage_deadline, '') and s.handle_deadline = coalesce(old.handle_deadline, '')
      and s.n = 0;
  end if;
  return null;
end
$$;

create trigger case_stat_open_on_case after insert or delete on case_record
  for each row execute function case_stat_open_on_case();
create trigger case_stat_open_on_case_update after update on case_record for each row
  when (${KEY_COLUMNS.map((c) => `old.${c} is distinct from new.${c}`).join(' or ')})
  execute function case_stat_open_on_case();
`;

// ---------------------------------------------------------------------------------------------

async function backfill(db: AnyDb, pg: boolean): Promise<void> {
  const day = pg ? `case_stat_day(c.created_at)` : sqliteDay('c');
  const regions = pg
    ? `org_unit o on o.id = any((case_stat_regions(g.region_path))[1:${DEPTH}])`
    : `org_unit o on o.id in ${sqliteRegionIds('g')}`;
  await sql
    .raw(
      `insert into case_stat_open (${KEY}, n)
      select o.path, g.day, g.status, g.stage_deadline, g.handle_deadline, sum(g.n)
      from (
        select c.region_path, ${day} as day, c.status, coalesce(c.stage_deadline, '') as stage_deadline,
          coalesce(c.handle_deadline, '') as handle_deadline, count(*) as n
        from case_record c where c.status in ${OPEN}
        group by c.region_path, ${day}, c.status, coalesce(c.stage_deadline, ''), coalesce(c.handle_deadline, '')
      ) g join ${regions}
      group by o.path, g.day, g.status, g.stage_deadline, g.handle_deadline`,
    )
    .execute(db);
}

export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  const text = pg ? sql`text collate "C"` : sql`text`;
  await db.schema
    .createTable('case_stat_open')
    .addColumn('region_path', text, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // Instants compared with `now` by their text: collation "C" compares them byte by byte.
    .addColumn('stage_deadline', text, (c) => c.notNull())
    .addColumn('handle_deadline', text, (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_stat_open_pk', ['region_path', 'day', 'status', 'stage_deadline', 'handle_deadline'])
    .modifyEnd(pg ? sql`` : sql`without rowid`)
    .execute();
  await backfill(db, pg);
  if (pg) await sql.raw(PG_FUNCTION).execute(db);
  else await sqliteUp(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql
      .raw(
        `drop trigger case_stat_open_on_case on case_record; drop trigger case_stat_open_on_case_update on case_record;
        drop function case_stat_open_on_case();`,
      )
      .execute(db);
  } else {
    for (const name of ['case_stat_open_insert', 'case_stat_open_update', 'case_stat_open_delete'])
      await sql.raw(`drop trigger ${name}`).execute(db);
  }
  await db.schema.dropTable('case_stat_open').execute();
}
