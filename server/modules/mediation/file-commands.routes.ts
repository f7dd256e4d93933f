// HTTP for the commands on a mediation file by one of its committee's mediators (mediators,
// parties, sessions, the time limit, the agreement with its signatures, the outcome that
// resolves the case, follow-ups, the hand-offs to court), each answering with the file as it is
// now, and the audited reveal of a party's numbers.
import { Type, type Static, type TSchema } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { errorResponses } from '../../platform/http/schemas.ts';
import { auditActorOf, authorize, type Actor } from '../auth/index.ts';
import { findParties, loadVisibleFile, loadWorkableFile, presentFile, type LoadedFile } from './mediation-file.ts';
import {
  AgreementBody,
  CourtBody,
  ExtensionBody,
  FileParams,
  FollowUpBody,
  LegalBasesBody,
  MediationFile,
  MediatorsBody,
  OutcomeBody,
  PartyBody,
  PartyParams,
  RevealBody,
  SessionBody,
  SessionNoticeBody,
  SignatureBody,
} from './mediation.schemas.ts';
import { assignMediators } from './use-cases/mediators.ts';
import { addParty, removeParty } from './use-cases/parties.ts';
import { recordSession, scheduleSession } from './use-cases/sessions.ts';
import { extendDeadline } from './use-cases/extension.ts';
import { makeEffective, saveAgreement } from './use-cases/agreement.ts';
import { recordSignature } from './use-cases/signatures.ts';
import { concludeMediation } from './use-cases/outcome.ts';
import { recordFollowUp } from './use-cases/follow-ups.ts';
import { applyForConfirmation, referToCourt } from './use-cases/send-to-court.ts';
import { citeLegalBases } from './use-cases/legal-bases.ts';

const TAGS = ['mediation'];

async function present(ctx: AppContext, actor: Actor, id: number) {
  return presentFile(ctx, actor, await loadVisibleFile(ctx, actor, { id }));
}

export function fileCommandRoutes(app: Api, ctx: AppContext): void {
  const ok = { 200: MediationFile, ...errorResponses(400, 401, 403, 404, 409, 422) };
  const created = { 201: MediationFile, ...errorResponses(400, 401, 403, 404, 409, 422) };

  /** A command on a file by one of its committee's mediators; answers with the file as it is now. */
  function workRoute<B extends TSchema>(route: {
    method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    summary: string;
    description?: string;
    body?: B;
    created?: boolean;
    run: (
      actor: Actor,
      loaded: LoadedFile,
      body: Static<B>,
      params: { partyId?: number },
      ip: string,
    ) => Promise<unknown>;
  }) {
    app.route({
      method: route.method,
      url: route.url,
      schema: {
        tags: TAGS,
        summary: route.summary,
        ...(route.description ? { description: route.description } : {}),
        params: route.url.includes(':partyId') ? PartyParams : FileParams,
        ...(route.body ? { body: route.body } : {}),
        response: route.created ? created : ok,
      },
      handler: async (request, reply) => {
        const params = request.params as { id: number; partyId?: number };
        const actor = await authorize(ctx, request, 'mediation:read');
        const loaded = await loadWorkableFile(ctx, actor, params.id);
        await route.run(actor, loaded, request.body as Static<B>, params, request.ip);
        return reply.status(route.created ? 201 : 200).send(await present(ctx, actor, loaded.file.id));
      },
    });
  }

  workRoute({
    method: 'PATCH',
    url: '/api/v1/mediations/:id',
    summary: '指定主持和协助调解员 / Assign the lead and assisting mediators',
    body: MediatorsBody,
    run: (actor, loaded, body, _p, ip) => assignMediators(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/parties',
    summary: '登记当事人 / Register a party',
    body: PartyBody,
    created: true,
    run: (actor, loaded, body, _p, ip) => addParty(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'DELETE',
    url: '/api/v1/mediations/:id/parties/:partyId',
    summary: '删除当事人（协议签署前） / Remove a party (before signing)',
    run: (actor, loaded, _b, params, ip) => removeParty(ctx, actor, loaded, params.partyId!, ip),
  });
  workRoute({
    method: 'PUT',
    url: '/api/v1/mediations/:id/legal-bases',
    summary: '引用调解依据（法条） / Cite the articles the mediation rests on',
    description:
      'Replaces the list of cited articles (GET /api/v1/legal-bases) with `articleIds`, in that order; an ' +
      'empty list cites none. Each is copied as it reads now, and the 人民调解协议书 prints them ' +
      '(依据《…》第…条). 422 LEGAL_BASIS_UNKNOWN names the ids that are no article in force; 422 ' +
      'AGREEMENT_SIGNED once anyone has signed the agreement (the citations are part of the signed text).',
    body: LegalBasesBody,
    run: (actor, loaded, body, _p, ip) => citeLegalBases(ctx, actor, loaded, body.articleIds, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/sessions',
    summary: '记录调解过程 / Record a mediation session',
    body: SessionBody,
    created: true,
    run: (actor, loaded, body, _p, ip) => recordSession(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/session-notices',
    summary: '通知当事人调解时间地点（短信） / Tell the parties when and where the next session is (SMS)',
    body: SessionNoticeBody,
    created: true,
    run: (actor, loaded, body, _p, ip) => scheduleSession(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/extension',
    summary: '经双方同意延长调解期限 / Extend the time limit with both sides’ consent',
    body: ExtensionBody,
    run: (actor, loaded, body, _p, ip) => extendDeadline(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'PUT',
    url: '/api/v1/mediations/:id/agreement',
    summary: '起草或修改调解协议（签署前） / Draft or edit the agreement (before signing)',
    body: AgreementBody,
    run: (actor, loaded, body, _p, ip) => saveAgreement(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/agreement/signatures',
    summary: '记录签名、盖章或按指印 / Record a signature, seal or fingerprint',
    body: SignatureBody,
    run: (actor, loaded, body, _p, ip) => recordSignature(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/agreement/effective',
    summary: '协议生效 / The agreement takes effect',
    description:
      '422 AGREEMENT_NOT_SIGNED (with `details.missing`) until every party, the mediator and the committee seal are recorded. Sets the 30-day judicial-confirmation deadline.',
    run: (actor, loaded, _b, _p, ip) => makeEffective(ctx, actor, loaded, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/outcome',
    summary: '调解结果并办结事件 / Record the outcome and resolve the case',
    description: '`caseVersion` is the case’s version (409 when stale). `agreement` needs an agreement in effect.',
    body: OutcomeBody,
    run: (actor, loaded, body, _p, ip) => concludeMediation(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/follow-ups',
    summary: '回访协议履行情况 / Record a follow-up visit',
    body: FollowUpBody,
    created: true,
    run: (actor, loaded, body, _p, ip) => recordFollowUp(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/judicial-confirmation',
    summary: '申请司法确认 / Apply for judicial confirmation',
    description: 'Within 30 days of the agreement taking effect; sent to the county court unless `courtId`.',
    body: CourtBody,
    created: true,
    run: (actor, loaded, body, _p, ip) => applyForConfirmation(ctx, actor, loaded, body, ip),
  });
  workRoute({
    method: 'POST',
    url: '/api/v1/mediations/:id/refer-to-court',
    summary: '调解不成移送法院 / Send a failed mediation to court',
    body: CourtBody,
    created: true,
    run: (actor, loaded, body, _p, ip) => referToCourt(ctx, actor, loaded, body, ip),
  });

  app.post(
    '/api/v1/mediations/:id/parties/:partyId/reveal',
    {
      schema: {
        tags: TAGS,
        summary: '查看当事人明文号码（留痕） / Show a party’s numbers (audited)',
        params: PartyParams,
        body: RevealBody,
        response: {
          200: Type.Object({
            phone: Type.Optional(Type.Union([Type.String(), Type.Null()])),
            idNumber: Type.Optional(Type.Union([Type.String(), Type.Null()])),
          }),
          ...errorResponses(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      const loaded = await loadWorkableFile(ctx, actor, request.params.id);
      const party = (await findParties(ctx.db, loaded.file.id)).find((p) => p.id === request.params.partyId);
      if (!party) throw new AppError('NOT_FOUND', '当事人不存在 / No such party');
      const fields: string[] = request.body.fields;
      const out: { phone?: string | null; idNumber?: string | null } = {};
      if (fields.includes('phone')) out.phone = party.phone_enc ? ctx.cipher.decrypt(party.phone_enc) : null;
      if (fields.includes('idNumber'))
        out.idNumber = party.id_number_enc ? ctx.cipher.decrypt(party.id_number_enc) : null;
      await ctx.db.transaction().execute((trx) =>
        ctx.audit.append(
          trx,
          {
            actor: auditActorOf(actor, 'mediation:manage'),
            action: 'mediation.party_reveal',
            subjectType: 'mediation_party',
            subjectId: party.id,
            outcome: 'success',
            clientIp: request.ip,
            details: { fileId: loaded.file.id, fields: request.body.fields },
          },
          ctx.clock.now(),
        ),
      );
      return out;
    },
  );
}
