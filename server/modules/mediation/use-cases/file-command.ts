// What every command on a mediation file shares (人民调解法 Art. 27–31; one file per command
// beside this one: mediators, parties, sessions, extension, agreement, signatures, outcome,
// follow-ups). Each runs in one transaction holding the file, with its audit record, and the
// steps a dispatcher needs to see also go onto the case timeline.
import type { AppContext, Trx } from '../../../context.ts';
import { AppError, type ErrorCode } from '../../../platform/http/errors.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { lockCase, recordCaseEvent } from '../../cases/index.ts';
import { findAgreement, findSignatures, type LoadedFile } from '../mediation-file.ts';

export const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

export const rule = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(code, message, details);

export function text(value: string | undefined | null, field: string, min = 1): string {
  const t = value?.trim() ?? '';
  if (t.length < min)
    throw invalid(field, min > 1 ? `至少 ${min} 个字 / At least ${min} characters` : '必填 / Required');
  return t;
}

export const optional = (value: string | undefined | null) => {
  const t = value?.trim();
  return t ? t : null;
};

export interface Step {
  action: string;
  details: Record<string, unknown>;
  /** Also shown on the case timeline. */
  timeline?: Record<string, unknown>;
}

/** Runs `work` in a transaction holding the file, then audits it (and adds it to the timeline). */
export async function inFile<T>(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  clientIp: string | null,
  work: (trx: Trx, at: string) => Promise<{ value: T; step: Step }>,
): Promise<T> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    // Case row first, then the file: the order a case action with a mediation hook takes.
    await lockCase(trx, ctx.dialect, loaded.caseRow.id);
    let lock = trx.selectFrom('mediation_file').select(['version']).where('id', '=', loaded.file.id);
    if (ctx.dialect === 'postgres') lock = lock.forUpdate();
    const current = await lock.executeTakeFirstOrThrow();
    const { value, step } = await work(trx, at);
    await trx
      .updateTable('mediation_file')
      .set({ version: current.version + 1, updated_at: at })
      .where('id', '=', loaded.file.id)
      .execute();
    const who = auditActorOf(actor, 'mediation:manage');
    if (step.timeline) {
      await recordCaseEvent(trx, ctx.dialect, {
        case_id: loaded.caseRow.id,
        action: step.action.replace('mediation.', 'mediation_'),
        actor_user_id: actor.userId,
        actor_name: actor.displayName,
        actor_role: who?.role ?? null,
        actor_unit_id: who?.unitId ?? null,
        at,
        data: JSON.stringify({ fileNumber: loaded.file.number, ...step.timeline }),
      });
    }
    await ctx.audit.append(
      trx,
      {
        actor: who,
        action: step.action,
        subjectType: 'mediation_file',
        subjectId: loaded.file.id,
        outcome: 'success',
        clientIp,
        details: step.details,
      },
      now,
    );
    return value;
  });
}

export function fileChanged(currentVersion?: number) {
  return new AppError(
    'VERSION_CONFLICT',
    '卷宗已被他人更新，请刷新后重试 / The file has changed; reload and try again',
    {
      ...(currentVersion !== undefined ? { currentVersion } : {}),
    },
  );
}

/** Parties and terms are fixed once anyone has signed. */
export async function requireUnsigned(trx: Trx, fileId: number) {
  const agreement = await findAgreement(trx, fileId);
  if (!agreement) return;
  const signatures = await findSignatures(trx, agreement.id);
  if (signatures.length > 0 || agreement.status === 'effective') {
    throw rule(
      'AGREEMENT_SIGNED',
      '协议已有签名或已生效，当事人和协议内容不能再改 / The agreement is signed; parties and terms are fixed',
    );
  }
}
