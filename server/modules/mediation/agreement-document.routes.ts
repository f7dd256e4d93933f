// HTTP for the 人民调解协议书 as .docx and as a printable A4 page: the legal original, with the
// parties' numbers in clear, so only the committee's mediators and a court the file went to may
// print it, and every print is audited.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { auditActorOf, authorize, userNames, type Actor } from '../auth/index.ts';
import { findAgreement, findParties, findSignatures, loadVisibleFile, type LoadedFile } from './mediation-file.ts';
import { FileParams } from './mediation.schemas.ts';
import {
  agreementFileName,
  renderAgreementDocx,
  renderAgreementHtml,
  type AgreementDocument,
} from './agreement-document.ts';

const TAGS = ['mediation'];

/** The agreement as the legal document: parties' numbers in clear, so every view is audited. */
async function agreementDocument(ctx: AppContext, loaded: LoadedFile): Promise<AgreementDocument> {
  const agreement = await findAgreement(ctx.db, loaded.file.id);
  if (!agreement) throw new AppError('NOT_FOUND', '尚未起草调解协议 / There is no agreement yet');
  if (agreement.form !== 'written')
    throw new AppError('ORAL_AGREEMENT', '口头协议没有协议书 / An oral agreement has no document');
  const parties = await findParties(ctx.db, loaded.file.id);
  const signatures = await findSignatures(ctx.db, agreement.id);
  const byKey = new Map(signatures.map((s) => [s.signer_key, s]));
  const mediatorIds = [
    ...(loaded.file.lead_mediator_id !== null ? [loaded.file.lead_mediator_id] : []),
    ...(JSON.parse(loaded.file.assist_mediator_ids) as number[]),
  ];
  const mediators = await userNames(ctx.db, mediatorIds);
  return {
    committeeName: loaded.committee.name,
    number: loaded.file.number,
    parties: parties.map((p) => ({
      role: p.role,
      kind: p.kind,
      name: p.name,
      gender: p.gender,
      ethnicity: p.ethnicity,
      birthDate: p.birth_date,
      idNumber: p.id_number_enc ? ctx.cipher.decrypt(p.id_number_enc) : null,
      phone: p.phone_enc ? ctx.cipher.decrypt(p.phone_enc) : null,
      address: p.address,
      representative: p.representative,
      creditCode: p.credit_code,
    })),
    facts: agreement.facts,
    issues: agreement.issues,
    responsibilities: agreement.responsibilities,
    terms: JSON.parse(agreement.terms) as string[],
    performanceManner: agreement.performance_manner,
    performanceDeadline: agreement.performance_deadline,
    copies: agreement.copies,
    mediatorNames: mediatorIds.map((id) => mediators.get(id) ?? '').filter(Boolean),
    effectiveDate: agreement.effective_at ? beijingDay(new Date(agreement.effective_at)) : null,
    partySignatures: parties.map((p) => byKey.get(`party:${p.id}`)?.method ?? null),
    mediatorSigned: byKey.has('mediator'),
    committeeSealed: byKey.has('committee'),
  };
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
        const doc = await agreementDocument(ctx, loaded);
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
