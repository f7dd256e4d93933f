// Dashboard rollups without a hot row per county (issue 20, ADR 0039). On PostgreSQL the triggers
// of 2026-11-27T1600 and 2026-12-03T1000 updated the rows of (region, day, status …) in place for
// every region of the case — province, city, county, township, village — and held their row locks
// to the COMMIT: every intake of a county on one day waited for the one before. Here they append
// their +1/−1 to delta tables without a unique key instead (no transaction ever waits for another
// one's delta), a job folds the deltas into the base rows and deletes them in one transaction
// (server/modules/cases/stats-fold.ts), and readers add the base rows and the deltas not yet
// folded. SQLite keeps updating in place: it has one writer at a time (ADR 0006), so there is no
// lock to wait for; its delta tables stay empty and are read all the same.
// The rules are those of the two migrations above, copied (frozen in time: this file must never
// import application code, nor another migration).
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

const RESPONDING = (e: string) =>
  `(${e}.action in ('dispatch', 'accept') or (${e}.action = 'resolve' and ${e}.from_status = 'registered'))`;
const SAT = `('satisfied', 'basically_satisfied')`;
const OPEN = `('registered', 'dispatched', 'in_progress')`;
const STATUS_DEPTH = 5;
const CATEGORY_DEPTH = 4;
const OPEN_DEPTH = 4;
const STATUS_COUNTERS = 'n, responded, rated, satisfied, resolved_with_deadline, resolved_on_time';
const OPEN_KEY = 'region_path, day, status, stage_deadline, handle_deadline';

/** What a case adds to each counter of its status rows (sign: −1 old row, +1 new row). */
const STATUS_SUMS = [
  'd.sign',
  'd.sign * was_responded',
  'case when d.rating is not null then d.sign else 0 end',
  `case when d.rating in ${SAT} then d.sign else 0 end`,
  'case when d.resolved_at is not null and d.handle_deadline is not null then d.sign else 0 end',
  `case when d.resolved_at is not null and d.handle_deadline is not null and d.resolved_at <= d.handle_deadline
      then d.sign else 0 end`,
];

type Mode = 'delta' | 'in-place';

/** Where a trigger's contribution goes: appended to the delta table, or added to the base row. */
function target(mode: Mode, table: string, key: string, counters: string[]): { into: string; conflict: string } {
  if (mode === 'delta') return { into: `${table}_delta`, conflict: '' };
  return {
    into: `${table} as s`,
    conflict: `on conflict (${key}) do update set ${counters.map((c) => `${c} = s.${c} + excluded.${c}`).join(', ')}`,
  };
}

/** The trigger functions of both migrations above, writing in place (as they did) or deltas. */
function pgFunctions(mode: Mode): string {
  const counters = STATUS_COUNTERS.split(', ');
  const status = target(mode, 'case_stat_status', 'region_path, day, status', counters);
  const category = target(mode, 'case_stat_category', 'region_path, category_code, day', ['n']);
  const open = target(mode, 'case_stat_open', OPEN_KEY, ['n']);
  // A delta whose counters are all zero (a case whose rating changed within "rated") says nothing.
  const someChange = (columns: string[]) =>
    mode === 'delta' ? `having ${columns.map((c) => `sum(${c}) <> 0`).join(' or ')}` : '';
  const respondedDelta = (delta: string, from: string, where: string, groupBy: string) =>
    mode === 'delta'
      ? `insert into case_stat_status_delta (region_path, day, status, ${STATUS_COUNTERS})
        select o.path, case_stat_day(c.created_at), c.status, 0, ${delta}, 0, 0, 0, 0
        ${from} ${where} ${groupBy};`
      : '';
  const onEvent =
    mode === 'delta'
      ? respondedDelta(
          '1',
          `from case_record c join org_unit o on o.id = any((case_stat_regions(c.region_path))[1:${STATUS_DEPTH}])`,
          'where c.id = new.case_id',
          '',
        )
      : `update case_stat_status s set responded = s.responded + 1
  from case_record c join org_unit o on o.id = any((case_stat_regions(c.region_path))[1:${STATUS_DEPTH}])
  where c.id = new.case_id and s.region_path = o.path and s.day = case_stat_day(c.created_at) and s.status = c.status;`;
  const goneCases = `(
      select distinct g.case_id from gone g
      where ${RESPONDING('g')}
        and not exists (select 1 from case_event e where e.case_id = g.case_id and ${RESPONDING('e')})
    ) x
    join case_record c on c.id = x.case_id
    join org_unit o on o.id = any((case_stat_regions(c.region_path))[1:${STATUS_DEPTH}])`;
  const onEventDelete =
    mode === 'delta'
      ? respondedDelta('-count(*)', `from ${goneCases}`, '', 'group by o.path, case_stat_day(c.created_at), c.status')
      : `update case_stat_status s set responded = s.responded - k.cases
  from (
    select o.path, case_stat_day(c.created_at) as day, c.status, count(*) as cases
    from ${goneCases}
    group by o.path, case_stat_day(c.created_at), c.status
  ) k
  where s.region_path = k.path and s.day = k.day and s.status = k.status;`;
  // In place, the rows are locked in key order (two transactions moving cases between the same
  // rows never deadlock); appended deltas lock nothing.
  const ordered = (key: string) => (mode === 'in-place' ? `order by ${key}` : '');
  const dropEmptyOpen =
    mode === 'in-place'
      ? `if tg_op in ('UPDATE', 'DELETE') and old.status in ${OPEN} then
    delete from case_stat_open s using org_unit o
    where o.id = any((case_stat_regions(old.region_path))[1:${OPEN_DEPTH}])
      and s.region_path = o.path and s.day = case_stat_day(old.created_at) and s.status = old.status
      and s.stage_deadline = coalesce(old.stage_deadline, '') and s.handle_deadline = coalesce(old.handle_deadline, '')
      and s.n = 0;
  end if;`
      : '-- The fold deletes the open rows that fall to zero.';
  return `
create or replace function case_stat_on_case() returns trigger language plpgsql as $$
declare
  was_responded integer;
begin
  if exists (select 1 from case_stat_pause) then return null; end if;
  was_responded := case_stat_responded(coalesce(new.id, old.id));
  insert into ${status.into}
    (region_path, day, status, ${STATUS_COUNTERS})
  select o.path, d.day, d.status, ${STATUS_SUMS.map((e) => `sum(${e})`).join(', ')}
  from (
    select old.region_path, case_stat_day(old.created_at) as day, old.status, old.rating, old.resolved_at,
      old.handle_deadline, -1 as sign where tg_op in ('UPDATE', 'DELETE')
    union all
    select new.region_path, case_stat_day(new.created_at), new.status, new.rating, new.resolved_at,
      new.handle_deadline, 1 where tg_op in ('INSERT', 'UPDATE')
  ) d
  join org_unit o on o.id = any((case_stat_regions(d.region_path))[1:${STATUS_DEPTH}])
  group by o.path, d.day, d.status
  ${someChange(STATUS_SUMS)}
  ${ordered('o.path, d.day, d.status')}
  ${status.conflict};
  if tg_op = 'UPDATE' and old.category_code = new.category_code and old.region_path = new.region_path
    and old.created_at = new.created_at then
    return null;
  end if;
  insert into ${category.into} (region_path, day, category_code, n)
  select o.path, d.day, d.category_code, sum(d.sign)
  from (
    select old.region_path, case_stat_day(old.created_at) as day, old.category_code, -1 as sign
      where tg_op in ('UPDATE', 'DELETE')
    union all
    select new.region_path, case_stat_day(new.created_at), new.category_code, 1 where tg_op in ('INSERT', 'UPDATE')
  ) d
  join org_unit o on o.id = any((case_stat_regions(d.region_path))[1:${CATEGORY_DEPTH}])
  group by o.path, d.category_code, d.day
  ${someChange(['d.sign'])}
  ${ordered('o.path, d.category_code, d.day')}
  ${category.conflict};
  return null;
end
$$;

create or replace function case_stat_on_event() returns trigger language plpgsql as $$
begin
  if exists (select 1 from case_stat_pause) then return null; end if;
  -- Row triggers run at the end of the statement here: of several responding events inserted
  -- at once, the first one counts.
  if exists (select 1 from case_event e where e.case_id = new.case_id and e.id < new.id and ${RESPONDING('e')}) then
    return null;
  end if;
  ${onEvent}
  return null;
end
$$;

create or replace function case_stat_on_event_delete() returns trigger language plpgsql as $$
begin
  if exists (select 1 from case_stat_pause) then return null; end if;
  -- Several cases may share a row: count them per row.
  ${onEventDelete}
  return null;
end
$$;

create or replace function case_stat_open_on_case() returns trigger language plpgsql as $$
begin
  if exists (select 1 from case_stat_pause) then return null; end if;
  insert into ${open.into} (${OPEN_KEY}, n)
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
  join org_unit o on o.id = any((case_stat_regions(d.region_path))[1:${OPEN_DEPTH}])
  group by o.path, d.day, d.status, d.stage_deadline, d.handle_deadline
  ${someChange(['d.sign'])}
  ${ordered('o.path, d.day, d.status, d.stage_deadline, d.handle_deadline')}
  ${open.conflict};
  ${dropEmptyOpen}
  return null;
end
$$;
`;
}

/** Folds every pending delta into the base rows (the down migration; the job does it in batches). */
async function foldAll(db: AnyDb): Promise<void> {
  const counters = STATUS_COUNTERS.split(', ');
  const fold = (table: string, key: string, sums: string[]) =>
    sql
      .raw(
        `with gone as (delete from ${table}_delta returning *)
        insert into ${table} as s (${key}, ${sums.join(', ')})
        select ${key}, ${sums.map((c) => `sum(${c})`).join(', ')} from gone group by ${key}
        on conflict (${key}) do update set ${sums.map((c) => `${c} = s.${c} + excluded.${c}`).join(', ')}`,
      )
      .execute(db);
  await fold('case_stat_status', 'region_path, day, status', counters);
  await fold('case_stat_category', 'region_path, category_code, day', ['n']);
  await fold('case_stat_open', OPEN_KEY, ['n']);
  await sql`delete from case_stat_open where n = 0`.execute(db);
}

export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  const text = pg ? sql`text collate "C"` : sql`text`;
  // No unique key: a transaction appending a delta never waits for another one. Each is indexed
  // like its base table's primary key, so a reader adds the pending deltas of the same ranges.
  // The base tables' columns and types (union all reads both); bytewise: collation "C" there.
  const deltaTable = (table: string, keyColumns: [string, 'text' | 'bytewise'][], counters: string[]) => {
    let builder = db.schema
      .createTable(table)
      .addColumn('region_path', text, (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull());
    for (const [column, type] of keyColumns)
      builder = builder.addColumn(column, type === 'bytewise' ? text : 'text', (c) => c.notNull());
    for (const column of counters) builder = builder.addColumn(column, 'integer', (c) => c.notNull());
    return builder.execute();
  };
  await deltaTable('case_stat_status_delta', [['status', 'text']], STATUS_COUNTERS.split(', '));
  await deltaTable('case_stat_category_delta', [['category_code', 'text']], ['n']);
  await deltaTable(
    'case_stat_open_delta',
    [
      ['status', 'text'],
      ['stage_deadline', 'bytewise'],
      ['handle_deadline', 'bytewise'],
    ],
    ['n'],
  );
  await db.schema
    .createIndex('case_stat_status_delta_idx')
    .on('case_stat_status_delta')
    .columns(['region_path', 'day', 'status'])
    .execute();
  await db.schema
    .createIndex('case_stat_category_delta_idx')
    .on('case_stat_category_delta')
    .columns(['region_path', 'category_code', 'day'])
    .execute();
  await db.schema
    .createIndex('case_stat_open_delta_idx')
    .on('case_stat_open_delta')
    .columns(['region_path', 'day'])
    .execute();
  if (pg) await sql.raw(pgFunctions('delta')).execute(db);
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql.raw(pgFunctions('in-place')).execute(db);
    await foldAll(db);
  }
  for (const table of ['case_stat_open_delta', 'case_stat_category_delta', 'case_stat_status_delta'])
    await db.schema.dropTable(table).execute();
}
