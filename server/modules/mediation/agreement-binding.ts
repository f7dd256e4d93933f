// An agreement with what binds it (issue 13): its state (agreement, parties, signatures), the
// binding of its signatures to its text (agreement-text.ts), and its legal document — which prints
// the text's hash, says when the text no longer holds, and renders the same bytes each time, so a
// signature can keep the SHA-256 of the .docx as it stood.
import type { AppContext, Db, Trx } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { userNames } from '../auth/index.ts';
import { renderAgreementDocx, type AgreementDocument } from './agreement-document.ts';
import { agreementContent, bindingOf, sha256Hex, type AgreementState, type Binding } from './agreement-text.ts';
import { findAgreement, findLegalBases, findParties, findSignatures, type LoadedFile } from './mediation-file.ts';

type Executor = Db | Trx;

export async function loadAgreementState(db: Executor, fileId: number) {
  const agreement = await findAgreement(db, fileId);
  if (!agreement) return undefined;
  return {
    agreement,
    parties: await findParties(db, fileId),
    signatures: await findSignatures(db, agreement.id),
    legalBases: await findLegalBases(db, fileId),
  };
}

export type LoadedAgreement = NonNullable<Awaited<ReturnType<typeof loadAgreementState>>>;

/** The agreement of a file with its binding; 422 NO_AGREEMENT without one. */
export async function loadBoundAgreement(
  ctx: AppContext,
  db: Executor,
  loaded: LoadedFile,
): Promise<LoadedAgreement & { binding: Binding }> {
  const state = await loadAgreementState(db, loaded.file.id);
  if (!state) throw new AppError('NO_AGREEMENT', '尚未起草调解协议 / There is no agreement yet');
  return { ...state, binding: bindingOf(ctx, loaded.file.number, state) };
}

/** The agreement as the legal document: parties' numbers in clear (callers audit who sees it). */
export async function agreementDocument(
  ctx: AppContext,
  db: Executor,
  loaded: LoadedFile,
  state: AgreementState,
  binding: Binding,
): Promise<AgreementDocument> {
  const { agreement, parties, signatures } = state;
  const byKey = new Map(signatures.map((s) => [s.signer_key, s]));
  const mediatorIds = [
    ...(loaded.file.lead_mediator_id !== null ? [loaded.file.lead_mediator_id] : []),
    ...(JSON.parse(loaded.file.assist_mediator_ids) as number[]),
  ];
  const mediators = await userNames(db, mediatorIds);
  return {
    committeeName: loaded.committee.name,
    number: loaded.file.number,
    ...agreementContent(state, (sealed) => (sealed ? ctx.cipher.decrypt(sealed) : null)),
    mediatorNames: mediatorIds.map((id) => mediators.get(id) ?? '').filter(Boolean),
    // A text changed after signing never took effect.
    effectiveDate: agreement.effective_at && binding.unchanged ? beijingDay(new Date(agreement.effective_at)) : null,
    partySignatures: parties.map((p) => byKey.get(`party:${p.id}`)?.method ?? null),
    mediatorSigned: byKey.has('mediator'),
    committeeSealed: byKey.has('committee'),
    textHash: binding.textHash,
    altered: !binding.unchanged,
    createdAt: agreement.created_at,
  };
}

/** SHA-256 of the .docx of `state` (the same bytes the download gives for it). */
export async function documentHashOf(
  ctx: AppContext,
  db: Executor,
  loaded: LoadedFile,
  state: AgreementState,
  binding: Binding,
): Promise<string> {
  return sha256Hex(await renderAgreementDocx(await agreementDocument(ctx, db, loaded, state, binding)));
}
