// 调解协议: drafting the agreement (until anyone signs) and its taking effect once every party,
// the mediator and the committee's seal are on it (Art. 29), which opens the 30-day window for
// judicial confirmation (Art. 33).
import type { AppContext } from '../../../context.ts';
import { beijingDay } from '../../../platform/calendar/working-days.ts';
import type { Actor } from '../../auth/index.ts';
import { addCalendarDays, findAgreement, missingSignatures, requireOpen, type LoadedFile } from '../mediation-file.ts';
import { loadBoundAgreement } from '../agreement-binding.ts';
import { requireUnaltered } from '../agreement-text.ts';
import { inFile, invalid, requireUnsigned, rule, text } from './file-command.ts';

export interface AgreementInput {
  form: 'written' | 'oral';
  facts: string;
  issues: string;
  responsibilities: string;
  terms: string[];
  performanceManner: string;
  performanceDeadline: string;
  copies?: number | undefined;
}

export async function saveAgreement(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: AgreementInput,
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  const terms = input.terms.map((t) => t.trim()).filter(Boolean);
  if (terms.length === 0) throw invalid('terms', '请写明协议内容 / State what was agreed');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.performanceDeadline) || Number.isNaN(Date.parse(input.performanceDeadline)))
    throw invalid('performanceDeadline', '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD');
  if (input.performanceDeadline < beijingDay(ctx.clock.now()))
    throw invalid('performanceDeadline', '履行期限不能早于今天 / The deadline cannot be in the past');
  const values = {
    form: input.form,
    facts: text(input.facts, 'facts', 5),
    issues: text(input.issues, 'issues', 2),
    responsibilities: text(input.responsibilities, 'responsibilities', 2),
    terms: JSON.stringify(terms),
    performance_manner: text(input.performanceManner, 'performanceManner', 2),
    performance_deadline: input.performanceDeadline,
    copies: input.copies ?? 3,
  };
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    await requireUnsigned(trx, loaded.file.id);
    const existing = await findAgreement(trx, loaded.file.id);
    if (existing) {
      await trx
        .updateTable('mediation_agreement')
        .set({ ...values, version: existing.version + 1, updated_at: at })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await trx
        .insertInto('mediation_agreement')
        .values({
          ...values,
          file_id: loaded.file.id,
          status: 'draft',
          effective_at: null,
          confirmation_deadline: null,
          performance: 'pending',
          version: 1,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    return { value: undefined, step: { action: 'mediation.agreement_save', details: { form: input.form } } };
  });
}

/** Judicial confirmation must be applied for within 30 days of the agreement taking effect (Art. 33). */
export const CONFIRMATION_WINDOW_DAYS = 30;

/** Art. 29: in effect once every party, the mediator and the committee's seal are on it. */
export async function makeEffective(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    const { agreement, parties, signatures, binding } = await loadBoundAgreement(ctx, trx, loaded);
    if (agreement.status === 'effective') throw rule('AGREEMENT_EFFECTIVE', '协议已生效 / The agreement is in effect');
    // Signed text that has changed since: those signatures do not hold, so neither could the effect.
    requireUnaltered(binding);
    if (!parties.some((p) => p.role === 'applicant') || !parties.some((p) => p.role === 'respondent'))
      throw rule('PARTIES_MISSING', '协议须有申请人和被申请人 / The agreement needs both sides');
    const missing = agreement.form === 'written' ? missingSignatures(parties, signatures) : [];
    if (missing.length > 0) {
      const names = new Map(parties.map((p) => [`party:${p.id}`, p.name]));
      throw rule(
        'AGREEMENT_NOT_SIGNED',
        `尚缺签名或印章：${missing.map((k) => names.get(k) ?? (k === 'mediator' ? '人民调解员' : '调解委员会印章')).join('、')} / Signatures or the seal are missing`,
        { missing },
      );
    }
    const day = beijingDay(new Date(at));
    const confirmationDeadline = addCalendarDays(day, CONFIRMATION_WINDOW_DAYS);
    await trx
      .updateTable('mediation_agreement')
      .set({
        status: 'effective',
        effective_at: at,
        confirmation_deadline: confirmationDeadline,
        version: agreement.version + 1,
        updated_at: at,
      })
      .where('id', '=', agreement.id)
      .execute();
    return {
      value: undefined,
      step: {
        action: 'mediation.agreement_effective',
        details: { agreementId: agreement.id, confirmationDeadline, textHash: binding.textHash },
        timeline: { effectiveAt: at, confirmationDeadline },
      },
    };
  });
}
