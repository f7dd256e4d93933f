// Loading a mediation file with what access needs, and presenting it to one actor: parties'
// numbers masked, the agreement with its signatures and what is still missing, the
// judicial-confirmation countdown, follow-ups and the hand-offs of the case.
import type { Selectable } from 'kysely';
import type { AppContext, Db, Trx } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { maskIdNumber, maskPhone } from '../../platform/crypto/personal-data.ts';
import { beijingDay } from '../../platform/calendar/working-days.ts';
import { userNames, type Actor } from '../auth/index.ts';
import { findCaseById, loadVisibleCase, type CaseRow } from '../cases/index.ts';
import { findUnitById, unitNames, type OrgUnitRow } from '../org/index.ts';
import { mayReadFile, mayWorkFile, type FileFacts } from './mediation.policy.ts';
import { bindingOf } from './agreement-text.ts';
import type {
  AgreementSignatureTable,
  MediationAgreementTable,
  MediationFileTable,
  MediationLegalBasisTable,
  MediationPartyTable,
} from './mediation.table.ts';

type Executor = Db | Trx;
export type FileRow = Selectable<MediationFileTable>;
export type PartyRow = Selectable<MediationPartyTable>;
export type AgreementRow = Selectable<MediationAgreementTable>;
export type SignatureRow = Selectable<AgreementSignatureTable>;
export type LegalBasisRow = Selectable<MediationLegalBasisTable>;

export interface LoadedFile {
  file: FileRow;
  caseRow: CaseRow;
  committee: OrgUnitRow;
  facts: FileFacts;
}

const DAY_MS = 86_400_000;

/** Whole days from Beijing today to `day` (YYYY-MM-DD); negative once it has passed. */
export function daysUntil(day: string, now: Date): number {
  return Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${beijingDay(now)}T00:00:00Z`)) / DAY_MS);
}

export function addCalendarDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export async function linkedUnitIds(db: Executor, caseId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('referral')
    .select(['from_unit_id', 'to_unit_id'])
    .where('case_id', '=', caseId)
    .execute();
  return [...new Set(rows.flatMap((r) => [r.from_unit_id, r.to_unit_id]))];
}

export async function loadFile(db: Executor, where: { id: number } | { caseId: number }) {
  const file = await db
    .selectFrom('mediation_file')
    .selectAll()
    .where('id' in where ? 'id' : 'case_id', '=', 'id' in where ? where.id : where.caseId)
    .executeTakeFirst();
  if (!file) return undefined;
  const caseRow = await findCaseById(db, file.case_id);
  const committee = await findUnitById(db, file.committee_id);
  if (!caseRow || !committee) return undefined;
  const loaded: LoadedFile = {
    file,
    caseRow,
    committee,
    facts: {
      regionPath: caseRow.region_path,
      committeeId: file.committee_id,
      linkedUnitIds: await linkedUnitIds(db, caseRow.id),
    },
  };
  return loaded;
}

const noSuchFile = () => new AppError('NOT_FOUND', '调解卷宗不存在 / No such mediation file');

/** The file if this actor may see it; otherwise it does not exist (404). */
export async function loadVisibleFile(
  ctx: AppContext,
  actor: Actor,
  where: { id: number } | { caseId: number },
): Promise<LoadedFile> {
  const loaded = await loadFile(ctx.db, where);
  if (!loaded) throw noSuchFile();
  if (!mayReadFile(actor, loaded.facts)) throw noSuchFile().denying('mediation_file', loaded.file.id);
  return loaded;
}

/**
 * The case's file if this actor may see it, or null while the case has none — only for a case
 * the actor sees: otherwise the case does not exist for it (404) either way.
 */
export async function loadVisibleFileOfCase(ctx: AppContext, actor: Actor, caseId: number): Promise<LoadedFile | null> {
  const loaded = await loadFile(ctx.db, { caseId });
  if (loaded) {
    if (!mayReadFile(actor, loaded.facts)) throw noSuchFile().denying('mediation_file', loaded.file.id);
    return loaded;
  }
  await loadVisibleCase(ctx, actor, caseId);
  return null;
}

/** The file, for a committee mediator working it: 404 when invisible, 403 when read-only. */
export async function loadWorkableFile(ctx: AppContext, actor: Actor, id: number): Promise<LoadedFile> {
  const loaded = await loadVisibleFile(ctx, actor, { id });
  if (!mayWorkFile(actor, loaded.facts)) {
    throw new AppError(
      'FORBIDDEN',
      '只有本委员会的调解员可以办理 / Only this committee’s mediators may do this',
    ).denying('mediation_file', id);
  }
  return loaded;
}

/** Mediation work happens while the case is being handled; a concluded file is read-only. */
export function requireOpen(loaded: LoadedFile): void {
  if (loaded.file.status !== 'open' || loaded.caseRow.status !== 'in_progress') {
    throw new AppError('MEDIATION_CLOSED', undefined, {
      fileStatus: loaded.file.status,
      caseStatus: loaded.caseRow.status,
    });
  }
}

export async function findAgreement(db: Executor, fileId: number) {
  return db.selectFrom('mediation_agreement').selectAll().where('file_id', '=', fileId).executeTakeFirst();
}

/** The articles cited in a file, in the order cited. */
export async function findLegalBases(db: Executor, fileId: number): Promise<LegalBasisRow[]> {
  return db.selectFrom('mediation_legal_basis').selectAll().where('file_id', '=', fileId).orderBy('position').execute();
}

export async function findParties(db: Executor, fileId: number) {
  return db.selectFrom('mediation_party').selectAll().where('file_id', '=', fileId).orderBy('id').execute();
}

export async function findSignatures(db: Executor, agreementId: number) {
  return db
    .selectFrom('agreement_signature')
    .selectAll()
    .where('agreement_id', '=', agreementId)
    .orderBy('id')
    .execute();
}

/** Who still has to sign before the agreement may take effect (Art. 29). */
export function missingSignatures(parties: PartyRow[], signatures: SignatureRow[]): string[] {
  const keys = new Set(signatures.map((s) => s.signer_key));
  return [...parties.map((p) => `party:${p.id}`), 'mediator', 'committee'].filter((k) => !keys.has(k));
}

export function presentParty(ctx: AppContext, p: PartyRow) {
  return {
    id: p.id,
    role: p.role,
    kind: p.kind,
    name: p.name,
    gender: p.gender,
    ethnicity: p.ethnicity,
    birthDate: p.birth_date,
    idNumber: p.id_number_enc ? maskIdNumber(ctx.cipher.decrypt(p.id_number_enc)) : null,
    phone: p.phone_enc ? maskPhone(ctx.cipher.decrypt(p.phone_enc)) : null,
    address: p.address,
    representative: p.representative,
    creditCode: p.credit_code,
  };
}

export async function presentFile(ctx: AppContext, actor: Actor, loaded: LoadedFile) {
  const { file, caseRow, committee } = loaded;
  const now = ctx.clock.now();
  const [parties, sessions, agreement, followUps, referrals] = [
    await findParties(ctx.db, file.id),
    await ctx.db.selectFrom('mediation_session').selectAll().where('file_id', '=', file.id).orderBy('seq').execute(),
    await findAgreement(ctx.db, file.id),
    await ctx.db.selectFrom('mediation_followup').selectAll().where('file_id', '=', file.id).orderBy('id').execute(),
    await ctx.db
      .selectFrom('referral')
      .select([
        'id',
        'kind',
        'status',
        'from_unit_id',
        'to_unit_id',
        'external_ref',
        'deadline',
        'sent_at',
        'received_at',
        'returned_at',
        'result_outcome',
        'result',
      ])
      .where('case_id', '=', caseRow.id)
      .orderBy('id')
      .execute(),
  ];
  const unitName = await unitNames(
    ctx.db,
    referrals.flatMap((r) => [r.from_unit_id, r.to_unit_id]),
  );
  const signatures = agreement ? await findSignatures(ctx.db, agreement.id) : [];
  const legalBases = await findLegalBases(ctx.db, file.id);
  // Whether the signed text still holds (agreement-text.ts): a changed one is shown as altered, not in effect.
  const binding = agreement ? bindingOf(ctx, file.number, { agreement, parties, signatures, legalBases }) : null;
  const assistIds = JSON.parse(file.assist_mediator_ids) as number[];
  const names = await userNames(ctx.db, [
    ...(file.lead_mediator_id !== null ? [file.lead_mediator_id] : []),
    ...assistIds,
    ...sessions.flatMap((s) => (s.recorded_by !== null ? [s.recorded_by] : [])),
    ...signatures.flatMap((s) => (s.user_id !== null ? [s.user_id] : [])),
  ]);
  const person = (id: number) => ({ id, name: names.get(id) ?? '' });
  const partyName = new Map(parties.map((p) => [p.id, p.name]));
  const deadlineDay = beijingDay(new Date(file.deadline));
  return {
    id: file.id,
    number: file.number,
    status: file.status,
    version: file.version,
    case: {
      id: caseRow.id,
      number: caseRow.number,
      title: caseRow.title,
      status: caseRow.status,
      version: caseRow.version,
      categoryCode: caseRow.category_code,
      channel: caseRow.channel,
    },
    committee: { id: committee.id, name: committee.name, kind: committee.kind },
    leadMediator: file.lead_mediator_id !== null ? person(file.lead_mediator_id) : null,
    assistMediators: assistIds.map(person),
    registeredAt: file.registered_at,
    deadline: file.deadline,
    daysLeft: file.status === 'open' ? daysUntil(deadlineDay, now) : null,
    overdue: file.status === 'open' && file.deadline < now.toISOString(),
    // Written by use-cases/extension.ts (extendDeadline); the table documents the same shape.
    extension: file.extension
      ? (JSON.parse(file.extension) as { from: string; to: string; consent: string; partyIds: number[]; at: string })
      : null,
    outcome: file.outcome,
    outcomeNote: file.outcome_note,
    outcomeAt: file.outcome_at,
    parties: parties.map((p) => presentParty(ctx, p)),
    sessions: sessions.map((s) => ({
      id: s.id,
      seq: s.seq,
      heldAt: s.held_at,
      place: s.place,
      attendees: JSON.parse(s.attendees) as string[],
      record: s.record,
      agreed: s.agreed,
      nextStep: s.next_step,
      recordedBy: s.recorded_by !== null ? person(s.recorded_by) : null,
      createdAt: s.created_at,
    })),
    agreement: agreement
      ? {
          id: agreement.id,
          form: agreement.form,
          facts: agreement.facts,
          issues: agreement.issues,
          responsibilities: agreement.responsibilities,
          terms: JSON.parse(agreement.terms) as string[],
          performanceManner: agreement.performance_manner,
          performanceDeadline: agreement.performance_deadline,
          copies: agreement.copies,
          status: binding?.unchanged === false ? ('altered' as const) : agreement.status,
          textHash: binding!.textHash,
          textUnchanged: binding!.unchanged,
          version: agreement.version,
          effectiveAt: agreement.effective_at,
          confirmationDeadline: agreement.confirmation_deadline,
          confirmationDaysLeft:
            agreement.confirmation_deadline !== null
              ? Math.max(-1, daysUntil(agreement.confirmation_deadline, now))
              : null,
          performance: agreement.performance,
          signatures: signatures.map((s) => ({
            signer: s.signer_key.startsWith('party:') ? 'party' : s.signer_key,
            partyId: s.party_id,
            name:
              s.party_id !== null
                ? (partyName.get(s.party_id) ?? '')
                : s.signer_key === 'committee'
                  ? committee.name
                  : (names.get(s.user_id ?? -1) ?? ''),
            method: s.method,
            signedAt: s.signed_at,
          })),
          missingSignatures: agreement.form === 'written' ? missingSignatures(parties, signatures) : [],
        }
      : null,
    legalBases: legalBases.map((b) => ({
      articleId: b.article_id,
      lawTitle: b.law_title,
      label: b.article_label,
      text: b.article_text,
      versionDate: b.version_date,
      citedAt: b.cited_at,
    })),
    followUps: followUps.map((f) => ({
      id: f.id,
      visitedAt: f.visited_at,
      performance: f.performance,
      note: f.note,
      createdAt: f.created_at,
    })),
    referrals: referrals.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status,
      fromUnitName: unitName.get(r.from_unit_id) ?? '',
      toUnitName: unitName.get(r.to_unit_id) ?? '',
      externalRef: r.external_ref,
      deadline: r.deadline,
      sentAt: r.sent_at,
      receivedAt: r.received_at,
      returnedAt: r.returned_at,
      resultOutcome: r.result_outcome,
      result: r.result,
    })),
    abilities: { work: mayWorkFile(actor, loaded.facts) },
  };
}
