// For tests: every piece of personal data the database holds (reporters of cases, parties to
// mediation, people), decrypted as the modules decrypt it, to scan public output for; and a few
// resolved cases made to carry their own reporter's data in their title and result, as a careless
// handler might write them.
import type { AppContext } from '../../server/context.ts';
import { subtreeUpperBound } from '../../server/platform/db/subtree.ts';

export interface PersonalData {
  names: string[];
  phones: string[];
  idNumbers: string[];
  addresses: string[];
}

const unique = (values: (string | null | undefined)[]) =>
  [...new Set(values.filter((v): v is string => typeof v === 'string' && v.trim().length >= 2))].sort();

export async function storedPersonalData(ctx: AppContext): Promise<PersonalData> {
  const open = (sealed: string | null) => (sealed ? ctx.cipher.decrypt(sealed) : null);
  const [cases, parties, people] = await Promise.all([
    ctx.db.selectFrom('case_record').select(['reporter_name', 'reporter_phone_enc', 'address']).execute(),
    ctx.db
      .selectFrom('mediation_party')
      .select(['name', 'representative', 'phone_enc', 'id_number_enc', 'address', 'kind'])
      .execute(),
    ctx.db.selectFrom('person').select(['name', 'phone_enc', 'id_number_enc']).execute(),
  ]);
  return {
    names: unique([
      ...cases.map((c) => c.reporter_name),
      ...parties.filter((p) => p.kind === 'person').map((p) => p.name),
      ...parties.map((p) => p.representative),
      ...people.map((p) => p.name),
    ]),
    phones: unique([
      ...cases.map((c) => open(c.reporter_phone_enc)),
      ...parties.map((p) => open(p.phone_enc)),
      ...people.map((p) => open(p.phone_enc)),
    ]),
    idNumbers: unique([...parties.map((p) => open(p.id_number_enc)), ...people.map((p) => open(p.id_number_enc))]),
    addresses: unique([...cases.map((c) => c.address), ...parties.map((p) => p.address)]),
  };
}

/**
 * Rewrites the title and result of every resolved case of the region registered in [from, to) to
 * name its reporter, their phone, an ID number and their address — the worst a handler could type.
 */
export async function plantPersonalData(
  ctx: AppContext,
  region: { path: string },
  window: { from: string; to: string },
): Promise<number> {
  const rows = await ctx.db
    .selectFrom('case_record')
    .select(['id', 'title', 'reporter_name', 'reporter_phone_enc', 'address'])
    .where('region_path', '>=', region.path)
    .where('region_path', '<', subtreeUpperBound(region.path))
    .where('created_at', '>=', window.from)
    .where('created_at', '<', window.to)
    .where('status', 'in', ['resolved', 'closed'])
    .where('result', 'is not', null)
    .execute();
  for (const [i, row] of rows.entries()) {
    const phone = row.reporter_phone_enc ? ctx.cipher.decrypt(row.reporter_phone_enc) : '13800000000';
    const name = row.reporter_name ?? '张建国';
    const id = `37070219${String(70 + (i % 30)).padStart(2, '0')}0101${String(1000 + (i % 9000))}`;
    await ctx.db
      .updateTable('case_record')
      .set({
        title: `${name}（${phone}）反映：${row.title}`,
        result: `已电话联系${name}（${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}，身份证${id}），到${row.address ?? '胜利西街5号'}现场核实，${name.slice(0, 1)}先生表示满意`,
      })
      .where('id', '=', row.id)
      .execute();
  }
  return rows.length;
}
