// Named prepared statements on every PostgreSQL connection (ADR 0046). Kysely sends each statement
// unnamed, so PostgreSQL parses and plans it on every execution; at 1M cases planning was most of
// the database's work for a case's detail or a list (plan 0.4 ms, run 0.15 ms). Named, a
// connection parses a statement once and, from its sixth run, may keep a generic plan
// (plan_cache_mode auto).
//
// A prepared statement's result columns are fixed: once a table it reads with `*` gains or loses
// a column, PostgreSQL refuses it ("cached plan must not change result type"). So the
// connections of one pool share a schema epoch: DDL sent through any of them (migrations), or
// that refusal seen on any of them (DDL from another process), makes every connection prepare
// afresh. A statement refused so outside a transaction is sent again at once; inside one, the
// transaction fails as on any error, and its retry finds the statement prepared anew.
import type pg from 'pg';

/** Statements one connection keeps prepared; past this it deallocates them all and starts again. */
export const PREPARED_PER_CONNECTION = 200;

/** Shared by the connections of one pool: changes whenever the schema may have. */
export interface SchemaEpoch {
  value: number;
}

type Query = (...args: unknown[]) => unknown;

/** pg.Client's own record of what it has prepared (pg/lib/connection.js), which names are checked against. */
interface Parsed {
  connection?: { parsedStatements?: Record<string, string> };
}

const DDL = /^\s*(alter|create|drop|comment)\s/i;
const BEGIN = /^\s*(begin|start\s+transaction)\b/i;
const END = /^\s*(commit|end|abort|rollback\s*;?\s*$)/i;

/** Statements with more values (bulk inserts, long `in` lists: each length its own text) are sent unnamed. */
export const MAX_PREPARED_VALUES = 100;

/**
 * "cached plan must not change result type": told by the function that raises it, whose name is
 * never translated (the message is, on a server whose locale is not English).
 */
const changedResultType = (error: unknown) => {
  const { code, routine } = error as { code?: unknown; routine?: unknown };
  return (
    code === '0A000' &&
    (routine === 'RevalidateCachedQuery' || /cached plan must not change result type/.test((error as Error).message))
  );
};

/**
 * From now on `client` sends each statement with values (a text and its values, as Kysely sends
 * them, awaiting each; at most MAX_PREPARED_VALUES) under a name of its own, prepared once on
 * this connection. When the set is full, or the schema changed, it is deallocated first, then the
 * statement runs. Names are never reused, so one the
 * server still holds after the set was dropped (inside a failed transaction, or after a schema
 * change) is harmless until the next deallocation or the connection's end.
 */
export function prepareStatements(
  client: pg.Client,
  epoch: SchemaEpoch = { value: 0 },
  limit = PREPARED_PER_CONNECTION,
): void {
  const query = client.query.bind(client) as Query;
  let names = new Map<string, string>();
  let seen = epoch.value;
  let next = 0;
  let inTransaction = false;
  /** DDL sent in the open transaction: other connections see it only once it commits. */
  let pendingDdl = false;

  /** Runs `text` under `name`; when the schema changed under it, prepares it anew (see above). */
  const send = (name: string, text: string, values: unknown[]): Promise<unknown> =>
    (query({ name, text, values }) as Promise<unknown>).catch((error: unknown) => {
      if (!changedResultType(error)) throw error;
      // The schema changed under this connection: every connection prepares afresh, this one now.
      epoch.value++;
      seen = epoch.value;
      names = new Map();
      if (inTransaction) throw error;
      return named(text, values);
    });
  const named = (text: string, values: unknown[]): Promise<unknown> => {
    const name = `concord_${next++}`;
    names.set(text, name);
    return send(name, text, values);
  };

  const simple = (args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : '';
    const result = query(...args);
    const ddl = DDL.test(text);
    const begins = BEGIN.test(text);
    const ends = END.test(text);
    if (begins) inTransaction = true;
    if (!(result instanceof Promise) || !(ddl || begins || ends)) return result;
    const settled = (failed: boolean) => {
      // A begin that failed opened nothing (Kysely sends no rollback after it).
      if (begins && failed) inTransaction = false;
      if (ddl) {
        epoch.value++;
        if (inTransaction) pendingDdl = true;
      }
      if (ends) {
        inTransaction = false;
        if (pendingDdl) epoch.value++;
        pendingDdl = false;
      }
    };
    return result.then(
      (value: unknown) => {
        settled(false);
        return value;
      },
      (error: unknown) => {
        settled(true);
        throw error;
      },
    );
  };

  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    // Without values pg uses the simple protocol (several commands in one text, as migrations
    // send them; begin and commit): sent as they are.
    if (args.length !== 2 || typeof text !== 'string' || !Array.isArray(values) || values.length === 0)
      return simple(args);
    if (values.length > MAX_PREPARED_VALUES) return query(...args);
    const stale = seen !== epoch.value;
    seen = epoch.value;
    const known = stale ? undefined : names.get(text);
    if (known !== undefined) return send(known, text, values);
    if (names.size < limit && !stale) return named(text, values);
    // Full, or prepared before the schema changed: deallocated together, then prepared afresh.
    names = new Map();
    const parsed = (client as Parsed).connection?.parsedStatements;
    const forget = () => {
      // Every statement of this connection is deallocated: pg may prepare any name again.
      if (parsed) for (const name of Object.keys(parsed)) delete parsed[name];
      return named(text, values);
    };
    return (query('DEALLOCATE ALL') as Promise<unknown>).then(forget, forget);
  }) as pg.Client['query'];
}
