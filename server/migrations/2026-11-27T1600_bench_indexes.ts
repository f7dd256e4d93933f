// Dashboard rollups and an index found by the 1M-case benchmark.
// A leader's month holds ~470,000 of a million cases: counting them on each request takes
// seconds. case_stat_status keeps the counts per Beijing day of registration, status and region
// — the regions on the case's path from the province down to the village (a township's
// figures per village), so a county's month is ~200 rows — and case_stat_category per
// category, day and region down to the township. Below that a region holds few enough cases to
// count them. Triggers on case_record and case_event keep both exact in the writing
// transaction. A bulk load may pause the triggers for its own transaction (a row in
// case_stat_pause, seen by nobody else) and add its cases' counts itself.
// Frozen in time: this file must never import application code.
import { type Kysely, PostgresAdapter, sql } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

function isPostgres(db: AnyDb): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** Actions after which a case counts as responded (响应): dispatched, accepted, resolved on the spot. */
const RESPONDING = (e: string) =>
  `(${e}.action in ('dispatch', 'accept') or (${e}.action = 'resolve' and ${e}.from_status = 'registered'))`;

const SAT = `('satisfied', 'basically_satisfied')`;

// ---------------------------------------------------------------------------------------------
// SQLite: one statement per (table, old/new); a case's regions are the ids of its path.

const sqliteDay = (r: string) => `date(${r}.created_at, '+8 hours')`;
/** Status counts stop at the village, category counts at the township: the first 5 or 4 regions. */
const STATUS_DEPTH = 5;
const CATEGORY_DEPTH = 4;
const sqliteRegions = (r: string, depth: number) =>
  `org_unit o where o.id in (select value from json_each('[' || replace(trim(${r}.region_path, '/'), '/', ',') || ']') where key < ${depth})`;
const sqliteResponded = (r: string) =>
  `(case when exists (select 1 from case_event e where e.case_id = ${r}.id and ${RESPONDING('e')}) then 1 else 0 end)`;
const flag = (condition: string, sign: number) => `(case when ${condition} then ${sign} else 0 end)`;

function sqliteStatus(r: string, sign: number): string {
  const resolvedWithDeadline = `${r}.resolved_at is not null and ${r}.handle_deadline is not null`;
  return `insert into case_stat_status (region_path, day, status, n, responded, rated, satisfied, resolved_with_deadline, resolved_on_time)
    select o.path, ${sqliteDay(r)}, ${r}.status, ${sign}, ${sign} * ${sqliteResponded(r)},
      ${flag(`${r}.rating is not null`, sign)}, ${flag(`${r}.rating in ${SAT}`, sign)},
      ${flag(resolvedWithDeadline, sign)}, ${flag(`${resolvedWithDeadline} and ${r}.resolved_at <= ${r}.handle_deadline`, sign)}
    from ${sqliteRegions(r, STATUS_DEPTH)}
    on conflict (region_path, day, status) do update set n = n + excluded.n, responded = responded + excluded.responded,
      rated = rated + excluded.rated, satisfied = satisfied + excluded.satisfied,
      resolved_with_deadline = resolved_with_deadline + excluded.resolved_with_deadline,
      resolved_on_time = resolved_on_time + excluded.resolved_on_time;`;
}

function sqliteCategory(r: string, sign: number): string {
  return `insert into case_stat_category (region_path, day, category_code, n)
    select o.path, ${sqliteDay(r)}, ${r}.category_code, ${sign} from ${sqliteRegions(r, CATEGORY_DEPTH)}
    on conflict (region_path, category_code, day) do update set n = n + excluded.n;`;
}

/** The case's current status row at every region of its path gains `delta` responded cases. */
function sqliteRespondedDelta(caseId: string, delta: number): string {
  return `update case_stat_status set responded = responded + ${delta}
    where (region_path, day, status) in (
      select o.path, ${sqliteDay('c')}, c.status from case_record c, ${sqliteRegions('c', STATUS_DEPTH)} and c.id = ${caseId});`;
}

const NOT_PAUSED = 'not exists (select 1 from case_stat_pause)';
const changed = (columns: string[]) => columns.map((c) => `old.${c} is not new.${c}`).join(' or ');

async function sqliteUp(db: AnyDb): Promise<void> {
  const statusColumns = ['status', 'rating', 'resolved_at', 'handle_deadline', 'region_path', 'created_at'];
  const categoryColumns = ['category_code', 'region_path', 'created_at'];
  const triggers = [
    `create trigger case_stat_insert after insert on case_record when ${NOT_PAUSED} begin
      ${sqliteStatus('new', 1)} ${sqliteCategory('new', 1)} end`,
    `create trigger case_stat_update after update on case_record
      when (${changed(statusColumns)}) and ${NOT_PAUSED} begin
      ${sqliteStatus('old', -1)} ${sqliteStatus('new', 1)} end`,
    `create trigger case_stat_update_category after update on case_record
      when (${changed(categoryColumns)}) and ${NOT_PAUSED} begin
      ${sqliteCategory('old', -1)} ${sqliteCategory('new', 1)} end`,
    `create trigger case_stat_delete after delete on case_record when ${NOT_PAUSED} begin
      ${sqliteStatus('old', -1)} ${sqliteCategory('old', -1)} end`,
    // The first responding event makes the case responded; the last one removed unmakes it.
    `create trigger case_stat_event_insert after insert on case_event
      when ${RESPONDING('new')} and ${NOT_PAUSED}
        and not exists (select 1 from case_event e where e.case_id = new.case_id and e.id < new.id and ${RESPONDING('e')})
      begin ${sqliteRespondedDelta('new.case_id', 1)} end`,
    `create trigger case_stat_event_delete after delete on case_event
      when ${RESPONDING('old')} and ${NOT_PAUSED}
        and not exists (select 1 from case_event e where e.case_id = old.case_id and ${RESPONDING('e')})
      begin ${sqliteRespondedDelta('old.case_id', -1)} end`,
  ];
  for (const trigger of triggers) await sql.raw(trigger).execute(db);
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL: one function per table; old and new contributions in one ordered statement, so
// two transactions moving cases between the same rows lock them in the same order.

const PG_FUNCTIONS = `
create function case_stat_day(created_at text) returns text language sql stable as $$
  select to_char((created_at::timestamptz at time zone 'UTC') + interval '8 hours', 'YYYY-MM-DD')
$$;

create function case_stat_regions(region_path text) returns int[] language sql immutable as $$
  select string_to_array(trim(both '/' from region_path), '/')::int[]
$$;

create function case_stat_responded(case_id integer) returns integer language sql stable as $$
  select case when exists (select 1 from case_event e where e.case_id = $1 and ${RESPONDING('e')}) then 1 else 0 end
$$;

create function case_stat_on_case() returns trigger language plpgsql as $$
declare
  was_responded integer;
begin
  if exists (select 1 from case_stat_pause) then return null; end if;
  was_responded := case_stat_responded(coalesce(new.id, old.id));
  insert into case_stat_status as s
    (region_path, day, status, n, responded, rated, satisfied, resolved_with_deadline, resolved_on_time)
  select o.path, d.day, d.status, sum(d.sign), sum(d.sign * was_responded),
    sum(case when d.rating is not null then d.sign else 0 end),
    sum(case when d.rating in ${SAT} then d.sign else 0 end),
    sum(case when d.resolved_at is not null and d.handle_deadline is not null then d.sign else 0 end),
    sum(case when d.resolved_at is not null and d.handle_deadline is not null and d.resolved_at <= d.handle_deadline
      then d.sign else 0 end)
  from (
    select old.region_path, case_stat_day(old.created_at) as day, old.status, old.rating, old.resolved_at,
      old.handle_deadline, -1 as sign where tg_op in ('UPDATE', 'DELETE')
    union all
    select new.region_path, case_stat_day(new.created_at), new.status, new.rating, new.resolved_at,
      new.handle_deadline, 1 where tg_op in ('INSERT', 'UPDATE')
  ) d
  join org_unit o on o.id = any((case_stat_regions(d.region_path))[1:${STATUS_DEPTH}])
  group by o.path, d.day, d.status
  order by o.path, d.day, d.status
  on conflict (region_path, day, status) do update set n = s.n + excluded.n,
    responded = s.responded + excluded.responded, rated = s.rated + excluded.rated,
    satisfied = s.satisfied + excluded.satisfied,
    resolved_with_deadline = s.resolved_with_deadline + excluded.resolved_with_deadline,
    resolved_on_time = s.resolved_on_time + excluded.resolved_on_time;
  if tg_op = 'UPDATE' and old.category_code = new.category_code and old.region_path = new.region_path
    and old.created_at = new.created_at then
    return null;
  end if;
  insert into case_stat_category as s (region_path, day, category_code, n)
  select o.path, d.day, d.category_code, sum(d.sign)
  from (
    select old.region_path, case_stat_day(old.created_at) as day, old.category_code, -1 as sign
      where tg_op in ('UPDATE', 'DELETE')
    union all
    select new.region_path, case_stat_day(new.created_at), new.category_code, 1 where tg_op in ('INSERT', 'UPDATE')
  ) d
  join org_unit o on o.id = any((case_stat_regions(d.region_path))[1:${CATEGORY_DEPTH}])
  group by o.path, d.category_code, d.day
  order by o.path, d.category_code, d.day
  on conflict (region_path, category_code, day) do update set n = s.n + excluded.n;
  return null;
end
$$;

create function case_stat_on_event() returns trigger language plpgsql as $$
begin
  if exists (select 1 from case_stat_pause) then return null; end if;
  -- Row triggers run at the end of the statement here: of several responding events inserted
  -- at once, the first one counts.
  if exists (select 1 from case_event e where e.case_id = new.case_id and e.id < new.id and ${RESPONDING('e')}) then
    return null;
  end if;
  update case_stat_status s set responded = s.responded + 1
  from case_record c join org_unit o on o.id = any((case_stat_regions(c.region_path))[1:${STATUS_DEPTH}])
  where c.id = new.case_id and s.region_path = o.path and s.day = case_stat_day(c.created_at) and s.status = c.status;
  return null;
end
$$;

create function case_stat_on_event_delete() returns trigger language plpgsql as $$
begin
  if exists (select 1 from case_stat_pause) then return null; end if;
  -- Several cases may share a row: count them per row (an UPDATE applies one match per row).
  update case_stat_status s set responded = s.responded - k.cases
  from (
    select o.path, case_stat_day(c.created_at) as day, c.status, count(*) as cases
    from (
      select distinct g.case_id from gone g
      where ${RESPONDING('g')}
        and not exists (select 1 from case_event e where e.case_id = g.case_id and ${RESPONDING('e')})
    ) x
    join case_record c on c.id = x.case_id
    join org_unit o on o.id = any((case_stat_regions(c.region_path))[1:${STATUS_DEPTH}])
    group by o.path, case_stat_day(c.created_at), c.status
  ) k
  where s.region_path = k.path and s.day = k.day and s.status = k.status;
  return null;
end
$$;

create trigger case_stat_on_case after insert or delete on case_record
  for each row execute function case_stat_on_case();
create trigger case_stat_on_case_update after update on case_record for each row
  when (old.status is distinct from new.status or old.rating is distinct from new.rating
    or old.resolved_at is distinct from new.resolved_at or old.handle_deadline is distinct from new.handle_deadline
    or old.region_path is distinct from new.region_path or old.created_at is distinct from new.created_at
    or old.category_code is distinct from new.category_code)
  execute function case_stat_on_case();
create trigger case_stat_on_event_insert after insert on case_event for each row
  when ${RESPONDING('new')} execute function case_stat_on_event();
create trigger case_stat_on_event_delete after delete on case_event referencing old table as gone
  for each statement execute function case_stat_on_event_delete();
`;

// ---------------------------------------------------------------------------------------------
// The counts of the cases already there, grouped before they are spread over their regions.

async function backfill(db: AnyDb, pg: boolean): Promise<void> {
  const day = pg ? `case_stat_day(c.created_at)` : sqliteDay('c');
  const regions = (r: string, depth: number) =>
    pg
      ? `org_unit o on o.id = any((case_stat_regions(${r}.region_path))[1:${depth}])`
      : `org_unit o on o.id in (select value from json_each('[' || replace(trim(${r}.region_path, '/'), '/', ',') || ']') where key < ${depth})`;
  const responded = `(case when exists (select 1 from case_event e where e.case_id = c.id and ${RESPONDING('e')}) then 1 else 0 end)`;
  const withDeadline = `c.resolved_at is not null and c.handle_deadline is not null`;
  await sql
    .raw(
      `insert into case_stat_status
        (region_path, day, status, n, responded, rated, satisfied, resolved_with_deadline, resolved_on_time)
      select o.path, g.day, g.status, sum(g.n), sum(g.responded), sum(g.rated), sum(g.satisfied),
        sum(g.resolved_with_deadline), sum(g.resolved_on_time)
      from (
        select c.region_path, ${day} as day, c.status, count(*) as n, sum(${responded}) as responded,
          sum(case when c.rating is not null then 1 else 0 end) as rated,
          sum(case when c.rating in ${SAT} then 1 else 0 end) as satisfied,
          sum(case when ${withDeadline} then 1 else 0 end) as resolved_with_deadline,
          sum(case when ${withDeadline} and c.resolved_at <= c.handle_deadline then 1 else 0 end) as resolved_on_time
        from case_record c group by c.region_path, ${day}, c.status
      ) g join ${regions('g', STATUS_DEPTH)}
      group by o.path, g.day, g.status`,
    )
    .execute(db);
  await sql
    .raw(
      `insert into case_stat_category (region_path, day, category_code, n)
      select o.path, g.day, g.category_code, sum(g.n)
      from (
        select c.region_path, ${day} as day, c.category_code, count(*) as n
        from case_record c group by c.region_path, ${day}, c.category_code
      ) g join ${regions('g', CATEGORY_DEPTH)}
      group by o.path, g.day, g.category_code`,
    )
    .execute(db);
}

export async function up(db: AnyDb): Promise<void> {
  const pg = isPostgres(db);
  const pathType = pg ? sql`text collate "C"` : sql`text`;
  // SQLite: the rows live in their primary key's b-tree, one lookup per upsert.
  const withoutRowid = pg ? sql`` : sql`without rowid`;
  await db.schema
    .createTable('case_stat_status')
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('responded', 'integer', (c) => c.notNull())
    .addColumn('rated', 'integer', (c) => c.notNull())
    .addColumn('satisfied', 'integer', (c) => c.notNull())
    .addColumn('resolved_with_deadline', 'integer', (c) => c.notNull())
    .addColumn('resolved_on_time', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_stat_status_pk', ['region_path', 'day', 'status'])
    .modifyEnd(withoutRowid)
    .execute();
  await db.schema
    .createTable('case_stat_category')
    .addColumn('region_path', pathType, (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('category_code', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    // Category before day: a window's count per category is one range each, no sort.
    .addPrimaryKeyConstraint('case_stat_category_pk', ['region_path', 'category_code', 'day'])
    .modifyEnd(withoutRowid)
    .execute();
  await db.schema
    .createTable('case_stat_pause')
    .addColumn('paused_at', 'text', (c) => c.notNull())
    .execute();
  if (pg) await sql.raw(PG_FUNCTIONS).execute(db);
  await backfill(db, pg);
  if (!pg) await sqliteUp(db);

  // A dispatcher's first page of one status, newest first: walk the status by id, reading the
  // region from the index, instead of sorting all the scope's cases of that status. It replaces
  // (status, region_path), which SQLite's planner preferred for that page (then sorting 10,000
  // open cases of a township to return 50) and which nothing else needs.
  await db.schema
    .createIndex('case_status_id_idx')
    .on('case_record')
    .columns(['status', 'id', 'region_path'])
    .execute();
  await db.schema.dropIndex('case_status_idx').execute();
}

export async function down(db: AnyDb): Promise<void> {
  if (isPostgres(db)) {
    await sql
      .raw(
        `drop trigger case_stat_on_case on case_record; drop trigger case_stat_on_case_update on case_record;
        drop trigger case_stat_on_event_insert on case_event; drop trigger case_stat_on_event_delete on case_event;
        drop function case_stat_on_case(); drop function case_stat_on_event(); drop function case_stat_on_event_delete(); drop function case_stat_responded(integer);
        drop function case_stat_regions(text); drop function case_stat_day(text);`,
      )
      .execute(db);
  } else {
    for (const name of [
      'case_stat_insert',
      'case_stat_update',
      'case_stat_update_category',
      'case_stat_delete',
      'case_stat_event_insert',
      'case_stat_event_delete',
    ])
      await sql.raw(`drop trigger ${name}`).execute(db);
  }
  await db.schema.createIndex('case_status_idx').on('case_record').columns(['status', 'region_path']).execute();
  await db.schema.dropIndex('case_status_id_idx').execute();
  for (const table of ['case_stat_pause', 'case_stat_category', 'case_stat_status'])
    await db.schema.dropTable(table).execute();
}
