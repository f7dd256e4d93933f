// Loading a case with what access and the workflow need, and presenting it to one actor (a
// resident who only reports gets the resident view: resident-view.ts).
import type { AppContext, Db, Trx } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { maskPhone } from '../../platform/crypto/personal-data.ts';
import { allowedActions, type CaseState } from '../../../common/workflow.ts';
import { can, type Actor } from '../auth/index.ts';
import { canReadCase, relationTo, type CaseAccessFacts } from './cases.policy.ts';
import {
  findCaseWithRelations,
  findTimeline,
  type AssignmentRow,
  type CasePlace,
  type CaseRow,
  type CaseSummaryRow,
  type TimelineRow,
} from './cases.repository.ts';
import { attachmentsFor } from './attachment-view.ts';
import type { AttachmentRow } from './attachments.repository.ts';
import { suggestLeadUnit } from './routing.ts';
import { isOverdue } from './kpi.ts';
import { presentResidentCase, reportsOnly, residentAsCaseDetail } from './resident-view.ts';

/** A centre's owning region: its parent in the path. */
function anchorOf(path: string): string {
  return path.slice(0, path.slice(0, -1).lastIndexOf('/') + 1);
}

export interface LoadedCase {
  row: CaseRow;
  assignments: AssignmentRow[];
  facts: CaseAccessFacts;
  state: CaseState;
  /** The case's grid as the detail shows it. */
  grid: CasePlace['grid'];
  /** Loaded with the case when it is to be shown (`loadCase`'s `timeline`). */
  timeline?: TimelineRow[] | undefined;
  /** Every stage's attachments, loaded with the timeline (attachmentsFor narrows them to an actor). */
  attachments?: AttachmentRow[] | undefined;
}

/** The case with what access and the workflow need (one statement); with its timeline when it is to be shown. */
export async function loadCase(
  db: Db | Trx,
  id: number,
  options: { timeline: boolean } = { timeline: false },
): Promise<LoadedCase | undefined> {
  const found = await findCaseWithRelations(db, id, options);
  if (!found) return undefined;
  const { row, place, assignments } = found;
  const centre = place.centre;
  const active = assignments.filter((a) => a.active === 1);
  return {
    row,
    assignments,
    grid: place.grid,
    timeline: found.timeline,
    attachments: found.attachments,
    facts: {
      regionPath: row.region_path,
      centreRegionPath: centre ? anchorOf(centre.path) : row.region_path,
      leadUnitId: row.lead_unit_id,
      reporterUserId: row.reporter_user_id,
      assignedUnitIds: active.map((a) => a.unit_id),
      pendingWhistleUnitIds: active.filter((a) => a.role === 'whistle' && a.reported_at === null).map((a) => a.unit_id),
      serviceAccountId: row.service_account_id,
    },
    state: {
      status: row.status,
      hasLead: row.lead_unit_id !== null,
      extensionPending: row.extension_pending !== null,
      rating: row.rating,
      canEscalate: centre !== null && centre.level !== 'province',
    },
  };
}

/** The case if this actor may see it; otherwise it does not exist (404). */
export async function loadVisibleCase(
  ctx: AppContext,
  actor: Actor,
  id: number,
  options: { timeline: boolean } = { timeline: false },
): Promise<LoadedCase> {
  const loaded = await loadCase(ctx.db, id, options);
  if (!loaded) throw new AppError('NOT_FOUND', '事件不存在 / No such case');
  if (!canReadCase(actor, loaded.facts))
    throw new AppError('NOT_FOUND', '事件不存在 / No such case').denying('case', id);
  return loaded;
}

/** A row of the case list, for this actor: a resident's own reports leave out who leads them. */
export function presentListedCase(actor: Actor, row: CaseSummaryRow, now: Date) {
  const summary = presentCaseSummary(row, now);
  return reportsOnly(actor) ? { ...summary, leadUnitId: null } : summary;
}

/** `now` decides `overdue`: an open case past its running stage's deadline. */
export function presentCaseSummary(row: CaseSummaryRow, now: Date) {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    kind: row.kind,
    categoryCode: row.category_code,
    channel: row.channel,
    status: row.status,
    version: row.version,
    regionId: row.region_id,
    gridId: row.grid_id,
    centreId: row.centre_id,
    leadUnitId: row.lead_unit_id,
    address: row.address,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    stage: row.stage,
    stageDeadline: row.stage_deadline,
    overdue: isOverdue(row, now),
    rating: row.rating,
  };
}

export async function presentCase(ctx: AppContext, actor: Actor, loaded: LoadedCase) {
  const { row } = loaded;
  if (reportsOnly(actor)) {
    const view = await presentResidentCase(ctx, actor, loaded);
    return residentAsCaseDetail(view, loaded, isOverdue(row, ctx.clock.now()));
  }
  const timeline = loaded.timeline ?? (await findTimeline(ctx.db, row.id));
  const attachments = await attachmentsFor(ctx.db, actor, row.id, loaded.facts, loaded.attachments);
  const relation = relationTo(actor, loaded.facts);
  return {
    ...presentCaseSummary(row, ctx.clock.now()),
    description: row.description,
    grid: loaded.grid,
    trackingCode: row.tracking_code,
    externalRef:
      row.external_system !== null && row.external_id !== null
        ? { system: row.external_system, id: row.external_id }
        : null,
    location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat, crs: 'gcj02' as const } : null,
    reporter: {
      name: row.reporter_name,
      phone: row.reporter_phone_enc ? maskPhone(ctx.cipher.decrypt(row.reporter_phone_enc)) : null,
    },
    deadlines: deadlinesOf(row),
    cards: {
      yellow: row.yellow_carded_at !== null,
      red: row.red_carded_at !== null,
      supervised: row.supervise_count > 0,
    },
    extensionPending: row.extension_pending ? (JSON.parse(row.extension_pending) as unknown) : null,
    result: row.result,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    mergedIntoId: row.merged_into_id,
    involvedCount: row.involved_count,
    groupMatter: row.group_matter === 1,
    assignments: loaded.assignments.map((a) => ({
      unitId: a.unit_id,
      unitName: a.unit_name,
      role: a.role,
      active: a.active === 1,
      deadline: a.deadline,
      reportedAt: a.reported_at,
    })),
    attachments,
    allowedActions: allowedActions(loaded.state, relation),
    // For whoever triages it: where the responsibility list sends it.
    suggestedLeadUnit: row.status === 'registered' && relation.triage ? await suggestLeadUnit(ctx.db, row) : null,
    timeline: timeline.map((e) => ({
      seq: e.seq,
      action: e.action,
      fromStatus: e.from_status,
      toStatus: e.to_status,
      actor:
        e.actor_user_id === null && e.actor_name === null
          ? null
          : {
              userId: e.actor_user_id,
              name: e.actor_name,
              role: e.actor_role,
              unitId: e.actor_unit_id,
              unitName: e.actor_unit_name,
            },
      at: e.at,
      data: e.data ? eventData(actor, row.region_path, e.action, JSON.parse(e.data) as unknown) : null,
    })),
  };
}

/**
 * A whistle's grid cadres (ADR 0030) are named only to those who may see the grid's cadres
 * (grid_cadre:read over the case's area); others read their roles.
 */
function eventData(actor: Actor, regionPath: string, action: string, data: unknown): unknown {
  if (action !== 'whistle_cadres' || can(actor, 'grid_cadre:read', [regionPath])) return data;
  const cadres = (data as { cadres?: unknown }).cadres;
  return {
    cadres: Array.isArray(cadres) ? cadres.map((c) => ({ role: (c as { role?: unknown }).role ?? null })) : [],
  };
}

export function deadlinesOf(row: CaseRow) {
  return {
    stage: row.stage,
    current: row.stage_deadline,
    yellowAt: row.yellow_at,
    handle: row.handle_deadline,
  };
}
