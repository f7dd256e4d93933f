// 延长调解期限: the time limit is extended only with both sides' consent.
import type { AppContext } from '../../../context.ts';
import { endOfBeijingDay } from '../../../platform/calendar/working-days.ts';
import type { Actor } from '../../auth/index.ts';
import { findParties, requireOpen, type LoadedFile } from '../mediation-file.ts';
import { inFile, invalid, rule, text } from './file-command.ts';

/** Extended only with both sides' consent (every applicant and respondent named). */
export async function extendDeadline(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: { until: string; consent: string; partyIds: number[] },
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.until)) throw invalid('until', '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD');
  const until = endOfBeijingDay(input.until);
  if (Number.isNaN(until.getTime()) || until.toISOString() <= loaded.file.deadline)
    throw invalid('until', '延长后的期限须晚于现期限 / Must be later than the current time limit');
  const consent = text(input.consent, 'consent', 2);
  const parties = await findParties(ctx.db, loaded.file.id);
  const sides = parties.filter((p) => p.role !== 'third_party');
  const missing = sides.filter((p) => !input.partyIds.includes(p.id));
  if (sides.length === 0 || missing.length > 0) {
    throw rule('CONSENT_REQUIRED', '延长调解期限须经双方当事人同意 / Both sides must consent to an extension', {
      missingPartyIds: missing.map((p) => p.id),
    });
  }
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    const extension = { from: loaded.file.deadline, to: until.toISOString(), consent, partyIds: input.partyIds, at };
    await trx
      .updateTable('mediation_file')
      .set({ deadline: until.toISOString(), extension: JSON.stringify(extension) })
      .where('id', '=', loaded.file.id)
      .execute();
    return {
      value: undefined,
      step: { action: 'mediation.extension', details: extension, timeline: { until: until.toISOString() } },
    };
  });
}
