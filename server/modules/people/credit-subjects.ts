// For credit records (issue 19 §4, ADR 0034): the registry's persons and enterprises a record is
// about — their name, where they are registered, and the sealed ID number (the caller masks it) —
// and finding them by the keys a mediation party carries (ID number blind index, credit code).
import type { Db, Trx } from '../../context.ts';

export type CreditSubjectKind = 'person' | 'enterprise';

export interface CreditSubject {
  kind: CreditSubjectKind;
  id: number;
  name: string;
  unitId: number;
  /** Sealed ID number of a person (null for enterprises or when unknown). */
  idNumberEnc: string | null;
  /** An enterprise's 统一社会信用代码 (public by law). */
  creditCode: string | null;
}

export const subjectKey = (kind: string, id: number) => `${kind}:${id}`;

export async function creditSubjects(
  db: Db | Trx,
  refs: { kind: CreditSubjectKind; id: number }[],
): Promise<Map<string, CreditSubject>> {
  const out = new Map<string, CreditSubject>();
  const personIds = [...new Set(refs.filter((r) => r.kind === 'person').map((r) => r.id))];
  const enterpriseIds = [...new Set(refs.filter((r) => r.kind === 'enterprise').map((r) => r.id))];
  for (let i = 0; i < personIds.length; i += 500) {
    const rows = await db
      .selectFrom('person')
      .select(['id', 'name', 'unit_id', 'id_number_enc'])
      .where('id', 'in', personIds.slice(i, i + 500))
      .execute();
    for (const r of rows)
      out.set(subjectKey('person', r.id), {
        kind: 'person',
        id: r.id,
        name: r.name,
        unitId: r.unit_id,
        idNumberEnc: r.id_number_enc,
        creditCode: null,
      });
  }
  for (let i = 0; i < enterpriseIds.length; i += 500) {
    const rows = await db
      .selectFrom('enterprise')
      .select(['id', 'name', 'unit_id', 'credit_code'])
      .where('id', 'in', enterpriseIds.slice(i, i + 500))
      .execute();
    for (const r of rows)
      out.set(subjectKey('enterprise', r.id), {
        kind: 'enterprise',
        id: r.id,
        name: r.name,
        unitId: r.unit_id,
        idNumberEnc: null,
        creditCode: r.credit_code,
      });
  }
  return out;
}

/** The registry person with this ID number's blind index (the oldest, if several), else null. */
export async function personIdByIdNumberHash(db: Db | Trx, hash: string): Promise<number | null> {
  const row = await db
    .selectFrom('person')
    .select('id')
    .where('id_number_hash', '=', hash)
    .orderBy('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The enterprise with this 统一社会信用代码 (stored upper case), else null. */
export async function enterpriseIdByCreditCode(db: Db | Trx, code: string): Promise<number | null> {
  const row = await db
    .selectFrom('enterprise')
    .select('id')
    .where('credit_code', '=', code.trim().toUpperCase())
    .executeTakeFirst();
  return row?.id ?? null;
}
