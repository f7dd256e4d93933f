// The KPI rules of kpi.ts as SQL conditions, for the queries that count cases where they are.
// Every condition is two-valued (never NULL), so `not` negates as it does in TypeScript.
import { sql, type RawBuilder } from 'kysely';
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
