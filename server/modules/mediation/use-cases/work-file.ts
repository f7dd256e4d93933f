// Working a mediation file (人民调解法 Art. 27–31): mediators, parties, sessions, the time limit
// and its extension with both sides' consent, the agreement and its signatures, the outcome that
// resolves the case, and follow-up visits. Each command is one transaction with its audit record;
// the case timeline shows the steps a dispatcher needs to see.
import type { AppContext, Trx } from '../../../context.ts';
import { AppError, type ErrorCode } from '../../../platform/http/errors.ts';
import { isValidIdNumber, isValidPhone } from '../../../platform/crypto/personal-data.ts';
import { beijingDay, endOfBeijingDay } from '../../../platform/calendar/working-days.ts';
import { auditActorOf, type Actor } from '../../auth/index.ts';
import { performAction, recordCaseEvent } from '../../cases/index.ts';
import {
  addCalendarDays,
  findAgreement,
  findParties,
  findSignatures,
  missingSignatures,
  requireOpen,
  type LoadedFile,
} from '../mediation-file.ts';
import type { Outcome, PartyRole, Performance, SignMethod } from '../mediation.table.ts';

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

const rule = (code: ErrorCode, message: string, details?: Record<string, unknown>) =>
  new AppError(code, message, details);

function text(value: string | undefined | null, field: string, min = 1): string {
  const t = value?.trim() ?? '';
  if (t.length < min)
    throw invalid(field, min > 1 ? `至少 ${min} 个字 / At least ${min} characters` : '必填 / Required');
  return t;
}

const optional = (value: string | undefined | null) => {
  const t = value?.trim();
  return t ? t : null;
};

/** Judicial confirmation must be applied for within 30 days of the agreement taking effect (Art. 33). */
export const CONFIRMATION_WINDOW_DAYS = 30;

interface Step {
  action: string;
  details: Record<string, unknown>;
  /** Also shown on the case timeline. */
  timeline?: Record<string, unknown>;
}

/** Runs `work` in a transaction holding the file, then audits it (and adds it to the timeline). */
async function inFile<T>(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  clientIp: string | null,
  work: (trx: Trx, at: string) => Promise<{ value: T; step: Step }>,
): Promise<T> {
  const now = ctx.clock.now();
  const at = now.toISOString();
  return ctx.db.transaction().execute(async (trx) => {
    let lock = trx.selectFrom('mediation_file').select(['version']).where('id', '=', loaded.file.id);
    if (ctx.dialect === 'postgres') {
      // Case row first, then the file: the order a case action with a mediation hook takes.
      await trx.selectFrom('case_record').select('id').where('id', '=', loaded.caseRow.id).forUpdate().execute();
      lock = lock.forUpdate();
    }
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

async function requireMediators(ctx: AppContext, loaded: LoadedFile, ids: number[], field: string) {
  if (ids.length === 0) return;
  const rows = await ctx.db
    .selectFrom('membership')
    .innerJoin('app_user', 'app_user.id', 'membership.user_id')
    .select('membership.user_id')
    .where('membership.unit_id', '=', loaded.committee.id)
    .where('membership.role', '=', 'mediator')
    .where('membership.user_id', 'in', ids)
    .where('app_user.disabled', '=', 0)
    .execute();
  const found = new Set(rows.map((r) => r.user_id));
  const stranger = ids.find((id) => !found.has(id));
  if (stranger !== undefined)
    throw invalid(
      field,
      `用户 ${stranger} 不是本委员会的调解员 / User ${stranger} is not a mediator of this committee`,
    );
}

export async function assignMediators(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: { version: number; leadMediatorId?: number | undefined; assistMediatorIds?: number[] | undefined },
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  if (input.version !== loaded.file.version) throw fileChanged(loaded.file.version);
  const lead = input.leadMediatorId ?? loaded.file.lead_mediator_id;
  const assist = [
    ...new Set(input.assistMediatorIds ?? (JSON.parse(loaded.file.assist_mediator_ids) as number[])),
  ].filter((id) => id !== lead);
  await requireMediators(ctx, loaded, lead !== null ? [lead] : [], 'leadMediatorId');
  await requireMediators(ctx, loaded, assist, 'assistMediatorIds');
  await inFile(ctx, actor, loaded, clientIp, async (trx) => {
    const updated = await trx
      .updateTable('mediation_file')
      .set({ lead_mediator_id: lead, assist_mediator_ids: JSON.stringify(assist) })
      .where('id', '=', loaded.file.id)
      .where('version', '=', input.version)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1) throw fileChanged();
    return { value: undefined, step: { action: 'mediation.mediators', details: { lead, assist } } };
  });
}

function fileChanged(currentVersion?: number) {
  return new AppError(
    'VERSION_CONFLICT',
    '卷宗已被他人更新，请刷新后重试 / The file has changed; reload and try again',
    {
      ...(currentVersion !== undefined ? { currentVersion } : {}),
    },
  );
}

export interface PartyInput {
  role: PartyRole;
  kind: 'person' | 'organisation';
  name: string;
  gender?: string | undefined;
  ethnicity?: string | undefined;
  birthDate?: string | undefined;
  idNumber?: string | undefined;
  phone?: string | undefined;
  address?: string | undefined;
  representative?: string | undefined;
  creditCode?: string | undefined;
}

async function requireUnsigned(trx: Trx, fileId: number) {
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

export async function addParty(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: PartyInput,
  clientIp: string | null,
): Promise<number> {
  requireOpen(loaded);
  const name = text(input.name, 'name');
  const idNumber = optional(input.idNumber)?.toUpperCase() ?? null;
  const phone = optional(input.phone)?.replace(/\s+/g, '') ?? null;
  if (idNumber !== null && (input.kind !== 'person' || !isValidIdNumber(idNumber)))
    throw invalid('idNumber', '身份证号码无效 / Invalid ID number');
  if (phone !== null && !isValidPhone(phone)) throw invalid('phone', '电话号码格式无效 / Invalid phone number');
  if (input.birthDate !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(input.birthDate))
    throw invalid('birthDate', '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD');
  if (input.kind === 'organisation' && (input.gender || input.ethnicity || input.birthDate))
    throw invalid(
      'kind',
      '单位当事人没有性别、民族、出生日期 / An organisation has no gender, ethnicity or birth date',
    );
  return inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    await requireUnsigned(trx, loaded.file.id);
    const row = await trx
      .insertInto('mediation_party')
      .values({
        file_id: loaded.file.id,
        role: input.role,
        kind: input.kind,
        name,
        gender: optional(input.gender),
        ethnicity: optional(input.ethnicity),
        birth_date: optional(input.birthDate),
        id_number_enc: idNumber ? ctx.cipher.encrypt(idNumber) : null,
        id_number_hash: idNumber ? ctx.cipher.blindIndex(idNumber) : null,
        phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
        phone_hash: phone ? ctx.cipher.blindIndex(phone) : null,
        address: optional(input.address),
        representative: optional(input.representative),
        credit_code: optional(input.creditCode),
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { value: row.id, step: { action: 'mediation.party_add', details: { partyId: row.id, role: input.role } } };
  });
}

export async function removeParty(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  partyId: number,
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  await inFile(ctx, actor, loaded, clientIp, async (trx) => {
    await requireUnsigned(trx, loaded.file.id);
    const removed = await trx
      .deleteFrom('mediation_party')
      .where('id', '=', partyId)
      .where('file_id', '=', loaded.file.id)
      .executeTakeFirst();
    if (Number(removed.numDeletedRows) !== 1) throw new AppError('NOT_FOUND', '当事人不存在 / No such party');
    return { value: undefined, step: { action: 'mediation.party_remove', details: { partyId } } };
  });
}

export interface SessionInput {
  heldAt: string;
  place: string;
  attendees: string[];
  record: string;
  agreed?: string | undefined;
  nextStep?: string | undefined;
}

export async function recordSession(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: SessionInput,
  clientIp: string | null,
): Promise<number> {
  requireOpen(loaded);
  const heldAt = new Date(input.heldAt);
  if (Number.isNaN(heldAt.getTime())) throw invalid('heldAt', '时间无效 / Invalid time');
  if (heldAt.getTime() > ctx.clock.now().getTime() + 3_600_000)
    throw invalid('heldAt', '不能记录尚未举行的调解 / A session is recorded after it is held');
  // A session on the day the file was registered counts, even before the acceptance click.
  if (heldAt.getTime() < Date.parse(loaded.file.registered_at) - 86_400_000)
    throw invalid('heldAt', '早于卷宗登记日期 / Before the file was registered');
  const attendees = [...new Set(input.attendees.map((a) => a.trim()).filter(Boolean))];
  if (attendees.length === 0) throw invalid('attendees', '请填写参加人员 / Who attended');
  const record = text(input.record, 'record', 5);
  const place = text(input.place, 'place');
  return inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    const last = await trx
      .selectFrom('mediation_session')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('file_id', '=', loaded.file.id)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    const row = await trx
      .insertInto('mediation_session')
      .values({
        file_id: loaded.file.id,
        seq,
        held_at: heldAt.toISOString(),
        place,
        attendees: JSON.stringify(attendees),
        record,
        agreed: optional(input.agreed),
        next_step: optional(input.nextStep),
        recorded_by: actor.userId,
        created_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      value: row.id,
      step: {
        action: 'mediation.session',
        details: { sessionId: row.id, seq },
        timeline: { seq, heldAt: heldAt.toISOString(), place },
      },
    };
  });
}

/** Extended only with both sides' consent (every applicant and respondent named). */
export async function extendDeadline(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: { until: string; consent: string; partyIds: number[] },
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.until)) throw invalid('until', '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD');
  const until = endOfBeijingDay(input.until);
  if (Number.isNaN(until.getTime()) || until.toISOString() <= loaded.file.deadline)
    throw invalid('until', '延长后的期限须晚于现期限 / Must be later than the current time limit');
  const consent = text(input.consent, 'consent', 2);
  const parties = await findParties(ctx.db, loaded.file.id);
  const sides = parties.filter((p) => p.role !== 'third_party');
  const missing = sides.filter((p) => !input.partyIds.includes(p.id));
  if (sides.length === 0 || missing.length > 0) {
    throw rule('CONSENT_REQUIRED', '延长调解期限须经双方当事人同意 / Both sides must consent to an extension', {
      missingPartyIds: missing.map((p) => p.id),
    });
  }
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    const extension = { from: loaded.file.deadline, to: until.toISOString(), consent, partyIds: input.partyIds, at };
    await trx
      .updateTable('mediation_file')
      .set({ deadline: until.toISOString(), extension: JSON.stringify(extension) })
      .where('id', '=', loaded.file.id)
      .execute();
    return {
      value: undefined,
      step: { action: 'mediation.extension', details: extension, timeline: { until: until.toISOString() } },
    };
  });
}

export interface AgreementInput {
  form: 'written' | 'oral';
  facts: string;
  issues: string;
  responsibilities: string;
  terms: string[];
  performanceManner: string;
  performanceDeadline: string;
  copies?: number | undefined;
}

export async function saveAgreement(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: AgreementInput,
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  const terms = input.terms.map((t) => t.trim()).filter(Boolean);
  if (terms.length === 0) throw invalid('terms', '请写明协议内容 / State what was agreed');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.performanceDeadline) || Number.isNaN(Date.parse(input.performanceDeadline)))
    throw invalid('performanceDeadline', '日期格式为 YYYY-MM-DD / Use YYYY-MM-DD');
  if (input.performanceDeadline < beijingDay(ctx.clock.now()))
    throw invalid('performanceDeadline', '履行期限不能早于今天 / The deadline cannot be in the past');
  const values = {
    form: input.form,
    facts: text(input.facts, 'facts', 5),
    issues: text(input.issues, 'issues', 2),
    responsibilities: text(input.responsibilities, 'responsibilities', 2),
    terms: JSON.stringify(terms),
    performance_manner: text(input.performanceManner, 'performanceManner', 2),
    performance_deadline: input.performanceDeadline,
    copies: input.copies ?? 3,
  };
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    await requireUnsigned(trx, loaded.file.id);
    const existing = await findAgreement(trx, loaded.file.id);
    if (existing) {
      await trx
        .updateTable('mediation_agreement')
        .set({ ...values, version: existing.version + 1, updated_at: at })
        .where('id', '=', existing.id)
        .execute();
    } else {
      await trx
        .insertInto('mediation_agreement')
        .values({
          ...values,
          file_id: loaded.file.id,
          status: 'draft',
          effective_at: null,
          confirmation_deadline: null,
          performance: 'pending',
          version: 1,
          created_at: at,
          updated_at: at,
        })
        .execute();
    }
    return { value: undefined, step: { action: 'mediation.agreement_save', details: { form: input.form } } };
  });
}

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
      })
      .onConflict((oc) => oc.columns(['agreement_id', 'signer_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!done) throw new AppError('SIGNATURE_ALREADY_RECORDED');
    return { value: undefined, step: { action: 'mediation.signature', details: { signer: key, method } } };
  });
}

/** Art. 29: in effect once every party, the mediator and the committee's seal are on it. */
export async function makeEffective(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  clientIp: string | null,
): Promise<void> {
  requireOpen(loaded);
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    const agreement = await findAgreement(trx, loaded.file.id);
    if (!agreement) throw rule('NO_AGREEMENT', '尚未起草调解协议 / There is no agreement yet');
    if (agreement.status === 'effective') throw rule('AGREEMENT_EFFECTIVE', '协议已生效 / The agreement is in effect');
    const parties = await findParties(trx, loaded.file.id);
    if (!parties.some((p) => p.role === 'applicant') || !parties.some((p) => p.role === 'respondent'))
      throw rule('PARTIES_MISSING', '协议须有申请人和被申请人 / The agreement needs both sides');
    const missing =
      agreement.form === 'written' ? missingSignatures(parties, await findSignatures(trx, agreement.id)) : [];
    if (missing.length > 0) {
      const names = new Map(parties.map((p) => [`party:${p.id}`, p.name]));
      throw rule(
        'AGREEMENT_NOT_SIGNED',
        `尚缺签名或印章：${missing.map((k) => names.get(k) ?? (k === 'mediator' ? '人民调解员' : '调解委员会印章')).join('、')} / Signatures or the seal are missing`,
        { missing },
      );
    }
    const day = beijingDay(new Date(at));
    const confirmationDeadline = addCalendarDays(day, CONFIRMATION_WINDOW_DAYS);
    await trx
      .updateTable('mediation_agreement')
      .set({
        status: 'effective',
        effective_at: at,
        confirmation_deadline: confirmationDeadline,
        version: agreement.version + 1,
        updated_at: at,
      })
      .where('id', '=', agreement.id)
      .execute();
    return {
      value: undefined,
      step: {
        action: 'mediation.agreement_effective',
        details: { agreementId: agreement.id, confirmationDeadline },
        timeline: { effectiveAt: at, confirmationDeadline },
      },
    };
  });
}

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

/** 回访: whether the agreement is being kept. */
export async function recordFollowUp(
  ctx: AppContext,
  actor: Actor,
  loaded: LoadedFile,
  input: { performance: Performance; note: string; visitedAt?: string | undefined },
  clientIp: string | null,
): Promise<void> {
  const agreement = await findAgreement(ctx.db, loaded.file.id);
  if (agreement?.status !== 'effective')
    throw rule('AGREEMENT_NOT_EFFECTIVE', '只有生效的协议需要回访 / Only an agreement in effect is followed up');
  const visitedAt = input.visitedAt ? new Date(input.visitedAt) : ctx.clock.now();
  if (Number.isNaN(visitedAt.getTime()) || visitedAt.getTime() > ctx.clock.now().getTime() + 3_600_000)
    throw invalid('visitedAt', '时间无效 / Invalid time');
  const note = text(input.note, 'note', 2);
  await inFile(ctx, actor, loaded, clientIp, async (trx, at) => {
    await trx
      .insertInto('mediation_followup')
      .values({
        file_id: loaded.file.id,
        visited_at: visitedAt.toISOString(),
        performance: input.performance,
        note,
        recorded_by: actor.userId,
        created_at: at,
      })
      .execute();
    await trx
      .updateTable('mediation_agreement')
      .set({ performance: input.performance, updated_at: at })
      .where('id', '=', agreement.id)
      .execute();
    return {
      value: undefined,
      step: {
        action: 'mediation.follow_up',
        details: { performance: input.performance },
        timeline: { performance: input.performance },
      },
    };
  });
}
