// A case sent by another system carries that system's reference (externalRef {system, id}; issue
// 15): unique per system, so a retry — sequential or racing — finds the case the first request
// created instead of making a second one. The unique index decides the race; the loser reads the
// winner's case.
import type { Db, Trx } from '../../context.ts';
import type { Actor } from '../auth/index.ts';
import type { CaseRow } from './cases.repository.ts';

export interface ExternalRef {
  /** The sending system's short code, e.g. `12345-sd`. */
  system: string;
  /** Its own id of the work order. */
  id: string;
}

export const EXTERNAL_SYSTEM_PATTERN = '^[a-z0-9][a-z0-9_-]{0,39}$';
/** Printable characters, no control characters; 1–100 of them. */
export const EXTERNAL_ID_PATTERN = '^[^\\u0000-\\u001f\\u007f]{1,100}$';

export async function findCaseByExternalRef(db: Db | Trx, ref: ExternalRef): Promise<CaseRow | undefined> {
  return db
    .selectFrom('case_record')
    .selectAll()
    .where('external_system', '=', ref.system)
    .where('external_id', '=', ref.id)
    .executeTakeFirst();
}

/** Whether `error` is a unique-index violation (SQLite or PostgreSQL) naming `column`. */
export function violatesUnique(error: unknown, column: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { code?: unknown; message?: unknown; constraint?: unknown; detail?: unknown };
  const unique = e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === '23505';
  if (!unique) return false;
  const said = [e.message, e.constraint, e.detail].filter((s): s is string => typeof s === 'string').join(' ');
  return said.includes(column);
}

/**
 * The service account an API key's actor speaks for (the keys module's `actor.serviceAccount`),
 * or null for a person.
 */
export function serviceAccountOf(actor: Actor): { id: number; system: string | null } | null {
  return (actor as { serviceAccount?: { id: number; system: string | null } | null }).serviceAccount ?? null;
}
