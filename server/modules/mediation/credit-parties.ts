// For credit records (issue 19 §4): a file's parties as keys to the registry — the blind index of a
// person's ID number, an organisation's 统一社会信用代码 — never the clear numbers.
import type { Db, Trx } from '../../context.ts';
import type { PartyRole } from './mediation.table.ts';

export interface CreditParty {
  partyId: number;
  role: PartyRole;
  kind: 'person' | 'organisation';
  idNumberHash: string | null;
  creditCode: string | null;
}

export async function creditPartiesOfFile(db: Db | Trx, fileId: number): Promise<CreditParty[]> {
  const rows = await db
    .selectFrom('mediation_party')
    .select(['id', 'role', 'kind', 'id_number_hash', 'credit_code'])
    .where('file_id', '=', fileId)
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    partyId: r.id,
    role: r.role,
    kind: r.kind,
    idNumberHash: r.id_number_hash,
    creditCode: r.credit_code,
  }));
}

/** The file's number and committee, if it exists (a manual credit record citing it). */
export async function fileForCredit(
  db: Db | Trx,
  fileId: number,
): Promise<{ id: number; number: string; caseId: number } | undefined> {
  const row = await db
    .selectFrom('mediation_file')
    .select(['id', 'number', 'case_id'])
    .where('id', '=', fileId)
    .executeTakeFirst();
  return row ? { id: row.id, number: row.number, caseId: row.case_id } : undefined;
}
