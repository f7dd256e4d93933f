// 调解结果: the mediation's outcome resolves the case — one transaction through the case's own
// resolve action, with the file concluded in its hook.
import type { AppContext } from '../../../context.ts';
import type { Actor } from '../../auth/index.ts';
import { performAction } from '../../cases/index.ts';
import { findAgreement, requireOpen, type LoadedFile } from '../mediation-file.ts';
import type { Outcome } from '../mediation.table.ts';
import { loadBoundAgreement } from '../agreement-binding.ts';
import { requireUnaltered } from '../agreement-text.ts';
import { fileChanged, invalid, optional, rule } from './file-command.ts';

/** Concludes the mediation and resolves the case, both in one transaction. */
export async function concludeMediation(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: { outcome: Outcome; note?: string | undefined; caseVersion: number },
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  const agreement = await findAgreement(ctx.db, loaded.file.id);
  const note = optional(input.note);
  if (input.outcome === 'agreement' && agreement?.status !== 'effective')
    throw rule('AGREEMENT_NOT_EFFECTIVE', '调解协议尚未生效 / The agreement has not taken effect');
  if (input.outcome === 'agreement') requireUnaltered((await loadBoundAgreement(ctx, ctx.db, loaded)).binding);
  if (input.outcome !== 'agreement' && !note) throw invalid('note', '请说明情况 / Say what happened');
  const result =
    input.outcome === 'agreement'
      ? `调解成功，达成调解协议（${loaded.file.number}），履行期限 ${agreement!.performance_deadline}。${note ?? ''}`
      : input.outcome === 'no_agreement'
        ? `调解未达成协议（${loaded.file.number}）：${note}`
        : `当事人撤回调解申请（${loaded.file.number}）：${note}`;
  await performAction(
    ctx,
    actor,
    loaded.caseRow.id,
    { action: 'resolve', version: input.caseVersion, result },
    clientIp,
    async (trx, event) => {
      const updated = await trx
        .updateTable('mediation_file')
        .set({
          status: 'concluded',
          outcome: input.outcome,
          outcome_note: note,
          outcome_at: event.at,
          version: loaded.file.version + 1,
          updated_at: event.at,
        })
        .where('id', '=', loaded.file.id)
        .where('status', '=', 'open')
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) throw fileChanged();
    },
  );
}
