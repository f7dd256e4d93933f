// A finding as a grid worker sends it: trimmed texts, each party's phone checked and sealed with
// the personal-data cipher (the ledger stores no clear number; responses mask it).
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isValidPhone } from '../../../platform/crypto/personal-data.ts';
import type { RiskGrade } from '../../../../common/safety.ts';
import type { StoredParty } from '../screening.repository.ts';

export interface FindingInput {
  parties: { name: string; phone?: string | undefined }[];
  description: string;
  riskGrade: RiskGrade;
  measures: string;
  responsiblePerson: string;
}

export interface SealedFinding {
  parties: StoredParty[];
  description: string;
  riskGrade: RiskGrade;
  measures: string;
  responsiblePerson: string;
}

export function sealFinding(ctx: AppContext, input: FindingInput, field = 'parties'): SealedFinding {
  const parties = input.parties.map((p, i) => {
    const phone = p.phone?.trim() ?? '';
    if (phone !== '' && !isValidPhone(phone)) {
      throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
        { field: `${field}/${i}/phone`, message: '手机号码格式不正确 / Not a valid phone number' },
      ]);
    }
    return { name: p.name.trim(), phoneEnc: phone === '' ? null : ctx.cipher.encrypt(phone) };
  });
  return {
    parties,
    description: input.description.trim(),
    riskGrade: input.riskGrade,
    measures: input.measures.trim(),
    responsiblePerson: input.responsiblePerson.trim(),
  };
}
