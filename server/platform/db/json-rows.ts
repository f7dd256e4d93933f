// Rows of a related table inside one column of their parent's row: a JSON array built by the
// database (PostgreSQL json_agg, SQLite json_group_array), so that a record and its few children
// come back in one statement — one round trip instead of one per table (ADR 0046).
import { PostgresAdapter, type RawBuilder } from 'kysely';
import { jsonArrayFrom as postgresJsonArray } from 'kysely/helpers/postgres';
import { jsonArrayFrom as sqliteJsonArray } from 'kysely/helpers/sqlite';
import type { DialectName } from './database.ts';

/** A select query (Kysely's SelectQueryBuilderExpression, which its root does not export). */
type RowsQuery<O> = Parameters<typeof sqliteJsonArray<O>>[0];

/** The dialect a Kysely instance (or transaction) speaks, for the few statements whose SQL differs. */
export function dialectOf(db: { getExecutor(): { readonly adapter: unknown } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * The rows `query` selects as one JSON array column (keyed by the selections' names). Read it
 * back with {@link parseJsonRows}. Only for columns whose JSON form is their value: integers,
 * text and reals (both databases write reals so that they read back exactly).
 */
export function jsonRows<O>(dialect: DialectName, query: RowsQuery<O>): RawBuilder<unknown> {
  return dialect === 'postgres' ? postgresJsonArray(query) : sqliteJsonArray(query);
}

/**
 * A {@link jsonRows} column as rows (PostgreSQL's driver has parsed it already; SQLite returns the
 * text), sorted by `key`: neither database promises that an aggregate keeps its subquery's order.
 */
export function parseJsonRows<O>(value: unknown, key: keyof O): O[] {
  const rows = (typeof value === 'string' ? JSON.parse(value) : value) as O[] | null;
  return (rows ?? []).sort((a, b) => Number(a[key]) - Number(b[key]));
}
