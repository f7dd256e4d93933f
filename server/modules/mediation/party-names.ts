// The names and addresses of the parties to each case's mediation file, for a module above that
// scrubs them out of text it publishes (the public results page, issue 16). Never for display.
import type { Db } from '../../context.ts';

export async function partyNamesOfCases(db: Db, caseIds: readonly number[]): Promise<Map<number, string[]>> {
  const unique = [...new Set(caseIds)];
  const names = new Map<number, string[]>();
  if (unique.length === 0) return names;
  const rows = await db
    .selectFrom('mediation_party')
    .innerJoin('mediation_file', 'mediation_file.id', 'mediation_party.file_id')
    .select([
      'mediation_file.case_id',
      'mediation_party.name',
      'mediation_party.address',
      'mediation_party.representative',
    ])
    .where('mediation_file.case_id', 'in', unique)
    .execute();
  for (const row of rows) {
    const list = names.get(row.case_id) ?? [];
    for (const value of [row.name, row.address, row.representative]) if (value) list.push(value);
    names.set(row.case_id, list);
  }
  return names;
}
