// 签名、盖章、按指印: each party, the mediator and the committee's seal, recorded once each, each
// binding the agreement's text: it keeps the SHA-256 of the text and of the .docx as they stand
// with it (agreement-text.ts), and none is recorded on a text changed since an earlier one.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import type { Actor } from '../../auth/index.ts';
import { findAgreement, findParties, requireOpen, type LoadedFile } from '../mediation-file.ts';
import type { SignMethod } from '../mediation.table.ts';
import { documentHashOf, loadBoundAgreement } from '../agreement-binding.ts';
import { requireUnaltered } from '../agreement-text.ts';
import { inFile, invalid, rule } from './file-command.ts';

export async function recordSignature(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: { signer: 'party' | 'mediator' | 'committee'; partyId?: number | undefined; method?: SignMethod | undefined },
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  const agreement = await findAgreement(ctx.db, loaded.file.id);
  if (!agreement) throw rule('NO_AGREEMENT', '尚未起草调解协议 / There is no agreement yet');
  if (agreement.form !== 'written') throw rule('ORAL_AGREEMENT', '口头协议无需签名 / An oral agreement is not signed');
  if (agreement.status === 'effective') throw rule('AGREEMENT_EFFECTIVE', '协议已生效 / The agreement is in effect');
  let key: string;
  let method: SignMethod;
  let partyId: number | null = null;
  switch (input.signer) {
    case 'party': {
      if (input.partyId === undefined) throw invalid('partyId', '必填 / Required');
      const parties = await findParties(ctx.db, loaded.file.id);
      if (!parties.some((p) => p.id === input.partyId)) throw invalid('partyId', '当事人不存在 / No such party');
      partyId = input.partyId;
      key = `party:${partyId}`;
      method = input.method ?? 'signature';
      break;
    }
    case 'mediator':
      if (input.method !== undefined && input.method !== 'signature')
        throw invalid('method', '调解员须签名 / The mediator signs');
      key = 'mediator';
      method = 'signature';
      break;
    case 'committee':
      if (input.method !== undefined && input.method !== 'seal')
        throw invalid('method', '委员会加盖印章 / The committee seals');
      key = 'committee';
      method = 'seal';
      break;
  }
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    // Read again under the file's lock: what this signature binds is the text as it is now.
    const state = await loadBoundAgreement(ctx, trx, loaded);
    requireUnaltered(state.binding);
    if (state.signatures.some((s) => s.signer_key === key)) throw new AppError('SIGNATURE_ALREADY_RECORDED');
    const textHash = state.binding.textHash;
    const withThis = {
      ...state,
      signatures: [...state.signatures, { signer_key: key, method, text_sha256: textHash }],
    };
    const documentHash = await documentHashOf(ctx, trx, loaded, withThis, state.binding);
    const done = await trx
      .insertInto('agreement_signature')
      .values({
        agreement_id: agreement.id,
        signer_key: key,
        party_id: partyId,
        user_id: input.signer === 'mediator' ? actor.userId : null,
        method,
        signed_at: at,
        recorded_by: actor.userId,
        text_sha256: textHash,
        document_sha256: documentHash,
      })
      .onConflict((oc) => oc.columns(['agreement_id', 'signer_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!done) throw new AppError('SIGNATURE_ALREADY_RECORDED');
    // The keyed, anchored audit chain keeps the hashes too: a rewrite of the signature row shows there.
    return {
      value: undefined,
      step: { action: 'mediation.signature', details: { signer: key, method, textHash, documentHash } },
    };
  });
}
