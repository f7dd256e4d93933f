// HTTP for the 人民调解协议书 as .docx and as a printable A4 page: the legal original, with the
// parties' numbers in clear, so only the committee's mediators and a court the file went to may
// print it, and every print is audited. Both print the SHA-256 of the agreement's text, and
// …/agreement/verify says whether that text is still the one each signature bound.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { auditActorOf, authorize, type Actor } from '../auth/index.ts';
import { loadVisibleFile, type LoadedFile } from './mediation-file.ts';
import { AgreementVerification, FileParams } from './mediation.schemas.ts';
import { agreementFileName, renderAgreementDocx, renderAgreementHtml } from './agreement-document.ts';
import { agreementDocument, loadAgreementState } from './agreement-binding.ts';
import { bindingOf } from './agreement-text.ts';

const TAGS = ['mediation'];

/** The file's agreement with its binding; without one there is nothing to print or verify (404). */
async function agreementOf(ctx: AppContext, loaded: LoadedFile) {
  const state = await loadAgreementState(ctx.db, loaded.file.id);
  if (!state) throw new AppError('NOT_FOUND', '尚未起草调解协议 / There is no agreement yet');
  return { state, binding: bindingOf(ctx, loaded.file.number, state) };
}

async function auditDocument(ctx: AppContext, actor: Actor, loaded: LoadedFile, format: string, ip: string) {
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(
      trx,
      {
        actor: auditActorOf(actor, 'mediation:read'),
        action: 'mediation.agreement_document',
        subjectType: 'mediation_file',
        subjectId: loaded.file.id,
        outcome: 'success',
        clientIp: ip,
        details: { format, personalData: true },
      },
      ctx.clock.now(),
    ),
  );
}

/** Only the committee's mediators and a court the file went to print the document with clear numbers. */
function mayPrint(actor: Actor, loaded: LoadedFile): boolean {
  return actor.memberships.some(
    (m) =>
      (m.role === 'mediator' && m.unitId === loaded.committee.id) ||
      (m.role === 'department' && loaded.facts.linkedUnitIds.includes(m.unitId) && m.unitType === 'court'),
  );
}

function sendDocument(reply: FastifyReply, type: string, name: string, body: Buffer | string, inline: boolean) {
  return reply
    .header('content-type', type)
    .header('content-disposition', inline ? 'inline' : attachmentDisposition(name))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(body);
}

export function agreementDocumentRoutes(app: Api, ctx: AppContext): void {
  app.get(
    '/api/v1/mediations/:id/agreement/verify',
    {
      schema: {
        tags: TAGS,
        summary: '核验协议文本是否与签署时一致 / Is the agreement still the text that was signed?',
        description:
          '`textHash` is the SHA-256 of the agreement’s text now (canonical JSON, RFC 8785; the parties’ numbers as keyed digests), the hash the .docx and A4 page print; each signature lists the hash it bound (null: recorded before signatures were bound). `unchanged` is false once any differs: the text was changed after signing, and its signatures and effect do not hold. `documentHash`, the SHA-256 of the .docx as it stood with that signature, only for those who may print the document.',
        params: FileParams,
        response: { 200: AgreementVerification, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      const loaded = await loadVisibleFile(ctx, actor, { id: request.params.id });
      const { state, binding } = await agreementOf(ctx, loaded);
      const { signatures } = state;
      // A .docx hash digests the parties' numbers in clear: not for those who see them masked.
      const printer = mayPrint(actor, loaded);
      return {
        unchanged: binding.unchanged,
        textHash: binding.textHash,
        signedHashes: signatures.map((s) => ({
          signer: s.signer_key.startsWith('party:') ? ('party' as const) : (s.signer_key as 'mediator' | 'committee'),
          partyId: s.party_id,
          method: s.method,
          signedAt: s.signed_at,
          textHash: s.text_sha256,
          matches: s.text_sha256 === null ? null : s.text_sha256 === binding.textHash,
          documentHash: printer ? s.document_sha256 : null,
        })),
      };
    },
  );

  for (const format of ['docx', 'html'] as const) {
    app.get(
      `/api/v1/mediations/:id/agreement.${format}`,
      {
        schema: {
          tags: TAGS,
          summary:
            format === 'docx'
              ? '下载人民调解协议书（Word） / Download the agreement (.docx)'
              : '打印人民调解协议书（A4） / The agreement as a printable A4 page',
          description: 'Holds the parties’ numbers in clear: each download is audited.',
          params: FileParams,
          response: { 200: Type.Any({ description: format }), ...errorResponses(400, 401, 403, 404, 422) },
        },
      },
      async (request, reply) => {
        const actor = await authorize(ctx, request, 'mediation:read');
        const loaded = await loadVisibleFile(ctx, actor, { id: request.params.id });
        if (!mayPrint(actor, loaded))
          throw new AppError('FORBIDDEN', '无权打印协议书 / You may not print the agreement').denying(
            'mediation_file',
            loaded.file.id,
          );
        const { state, binding } = await agreementOf(ctx, loaded);
        if (state.agreement.form !== 'written')
          throw new AppError('ORAL_AGREEMENT', '口头协议没有协议书 / An oral agreement has no document');
        const doc = await agreementDocument(ctx, ctx.db, loaded, state, binding);
        await auditDocument(ctx, actor, loaded, format, request.ip);
        return format === 'docx'
          ? sendDocument(
              reply,
              'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
              agreementFileName(doc),
              await renderAgreementDocx(doc),
              false,
            )
          : sendDocument(reply, 'text/html; charset=utf-8', '', renderAgreementHtml(doc), true);
      },
    );
  }
}
