// The KPI rules of kpi.ts as SQL conditions, for the queries that count cases where they are.
// Every condition is two-valued (never NULL), so `not` negates as it does in TypeScript.
import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../../platform/db/database.ts';
import type { EventMatch, Rule } from './kpi.ts';

export interface RuleSqlOptions {
  /** The case_record table's name or alias in the query. */
  table?: string;
  /** ISO instant: what "past" compares deadlines with. */
  now?: string;
}

const values = (list: readonly string[]) => sql.join(list.map((v) => sql`${v}`));

function eventSql(matches: readonly EventMatch[], table: string): RawBuilder<boolean> {
  const each = matches.map((m) =>
    m.from === undefined
      ? sql`kpi_event.action in (${values(m.actions)})`
      : sql`(kpi_event.action in (${values(m.actions)}) and kpi_event.from_status in (${values(m.from)}))`,
  );
  return sql<boolean>`exists (select 1 from case_event kpi_event where kpi_event.case_id = ${sql.ref(`${table}.id`)} and (${sql.join(each, sql` or `)}))`;
}

/** `rule` as a condition on the row of `options.table` (default case_record). */
export function ruleSql(rule: Rule, options: RuleSqlOptions = {}): RawBuilder<boolean> {
  const table = options.table ?? 'case_record';
  const column = (name: string) => sql.ref(`${table}.${name}`);
  switch (rule.is) {
    case 'oneOf':
      return sql<boolean>`(${column(rule.column)} is not null and ${column(rule.column)} in (${values(rule.values)}))`;
    case 'set':
      return sql<boolean>`(${column(rule.column)} is not null)`;
    case 'notAfter': {
      const [value, limit] = [column(rule.column), column(rule.limit)];
      return sql<boolean>`(${value} is not null and ${limit} is not null and ${value} <= ${limit})`;
    }
    case 'past':
      if (options.now === undefined) throw new Error('this rule needs now');
      return sql<boolean>`(${column(rule.column)} is not null and ${column(rule.column)} < ${options.now})`;
    case 'positive':
      return sql<boolean>`(${column(rule.column)} > 0)`;
    case 'all':
      return rule.rules.length === 0
        ? sql<boolean>`(1 = 1)`
        : sql<boolean>`(${sql.join(
            rule.rules.map((r) => ruleSql(r, options)),
            sql` and `,
          )})`;
    case 'any':
      return rule.rules.length === 0
        ? sql<boolean>`(1 = 0)`
        : sql<boolean>`(${sql.join(
            rule.rules.map((r) => ruleSql(r, options)),
            sql` or `,
          )})`;
    case 'not':
      return sql<boolean>`(not ${ruleSql(rule.rule, options)})`;
    case 'event':
      return eventSql(rule.matches, table);
  }
}

/** How many rows of the group satisfy `rule`. */
export const countWhere = (rule: Rule, options: RuleSqlOptions = {}) =>
  sql<string>`sum(case when ${ruleSql(rule, options)} then 1 else 0 end)`;

/**
 * 按时签收 as SQL: the same rule as `acceptedOnTime` in kpi.ts, which it must always equal
 * (kpi-accept.test.ts checks it on both databases). For the case row of `table`: `accept_at`, the
 * instant of its first accept event, and `accept_by`, the `acceptBy` string in the data of the
 * latest dispatch before that accept (by seq) — null when there is none, or it holds no string.
 * Each a lookup on case_event's (case_id, seq) index. Count them with `countAccepted*`.
 */
export function acceptanceColumns(dialect: DialectName, table = 'case_record') {
  const id = sql.ref(`${table}.id`);
  const firstAccept = sql`(select min(kpi_a.seq) from case_event kpi_a where kpi_a.case_id = ${id} and kpi_a.action = 'accept')`;
  const acceptBy =
    dialect === 'postgres'
      ? sql`case when jsonb_typeof(kpi_d.data::jsonb -> 'acceptBy') = 'string' then kpi_d.data::jsonb ->> 'acceptBy' end`
      : sql`case when json_valid(kpi_d.data) and json_type(kpi_d.data, '$.acceptBy') = 'text' then json_extract(kpi_d.data, '$.acceptBy') end`;
  return [
    sql<
      string | null
    >`(select kpi_f.at from case_event kpi_f where kpi_f.case_id = ${id} and kpi_f.seq = ${firstAccept})`.as(
      'accept_at',
    ),
    sql<
      string | null
    >`(select ${acceptBy} from case_event kpi_d where kpi_d.case_id = ${id} and kpi_d.action = 'dispatch' and kpi_d.seq < ${firstAccept} order by kpi_d.seq desc limit 1)`.as(
      'accept_by',
    ),
  ] as const;
}

/** Over rows holding `acceptanceColumns`: accepted after an assignment with a deadline (按时签收's denominator). */
export const countAccepted = () =>
  sql<string>`sum(case when accept_at is not null and accept_by is not null then 1 else 0 end)`;

/** Over rows holding `acceptanceColumns`: accepted no later than the deadline (`e.at <= acceptBy`, compared as JavaScript compares strings). */
export const countAcceptedOnTime = (dialect: DialectName) =>
  sql<string>`sum(case when accept_at is not null and accept_by is not null and accept_at <= ${
    dialect === 'postgres' ? sql`accept_by collate "C"` : sql`accept_by`
  } then 1 else 0 end)`;
