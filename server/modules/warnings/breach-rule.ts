// 协议未履行: a follow-up found a mediation agreement broken. Raised inside the follow-up's own
// transaction (onAgreementBroken) and again by the hourly scan, which only updates the warning
// already raised for the file (one situation per file), so either path alone suffices.
import type { AppContext, Trx } from '../../context.ts';
import type { WarningLevel } from '../../../common/warnings.ts';
import { caseLabels, findCaseById } from '../cases/index.ts';
import type { BrokenAgreement } from '../mediation/index.ts';
import { raiseWarning } from './use-cases/raise-warning.ts';
import { loadSettings } from './warning-settings.ts';

/** False when the file's case no longer exists (nothing to warn of). */
export async function raiseBreachWarning(
  ctx: AppContext,
  trx: Trx,
  broken: BrokenAgreement,
  level: WarningLevel,
  at: Date,
): Promise<boolean> {
  const row = await findCaseById(trx, broken.caseId);
  if (!row) return false;
  const label = (await caseLabels(trx, [row.id])).get(row.id);
  const about = `${row.number}（${label?.categoryName ?? row.category_code}）`;
  const visited = broken.visitedAt.slice(0, 10);
  await raiseWarning(trx, ctx, {
    kind: 'agreement_breach',
    level,
    unitId: row.region_id,
    situationKey: `file:${broken.fileId}`,
    title: { zh: `调解协议未履行：事件 ${about}`, en: `Agreement broken: case ${row.number}` },
    explanation: {
      zh: `调解卷宗 ${broken.fileNumber} 的协议在 ${visited} 回访时发现未履行，纠纷可能反复，须督促履行或引导司法确认。`,
      en: `The agreement of mediation file ${broken.fileNumber} was found broken at the follow-up of ${visited}; the dispute may return and needs enforcing or judicial confirmation.`,
    },
    caseIds: [row.id],
    at,
  });
  return true;
}

/** The follow-up's hook: the rule's setting decides, as for the scan. */
export async function onBrokenAgreement(ctx: AppContext, trx: Trx, broken: BrokenAgreement): Promise<void> {
  const breach = (await loadSettings(trx)).get('agreement_breach');
  if (!breach?.enabled) return;
  await raiseBreachWarning(ctx, trx, broken, breach.level, ctx.clock.now());
}
