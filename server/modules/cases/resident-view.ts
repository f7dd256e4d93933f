// What the resident who reported a case may see of it (issue 13): its status, the reply, the
// deadlines and the units that acted. Staff names, internal notes (dispatch notes, reasons,
// supervision), the evaluation's cards, assignments and mediation's confidential steps stay with
// the staff. The resident's own routes answer ResidentCaseDetail; the staff routes a resident may
// call (intake, the case, its actions) answer the staff shape with those fields withheld.
import type { AppContext } from '../../context.ts';
import { maskPhone } from '../../platform/crypto/personal-data.ts';
import { allowedActions } from '../../../common/workflow.ts';
import type { Actor } from '../auth/index.ts';
import { attachmentsFor } from './attachment-view.ts';
import { relationTo } from './cases.policy.ts';
import { findTimeline, type CaseRow, type TimelineRow } from './cases.repository.ts';
import type { LoadedCase } from './case-view.ts';

/** An account that only reports (every membership a resident's) gets the resident view. */
export function reportsOnly(actor: Actor): boolean {
  return actor.memberships.length > 0 && actor.memberships.every((m) => m.role === 'resident');
}

/** The steps a resident follows: every change of status, and their own rating. */
function isResidentStep(e: TimelineRow): boolean {
  return e.from_status !== e.to_status || e.action === 'rate';
}

/** The text a step gives the resident: the result of a resolve, their own comment on a rating. */
function replyOf(e: TimelineRow, actor: Actor): string | null {
  if (e.data === null) return null;
  const data = JSON.parse(e.data) as { result?: unknown; comment?: unknown };
  if (e.action === 'resolve' && typeof data.result === 'string') return data.result;
  if (e.action === 'rate' && e.actor_user_id === actor.userId && typeof data.comment === 'string') return data.comment;
  return null;
}

function locationOf(row: CaseRow) {
  return row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat, crs: 'gcj02' as const } : null;
}

export async function presentResidentCase(ctx: AppContext, actor: Actor, loaded: LoadedCase) {
  const { row } = loaded;
  const steps = (loaded.timeline ?? (await findTimeline(ctx.db, row.id))).filter(isResidentStep);
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    kind: row.kind,
    categoryCode: row.category_code,
    channel: row.channel,
    status: row.status,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    description: row.description,
    trackingCode: row.tracking_code,
    address: row.address,
    location: locationOf(row),
    reporter: {
      name: row.reporter_name,
      phone: row.reporter_phone_enc ? maskPhone(ctx.cipher.decrypt(row.reporter_phone_enc)) : null,
    },
    deadlines: { stage: row.stage, current: row.stage_deadline, handle: row.handle_deadline },
    result: row.result,
    resolvedAt: row.resolved_at,
    closedAt: row.closed_at,
    rating: row.rating,
    // What was reported and the result they are asked to rate; staff's working papers stay theirs.
    attachments: await attachmentsFor(ctx.db, actor, row.id, loaded.facts, loaded.attachments),
    allowedActions: allowedActions(loaded.state, relationTo(actor, loaded.facts)),
    timeline: steps.map((e) => {
      const reply = replyOf(e, actor);
      return {
        seq: e.seq,
        action: e.action,
        toStatus: e.to_status,
        at: e.at,
        // A resident acts for no unit: their membership names where they live, so it stays out.
        ...(e.actor_unit_name !== null && e.actor_role !== 'resident' ? { unitName: e.actor_unit_name } : {}),
        ...(reply !== null ? { reply } : {}),
      };
    }),
  };
}

export type ResidentCase = Awaited<ReturnType<typeof presentResidentCase>>;

/**
 * The resident view in the staff routes' shape (CaseDetail): what the resident may not see is
 * empty — no lead unit, assignments, cards, pending extension or suggested unit, a timeline
 * without people — so intake, the case and its actions answer a resident without a second schema.
 */
export function residentAsCaseDetail(view: ResidentCase, loaded: LoadedCase, overdue: boolean) {
  const { row } = loaded;
  return {
    ...view,
    regionId: row.region_id,
    gridId: row.grid_id,
    centreId: row.centre_id,
    leadUnitId: null,
    externalRef: null,
    stage: row.stage,
    stageDeadline: row.stage_deadline,
    overdue,
    deadlines: { ...view.deadlines, yellowAt: null },
    cards: { yellow: false, red: false, supervised: false },
    extensionPending: null,
    mergedIntoId: null,
    assignments: [],
    suggestedLeadUnit: null,
    // Every step that changes the status is on the resident's timeline: each starts where the last ended.
    timeline: view.timeline.map((e, i) => ({
      seq: e.seq,
      action: e.action,
      fromStatus: i === 0 ? null : view.timeline[i - 1]!.toStatus,
      toStatus: e.toStatus,
      actor:
        e.unitName === undefined ? null : { userId: null, name: null, role: null, unitId: null, unitName: e.unitName },
      at: e.at,
      data: e.reply === undefined ? null : e.action === 'resolve' ? { result: e.reply } : { comment: e.reply },
    })),
  };
}
