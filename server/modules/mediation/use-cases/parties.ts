// 当事人: registering and removing the parties of a file (before anyone signs). Their ID and
// phone numbers are sealed at rest.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isValidIdNumber, isValidPhone } from '../../../platform/crypto/personal-data.ts';
import type { Actor } from '../../auth/index.ts';
import { requireOpen, type LoadedFile } from '../mediation-file.ts';
import type { PartyRole } from '../mediation.table.ts';
import { inFile, invalid, optional, requireUnsigned, text } from './file-command.ts';

export interface PartyInput {
  role: PartyRole;
  kind: 'person' | 'organisation';
  name: string;
  gender?: string | undefined;
  ethnicity?: string | undefined;
  birthDate?: string | undefined;
  idNumber?: string | undefined;
  phone?: string | undefined;
  address?: string | undefined;
  representative?: string | undefined;
  creditCode?: string | undefined;
}

export async function addParty(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: PartyInput,
  clientIp: string | null,
): Promise<number> {
  requireOpen(loaded);
  const name = text(input.name, 'name');
  const idNumber = optional(input.idNumber)?.toUpperCase() ?? null;
  const phone = optional(input.phone)?.replace(/\s+/g, '') ?? null;
  if (idNumber !== null && (input.kind !== 'person' || !isValidIdNumber(idNumber)))
    throw invalid('idNumber', '身份证号码无效 / Invalid ID number');
  if (phone !== null && !isValidPhone(phone)) throw invalid('phone', '电话号码格式无效 / Invalid phone number');
  if (input.birthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate))
    throw invalid('birthDate', '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD');
  if (input.kind === 'organisation' && (input.gender || input.ethnicity || input.birthDate))
    throw invalid(
      'kind',
      '单位当事人没有性别、民族、出生日期 / An organisation has no gender, ethnicity or birth date',
    );
  return inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    await requireUnsigned(trx, loaded.file.id);
    const row = await trx
      .insertInto('mediation_party')
      .values({
        file_id: loaded.file.id,
        role: input.role,
        kind: input.kind,
        name,
        gender: optional(input.gender),
        ethnicity: optional(input.ethnicity),
        birth_date: optional(input.birthDate),
        id_number_enc: idNumber ? ctx.cipher.encrypt(idNumber) : null,
        id_number_hash: idNumber ? ctx.cipher.blindIndex(idNumber) : null,
        phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
        phone_hash: phone ? ctx.cipher.blindIndex(phone) : null,
        address: optional(input.address),
        representative: optional(input.representative),
        credit_code: optional(input.creditCode),
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { value: row.id, step: { action: 'mediation.party_add', details: { partyId: row.id, role: input.role } } };
  });
}

export async function removeParty(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  partyId: number,
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  await inFile(ctx, actor, loaded, clientIp, async (trx) => {
    await requireUnsigned(trx, loaded.file.id);
    const removed = await trx
      .deleteFrom('mediation_party')
      .where('id', '=', partyId)
      .where('file_id', '=', loaded.file.id)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1) throw new AppError('NOT_FOUND', '当事人不存在 / No such party');
    return { value: undefined, step: { action: 'mediation.party_remove', details: { partyId } } };
  });
}
