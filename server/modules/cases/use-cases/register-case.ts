// 受理: one intake for every channel. Locates the grid, finds the owning centre from the
// responsibility list, numbers the case per county and year, gives it a tracking code, seals the
// reporter's phone, starts the triage time limit and suggests possible duplicates — in one
// transaction with its audit, the reporter's `case.received` notice and, when the client sent one,
// its Idempotency-Key. A case another system sends keeps its reference (externalRef): a retry
// returns the case already made (`replayed`), whatever the retry's body says.
import type { AppContext, Trx } from '../../../context.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import { enqueue } from '../../../platform/outbox/outbox.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isValidPhone } from '../../../platform/crypto/personal-data.ts';
import { addWorkingDays, beijingDay, yellowCardAt } from '../../../platform/calendar/working-days.ts';
import { accountPhone, anchorPathOf, auditActorOf, can, type Actor } from '../../auth/index.ts';
import { findAncestorsWithCentres, findUnitById, locateGrid, toGcj02, type OrgUnitRow } from '../../org/index.ts';
import { loadWorkCalendar } from '../../calendar/index.ts';
import { findCategory } from '../category.repository.ts';
import { canReadCase, caseScope } from '../cases.policy.ts';
import {
  appendEvent,
  findNearbyOpenCases,
  indexCaseText,
  nextNumber,
  nextNumberUnflushed,
  type CaseRow,
} from '../cases.repository.ts';
import { searchText, similarity } from '../search-text.ts';
import { bindKey, claimKey, type Claim, type IdempotencyKey } from '../idempotency.ts';
import { RESIDENT_CHANNELS, spendIntakeBudget } from '../intake-limits.ts';
import { loadCase } from '../case-view.ts';
import { newTrackingCode } from '../tracking-code.ts';
import { findCaseByExternalRef, violatesUnique, type ExternalRef } from '../external-ref.ts';
import { answerDirectly, type DirectAnswerInput } from './direct-answer.ts';
import { runCaseRegisteredHooks } from '../case-hooks.ts';

export const CHANNELS = [
  'window',
  'hotline',
  'web',
  'grid_patrol',
  'court_referral',
  'police_referral',
  'petition_referral',
  'api',
  'open311',
] as const;
export const KINDS = ['dispute', 'complaint', 'request', 'hazard', 'inquiry', 'suggestion'] as const;

export interface RegisterCaseInput {
  kind: string;
  categoryCode: string;
  description: string;
  channel: string;
  title?: string | undefined;
  location?: { lng: number; lat: number; crs?: 'gcj02' | 'wgs84' | undefined } | undefined;
  address?: string | undefined;
  unitId?: number | undefined;
  reporter?: { name?: string | undefined; phone?: string | undefined } | undefined;
  /** The sending system's reference: at most one case per {system, id}. */
  externalRef?: ExternalRef | undefined;
  /** 直接答复: the operator answers from a knowledge-base article and the case is resolved at once. */
  directAnswer?: DirectAnswerInput | undefined;
  /** 涉及人数, and whether intake marks it a group matter (issue 17's group-dispute warning). */
  involvedCount?: number | undefined;
  groupMatter?: boolean | undefined;
}

export interface RegisterOptions {
  idempotency?: IdempotencyKey | undefined;
  /**
   * The service account sending the case, told of its every change of status; by default the
   * actor's own (an API key's actor), null for a person.
   */
  serviceAccountId?: number | null | undefined;
}

export interface PossibleDuplicate {
  id: number;
  number: string;
  title: string;
  similarity: number;
}

const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

/** Where the case is: the grid at the point, the chosen unit, or the reporter's own grid. */
async function placeCase(
  ctx: AppContext,
  actor: Actor | null,
  input: RegisterCaseInput,
): Promise<{ region: OrgUnitRow; point: [number, number] | null }> {
  const crs = input.location?.crs ?? 'gcj02';
  const point = input.location ? toGcj02(input.location.lng, input.location.lat, crs) : null;
  if (input.location) {
    try {
      return { region: await locateGrid(ctx, input.location.lng, input.location.lat, crs), point };
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'NOT_IN_ANY_GRID') throw error;
      if (input.unitId === undefined) {
        throw new AppError(
          'LOCATION_OUTSIDE_GRIDS',
          '该位置不在任何网格内，请选择所属单位 / The point is in no grid; choose a unit',
          { field: 'location' },
        );
      }
    }
  }
  if (input.unitId !== undefined) {
    const unit = await findUnitById(ctx.db, input.unitId);
    const region =
      unit?.type === 'region' ? unit : unit?.parent_id != null ? await findUnitById(ctx.db, unit.parent_id) : undefined;
    if (!region) throw invalid('unitId', '单位不存在 / Unknown unit');
    return { region, point };
  }
  const home = actor?.memberships.find((m) => m.role === 'grid_worker' || m.role === 'resident');
  const unit = home ? await findUnitById(ctx.db, home.unitId) : undefined;
  if (unit) return { region: unit, point };
  throw invalid('location', '请提供位置或所属单位 / Give a location or a unit');
}

/** The centre that triages: the 综治中心 of the owning level's ancestor (township or county). */
async function owningCentre(
  ctx: AppContext,
  region: OrgUnitRow,
  ownerLevel: string | null,
): Promise<{ centre: OrgUnitRow; county: OrgUnitRow }> {
  const { ancestors, centreOf } = await findAncestorsWithCentres(ctx.db, region);
  const chain = [...ancestors, region].filter((u) => u.type === 'region');
  const county = chain.find((u) => u.level === 'county');
  if (!county) throw new AppError('NO_COUNTY');
  const owner = chain.find((u) => u.level === (ownerLevel ?? 'township')) ?? county;
  const centre = centreOf.get(owner.id);
  if (!centre) throw new AppError('NO_CENTRE', `${owner.name}没有综治中心 / No centre for ${owner.code}`);
  return { centre, county };
}

export interface RegisteredCase {
  row: CaseRow;
  possibleDuplicates: PossibleDuplicate[];
  /** True when externalRef named a case already registered: that case, nothing new written. */
  replayed: boolean;
}

/** With an Idempotency-Key already used for this request: what the earlier use left, no new case. */
export interface EarlierRequest {
  earlier: Exclude<Claim, { kind: 'new' }>;
}

export async function registerCase(
  ctx: AppContext,
  actor: Actor,
  input: RegisterCaseInput,
  clientIp: string | null,
  options?: RegisterOptions & { idempotency?: undefined },
): Promise<RegisteredCase>;
export async function registerCase(
  ctx: AppContext,
  actor: Actor,
  input: RegisterCaseInput,
  clientIp: string | null,
  options: RegisterOptions,
): Promise<RegisteredCase | EarlierRequest>;
export async function registerCase(
  ctx: AppContext,
  actor: Actor,
  input: RegisterCaseInput,
  clientIp: string | null,
  options: RegisterOptions = {},
): Promise<RegisteredCase | EarlierRequest> {
  const serviceAccountId = options.serviceAccountId ?? actor.serviceAccount?.id ?? null;
  return register(ctx, actor, input, clientIp, { idempotency: options.idempotency, serviceAccountId }, undefined);
}

/**
 * A report from someone without an account (POST /public/reports): the route has counted it
 * against the public limits. Reported through `web` as a resident would, placed by its point or
 * unit, with nobody's account on it; no possible duplicates (the reporter may see no other case).
 */
export async function registerPublicReport(
  ctx: AppContext,
  input: Omit<RegisterCaseInput, 'channel' | 'externalRef' | 'title' | 'kind'>,
  clientIp: string | null,
  /** Counts the report against the public limits once it is known to be valid; throws when spent. */
  spend: (phone: string | undefined) => Promise<void>,
): Promise<RegisteredCase> {
  // The category decides the kind; an unknown one is refused by intake's own check.
  const kind = (await findCategory(ctx.db, input.categoryCode))?.kind ?? '';
  const outcome = await register(
    ctx,
    null,
    { ...input, kind, channel: 'web' },
    clientIp,
    { serviceAccountId: null, spend },
    undefined,
  );
  if ('earlier' in outcome) throw new Error('unreachable: no idempotency key');
  return outcome;
}

/**
 * A dispute referred by a court, police station or petition office (诉调/警调/访调对接): the
 * sender has chosen the handling committee, so the case skips triage and arrives dispatched, with
 * the sender kept on it (role `linked`) to see the result. `within` records the referral itself
 * in the same transaction.
 */
export interface ReferralIntake {
  senderUnit: OrgUnitRow;
  leadUnit: OrgUnitRow;
  note: string | null;
  within: (trx: Trx, row: CaseRow) => Promise<Record<string, unknown>>;
}

export async function registerReferredCase(
  ctx: AppContext,
  actor: Actor,
  input: RegisterCaseInput,
  clientIp: string | null,
  referral: ReferralIntake,
): Promise<RegisteredCase> {
  const outcome = await register(ctx, actor, input, clientIp, { serviceAccountId: null }, referral);
  if ('earlier' in outcome) throw new Error('unreachable: no idempotency key');
  return outcome;
}

/** A case found by its externalRef, given back to a retry by whoever may have it. */
async function replayExternal(
  ctx: AppContext,
  actor: Actor | null,
  existing: CaseRow,
  serviceAccountId: number | null,
): Promise<RegisteredCase> {
  const sentIt =
    (serviceAccountId !== null && existing.service_account_id === serviceAccountId) ||
    (actor !== null && existing.created_by === actor.userId);
  const loaded = sentIt || actor === null ? undefined : await loadCase(ctx.db, existing.id);
  if (!sentIt && !(actor && loaded && canReadCase(actor, loaded.facts))) {
    throw new AppError('EXTERNAL_REF_TAKEN', undefined, { field: 'externalRef' });
  }
  return {
    row: existing,
    possibleDuplicates: actor ? await findPossibleDuplicates(ctx, actor, existing) : [],
    replayed: true,
  };
}

const TRACKING_CODE_TRIES = 3;
/**
 * How many used numbers an intake skips after its county's counter fell behind (PostgreSQL, ADR
 * 0047): a crash or failover loses at most the numbers of the intakes then in flight, one per pooled
 * connection of each process.
 */
const NUMBER_RETAKES = 1_000;

/** `actor` null: a report without an account (registerPublicReport). */
async function register(
  ctx: AppContext,
  actor: Actor | null,
  input: RegisterCaseInput,
  clientIp: string | null,
  options: {
    idempotency?: IdempotencyKey | undefined;
    serviceAccountId: number | null;
    spend?: ((phone: string | undefined) => Promise<void>) | undefined;
  },
  referral: ReferralIntake | undefined,
): Promise<RegisteredCase | EarlierRequest> {
  const { idempotency, serviceAccountId } = options;
  const isResident = actor === null || actor.memberships.every((m) => m.role === 'resident');
  const externalRef = input.externalRef;
  if (externalRef) {
    // Another system's work order is sent by staff or a service account, never by a resident.
    if (isResident || referral)
      throw invalid('externalRef', '居民上报不能带外部编号 / Residents send no external reference');
    // The retry first: whatever the retry's body says, the case stands as first registered.
    const existing = await findCaseByExternalRef(ctx.db, externalRef);
    if (existing) return replayExternal(ctx, actor, existing, serviceAccountId);
  }
  const category = await findCategory(ctx.db, input.categoryCode);
  if (!category || category.owner_level === null || category.active !== 1) {
    throw invalid('categoryCode', '事件类别无效 / Unknown category');
  }
  if (category.kind !== input.kind) {
    throw invalid('kind', `该类别属于 ${category.kind} / This category is a ${category.kind}`);
  }
  if (isResident && !(RESIDENT_CHANNELS as readonly string[]).includes(input.channel)) {
    throw new AppError('CHANNEL_STAFF_ONLY', undefined, { field: 'channel', allowed: RESIDENT_CHANNELS });
  }
  // A resident who signed up by SMS code reports with the account's phone, so SMS can reach them.
  const phone =
    input.reporter?.phone?.replace(/\s+/g, '') ??
    (actor && isResident ? ((await accountPhone(ctx, actor.userId)) ?? undefined) : undefined);
  if (phone !== undefined && !isValidPhone(phone))
    throw invalid('reporter.phone', '电话号码格式无效 / Invalid phone number');
  const description = input.description.trim();
  if (description.length < 5)
    throw invalid('description', '请描述具体情况（至少 5 个字） / Describe it in at least 5 characters');

  if (actor && isResident && !referral) await spendIntakeBudget(ctx, actor, clientIp);

  const { region, point } = await placeCase(ctx, actor, input);
  if (region.closed_at !== null) {
    // A split or merged grid keeps its old cases; new ones go to the grids that replaced it.
    throw new AppError('UNIT_CLOSED', `「${region.name}」已撤销，请选择现行的网格或单位 / ${region.name} is closed`, {
      field: input.location ? 'location' : 'unitId',
    });
  }
  // Staff record cases in their own area; residents may report anywhere; a referring court or
  // police station refers what lies in its own area.
  const inArea = referral
    ? isWithin(region.path, anchorPathOf(referral.senderUnit))
    : actor !== null && can(actor, 'case:create', [region.path]);
  if ((referral || !isResident) && !inArea) {
    throw new AppError(
      'OUTSIDE_JURISDICTION',
      `${region.name}不在您的辖区内 / ${region.name} is outside your jurisdiction`,
      {
        field: input.location ? 'location' : 'unitId',
      },
    );
  }
  const { centre, county } = await owningCentre(ctx, region, category.owner_level);
  // A public report spends its budget once it is known to be placeable: every refusal before
  // this point costs nothing.
  if (options.spend) await options.spend(phone);
  const now = ctx.clock.now();
  const calendar = await loadWorkCalendar(ctx.db);
  const triageDeadline = addWorkingDays(calendar, now, 1);
  const acceptBy = addWorkingDays(calendar, now, category.accept_days);
  const handleBy = addWorkingDays(calendar, now, category.handle_days);
  const firstStage = referral ? acceptBy : triageDeadline;
  const title = (input.title?.trim() || `${category.name}：${description}`).slice(0, 60);
  const text = searchText(title, description, input.address);
  const gridId = region.level === 'grid' ? region.id : null;
  const givenName = input.reporter?.name?.trim() || null;
  const reporterName = actor && isResident ? actor.displayName : givenName;
  // A service account acts through its backing account (svc:<name>), named in created_by too.
  const userId = actor?.userId ?? null;

  const year = beijingDay(now).slice(0, 4);
  const numberScope = `${county.code}:${year}`;
  // PostgreSQL: the county's counter row is locked for its own statement only, not until the intake
  // commits — in the transaction it made every intake of a county wait for the one before it to
  // commit (issue 20, ADR 0039) — and that statement's commit does not wait for its flush (the
  // case's own commit flushes it). A refused or replayed intake leaves a gap in the county's
  // numbers. SQLite has one writer at a time: the number stays in the transaction, without gaps.
  let numberTaken = ctx.dialect === 'postgres' ? await nextNumberUnflushed(ctx.db, numberScope) : null;
  const write = () =>
    ctx.db.transaction().execute(async (trx): Promise<{ row: CaseRow } | EarlierRequest> => {
      // First, so that a concurrent request with the same key waits here holding nothing else.
      const claim = idempotency ? await claimKey(trx, idempotency, now) : { kind: 'new' as const };
      if (claim.kind !== 'new') return { earlier: claim };
      const seq = numberTaken ?? (await nextNumber(trx, numberScope));
      const inserted = await trx
        .insertInto('case_record')
        .values({
          number: `${county.code}-${year}-${String(seq).padStart(6, '0')}`,
          title,
          description,
          kind: input.kind,
          category_code: category.code,
          channel: input.channel,
          status: referral ? 'dispatched' : 'registered',
          version: 1,
          region_id: region.id,
          region_path: region.path,
          grid_id: gridId,
          centre_id: centre.id,
          lead_unit_id: referral?.leadUnit.id ?? null,
          lng: point?.[0] ?? null,
          lat: point?.[1] ?? null,
          address: input.address?.trim() ?? null,
          reporter_name: reporterName,
          reporter_phone_enc: phone ? ctx.cipher.encrypt(phone) : null,
          reporter_phone_hash: phone ? ctx.cipher.blindIndex(phone) : null,
          reporter_phone_last4_hash: phone ? ctx.cipher.blindIndex(phone.slice(-4)) : null,
          reporter_user_id: actor && isResident ? actor.userId : null,
          created_by: userId,
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
          stage: referral ? 'accept' : 'triage',
          stage_deadline: firstStage.toISOString(),
          yellow_at: yellowCardAt(calendar, firstStage).toISOString(),
          yellow_carded_at: null,
          red_carded_at: null,
          supervise_noticed_at: null,
          handle_deadline: referral ? handleBy.toISOString() : null,
          extension_days: 0,
          extension_pending: null,
          return_count: 0,
          reopen_count: 0,
          supervise_count: 0,
          resolved_at: null,
          result: null,
          closed_at: null,
          rating: null,
          merged_into_id: null,
          search_text: text,
          tracking_code: newTrackingCode(),
          external_system: externalRef?.system ?? null,
          external_id: externalRef?.id ?? null,
          service_account_id: serviceAccountId,
          involved_count: input.involvedCount ?? null,
          group_matter: input.groupMatter ? 1 : 0,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await indexCaseText(trx, ctx.dialect, inserted.id, text);
      if (idempotency) await bindKey(trx, idempotency, inserted.id);
      const who = actor ? auditActorOf(actor, referral ? 'referral:create' : 'case:create') : null;
      await appendEvent(trx, {
        case_id: inserted.id,
        action: 'register',
        from_status: null,
        to_status: 'registered',
        actor_user_id: userId,
        actor_name: actor?.displayName ?? null,
        actor_role: who?.role ?? null,
        actor_unit_id: who?.unitId ?? null,
        at: now.toISOString(),
        data: JSON.stringify({
          channel: input.channel,
          centreId: centre.id,
          regionId: region.id,
          ...(actor === null ? { public: true } : {}),
          ...(externalRef ? { externalRef } : {}),
        }),
      });
      if (referral) {
        const at = now.toISOString();
        await trx
          .insertInto('case_assignment')
          .values(
            [referral.leadUnit, referral.senderUnit].map((unit, i) => ({
              case_id: inserted.id,
              unit_id: unit.id,
              role: i === 0 ? ('lead' as const) : ('linked' as const),
              active: 1,
              deadline: i === 0 ? handleBy.toISOString() : null,
              reported_at: null,
              note: referral.note,
              created_at: at,
            })),
          )
          .execute();
        const details = await referral.within(trx, inserted);
        await appendEvent(trx, {
          case_id: inserted.id,
          action: 'dispatch',
          from_status: 'registered',
          to_status: 'dispatched',
          actor_user_id: userId,
          actor_name: actor?.displayName ?? null,
          actor_role: who?.role ?? null,
          actor_unit_id: referral.senderUnit.id,
          at,
          data: JSON.stringify({
            leadUnitId: referral.leadUnit.id,
            leadUnitName: referral.leadUnit.name,
            assistUnitIds: [],
            note: referral.note,
            acceptBy: acceptBy.toISOString(),
            handleBy: handleBy.toISOString(),
            referral: details,
          }),
        });
        await enqueue(
          trx,
          [
            {
              topic: 'case.assigned',
              recipientType: 'unit',
              recipient: referral.leadUnit.id,
              subjectType: 'case',
              subjectId: inserted.id,
              payload: {
                number: inserted.number,
                categoryCode: category.code,
                action: 'dispatch',
                status: 'dispatched',
              },
            },
          ],
          now,
        );
      }
      if (phone) {
        // The reporter hears the number and tracking code by SMS; the channel looks the phone up.
        await enqueue(
          trx,
          [
            {
              topic: 'case.received',
              recipientType: 'reporter',
              recipient: inserted.id,
              subjectType: 'case',
              subjectId: inserted.id,
              payload: { number: inserted.number },
            },
          ],
          now,
        );
      }
      await ctx.audit.append(
        trx,
        {
          actor: who,
          action: actor === null ? 'case.register_public' : 'case.register',
          subjectType: 'case',
          subjectId: inserted.id,
          outcome: 'success',
          clientIp,
          details: {
            number: inserted.number,
            channel: input.channel,
            categoryCode: category.code,
            ...(serviceAccountId !== null ? { serviceAccountId } : {}),
            ...(externalRef ? { externalRef } : {}),
          },
        },
        now,
      );
      // 直接答复: answered from a knowledge-base article and resolved in this same transaction.
      const row =
        input.directAnswer && actor
          ? await answerDirectly(ctx, trx, actor, inserted, input.directAnswer, clientIp)
          : inserted;
      await runCaseRegisteredHooks(ctx, trx, { row, categoryName: category.name, actor, at: now.toISOString() });
      return { row };
    });

  let outcome: { row: CaseRow } | EarlierRequest | undefined;
  let numbersRetaken = 0;
  for (let attempt = 1; outcome === undefined; attempt++) {
    try {
      outcome = await write();
    } catch (error) {
      // A racing request with the same externalRef committed first: its case is the answer.
      if (externalRef && violatesUnique(error, 'external_')) {
        const existing = await findCaseByExternalRef(ctx.db, externalRef);
        if (existing) return replayExternal(ctx, actor, existing, serviceAccountId);
      }
      // Two equal random codes (one in 2^50 per pair): draw again.
      if (attempt < TRACKING_CODE_TRIES && violatesUnique(error, 'tracking_code')) continue;
      // PostgreSQL: the county's counter is behind a number a case holds — its last unflushed
      // commits were lost in a crash or a failover after a case had used their numbers (ADR 0047).
      // Take the next number.
      if (numberTaken !== null && numbersRetaken < NUMBER_RETAKES && violatesUnique(error, 'case_record_number_key')) {
        numbersRetaken++;
        numberTaken = await nextNumberUnflushed(ctx.db, numberScope);
        continue;
      }
      throw error;
    }
  }
  if ('earlier' in outcome) return outcome;
  return {
    row: outcome.row,
    possibleDuplicates: actor ? await findPossibleDuplicates(ctx, actor, outcome.row) : [],
    replayed: false,
  };
}

/** Open cases of the same category nearby in the last week whose text is alike. */
export async function findPossibleDuplicates(
  ctx: AppContext,
  actor: Actor,
  row: CaseRow,
): Promise<PossibleDuplicate[]> {
  const now = new Date(row.created_at);
  const possibleDuplicates: PossibleDuplicate[] = [];
  if (row.lng !== null && row.lat !== null) {
    const since = new Date(now.getTime() - 7 * 86_400_000).toISOString();
    const nearby = await findNearbyOpenCases(
      ctx.db,
      {
        categoryCode: row.category_code,
        lng: row.lng,
        lat: row.lat,
        since,
        excludeId: row.id,
      },
      caseScope(actor),
    );
    for (const other of nearby) {
      const score = similarity(row.search_text, other.search_text);
      if (score >= 0.2)
        possibleDuplicates.push({
          id: other.id,
          number: other.number,
          title: other.title,
          similarity: Math.round(score * 100) / 100,
        });
    }
    possibleDuplicates.sort((a, b) => b.similarity - a.similarity);
  }
  return possibleDuplicates.slice(0, 5);
}
