// HTTP for mediation files: the list and one file, mediators, parties (numbers masked, revealed
// with an audit record), sessions, the time limit, the agreement with its signatures, the
// outcome that resolves the case, follow-ups, the 人民调解协议书 as .docx and as a printable page,
// the hand-offs to court, and the mediators' figures.
import type { FastifyReply } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  IdParams,
  Page,
  decodeCursor,
  keysetPage,
  errorResponses,
  positiveIntCursor,
} from '../../platform/http/schemas.ts';
import { attachmentDisposition } from '../../platform/files/file-name.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import { auditActorOf, authorize, type Actor } from '../auth/index.ts';
import {
  findAgreement,
  findParties,
  findSignatures,
  loadVisibleFile,
  loadWorkableFile,
  presentFile,
  type LoadedFile,
} from './mediation-file.ts';
import { fileScope } from './mediation.policy.ts';
import {
  AgreementBody,
  CourtBody,
  ExtensionBody,
  FileListQuery,
  FileParams,
  FileSummary,
  FollowUpBody,
  MediationFile,
  MediationStats,
  MediationStatsQuery,
  MediatorsBody,
  OutcomeBody,
  PartyBody,
  PartyParams,
  RevealBody,
  SessionBody,
  SignatureBody,
} from './mediation.schemas.ts';
import {
  addParty,
  assignMediators,
  concludeMediation,
  extendDeadline,
  makeEffective,
  recordFollowUp,
  recordSession,
  recordSignature,
  removeParty,
  saveAgreement,
} from './use-cases/work-file.ts';
import { applyForConfirmation, referToCourt } from './use-cases/hand-offs.ts';
import { openFile } from './use-cases/open-file.ts';
import { mediationFigures } from './mediation-stats.ts';
import {
  agreementFileName,
  renderAgreementDocx,
  renderAgreementHtml,
  type AgreementDocument,
} from './agreement-document.ts';

const TAGS = ['mediation'];
const isIdCursor = positiveIntCursor('id');

async function present(ctx: AppContext, actor: Actor, id: number) {
  return presentFile(ctx, actor, await loadVisibleFile(ctx, actor, { id }));
}

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
  const mediators =
    mediatorIds.length > 0
      ? await ctx.db.selectFrom('app_user').select(['id', 'display_name']).where('id', 'in', mediatorIds).execute()
      : [];
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
    mediatorNames: mediatorIds.map((id) => mediators.find((m) => m.id === id)?.display_name ?? '').filter(Boolean),
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

export function mediationRoutes(app: Api, ctx: AppContext): void {
  const ok = { 200: MediationFile, ...errorResponses(400, 401, 403, 404, 409, 422) };

  app.get(
    '/api/v1/mediations',
    {
      schema: {
        tags: TAGS,
        summary: '调解卷宗列表 / Mediation files',
        description: 'A mediator sees the files of their committees; leaders and dispatchers those of their area.',
        querystring: FileListQuery,
        response: { 200: Page(FileSummary), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      const q = request.query;
      const limit = q.limit ?? 20;
      const scope = fileScope(actor);
      if (scope.committeeIds.length === 0 && scope.regionPaths.length === 0) return { items: [], nextCursor: null };
      let query = ctx.db
        .selectFrom('mediation_file')
        .innerJoin('case_record', 'case_record.id', 'mediation_file.case_id')
        .innerJoin('org_unit', 'org_unit.id', 'mediation_file.committee_id')
        .select([
          'mediation_file.id',
          'mediation_file.number',
          'mediation_file.status',
          'mediation_file.registered_at',
          'mediation_file.deadline',
          'mediation_file.outcome',
          'mediation_file.committee_id',
          'org_unit.name as committee_name',
          'case_record.id as case_id',
          'case_record.number as case_number',
          'case_record.title as case_title',
          'case_record.status as case_status',
        ])
        .where((eb) =>
          eb.or([
            ...(scope.committeeIds.length > 0 ? [eb('mediation_file.committee_id', 'in', scope.committeeIds)] : []),
            ...scope.regionPaths.map((p) =>
              eb.and([
                eb('case_record.region_path', '>=', p),
                eb('case_record.region_path', '<', subtreeUpperBound(p)),
              ]),
            ),
          ]),
        );
      if (q.status) query = query.where('mediation_file.status', '=', q.status);
      if (q.committeeId) query = query.where('mediation_file.committee_id', '=', q.committeeId);
      const before = decodeCursor(q.cursor, isIdCursor)?.id;
      if (before !== undefined) query = query.where('mediation_file.id', '<', before);
      const rows = await query
        .orderBy('mediation_file.id', 'desc')
        .limit(limit + 1)
        .execute();
      const { page, nextCursor } = keysetPage(rows, limit, (r) => ({ id: r.id }));
      const now = ctx.clock.now().toISOString();
      return {
        items: page.map((r) => ({
          id: r.id,
          number: r.number,
          status: r.status,
          caseId: r.case_id,
          caseNumber: r.case_number,
          caseTitle: r.case_title,
          caseStatus: r.case_status,
          committeeId: r.committee_id,
          committeeName: r.committee_name,
          registeredAt: r.registered_at,
          deadline: r.deadline,
          overdue: r.status === 'open' && r.deadline < now,
          outcome: r.outcome,
        })),
        nextCursor,
      };
    },
  );

  app.get(
    '/api/v1/mediations/:id',
    {
      schema: {
        tags: TAGS,
        summary: '调解卷宗 / A mediation file',
        params: FileParams,
        response: ok,
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      return present(ctx, actor, request.params.id);
    },
  );

  app.get(
    '/api/v1/cases/:id/mediation',
    {
      schema: {
        tags: TAGS,
        summary: '事件的调解卷宗 / The mediation file of a case',
        description: 'Registered when a mediation committee accepts the case; 404 before.',
        params: IdParams,
        response: ok,
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      return presentFile(ctx, actor, await loadVisibleFile(ctx, actor, { caseId: request.params.id }));
    },
  );

  app.post(
    '/api/v1/cases/:id/mediation',
    {
      schema: {
        tags: TAGS,
        summary: '登记调解卷宗 / Register the mediation file of a dispute in mediation',
        description:
          'Files are registered automatically when a committee accepts a case; this registers one for a dispute the committee already handles without a file. 409 when it has one.',
        params: IdParams,
        response: { 201: MediationFile, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      await openFile(ctx, actor, request.params.id, request.ip);
      return reply
        .status(201)
        .send(await presentFile(ctx, actor, await loadVisibleFile(ctx, actor, { caseId: request.params.id })));
    },
  );

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
    method: 'POST',
    url: '/api/v1/mediations/:id/sessions',
    summary: '记录调解过程 / Record a mediation session',
    body: SessionBody,
    created: true,
    run: (actor, loaded, body, _p, ip) => recordSession(ctx, actor, loaded, body, ip),
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

  app.get(
    '/api/v1/stats/mediation',
    {
      schema: {
        tags: TAGS,
        summary: '调解员与调委会工作量、成功率、平均用时 / Mediators’ and committees’ figures',
        querystring: MediationStatsQuery,
        response: { 200: MediationStats, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const actor = await authorize(ctx, request, 'mediation:read');
      return mediationFigures(ctx, actor, request.query);
    },
  );
}
