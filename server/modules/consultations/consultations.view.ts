// What a reader sees of a topic. Nothing here reads a ballot with its voter: the result is counts per
// option (only once voting has ended), the turnout a count of flags. A hidden comment's text goes to
// staff and its author only; residents see other residents as 居民 (a resident's account name carries
// the end of its phone number), staff by name.
import type { AppContext } from '../../context.ts';
import { userNames, type Actor } from '../auth/index.ts';
import { unitNames } from '../org/index.ts';
import { resultVisible } from '../../../common/consultations.ts';
import {
  commentsOf,
  eventsOf,
  findConsultation,
  findEscalationOf,
  hasSupported,
  hasVoted,
  optionsOf,
  tallyOf,
  voterCount,
  type CommentRow,
  type ConsultationRow,
  type EventRow,
} from './consultations.repository.ts';
import { residentReaches, staffManages, staffReads } from './consultations.policy.ts';

export function presentItem(t: ConsultationRow, names: Map<number, string>) {
  return {
    id: t.id,
    unitId: t.unitId,
    unitName: names.get(t.unitId) ?? '',
    level: t.level,
    buildingLabel: t.buildingLabel,
    title: t.title,
    status: t.status,
    origin: t.origin,
    supportersNeeded: t.supportersNeeded,
    supporterCount: t.supporterCount,
    createdAt: t.createdAt,
    openedAt: t.openedAt,
    closedAt: t.closedAt,
    progress: t.progress,
    escalatedFromId: t.escalatedFromId,
  };
}

async function optionsWithResult(ctx: AppContext, t: ConsultationRow) {
  const [options, tally, voters] = await Promise.all([
    optionsOf(ctx.db, t.id),
    tallyOf(ctx.db, t.id),
    voterCount(ctx.db, t.id),
  ]);
  const visible = resultVisible(t.status);
  return {
    options: options.map((o) => ({ id: o.id, label: o.label, votes: visible ? (tally.get(o.id) ?? 0) : null })),
    voters,
    visible,
  };
}

export async function presentDetail(ctx: AppContext, actor: Actor, t: ConsultationRow) {
  const staff = staffReads(actor, t);
  const manage = staffManages(actor, t);
  const resident = !staff && residentReaches(actor, t);

  // The earlier levels' record, nearest first.
  const chain: ConsultationRow[] = [];
  for (let from = t.escalatedFromId; from !== null && chain.length < 10;) {
    const earlier = await findConsultation(ctx.db, from);
    if (!earlier) break;
    chain.push(earlier);
    from = earlier.escalatedFromId;
  }
  const ids = [t.id, ...chain.map((c) => c.id)];
  const [comments, events, escalatedTo, supported, voted] = await Promise.all([
    commentsOf(ctx.db, ids),
    eventsOf(ctx.db, ids),
    findEscalationOf(ctx.db, t.id),
    resident ? hasSupported(ctx.db, t.id, actor.userId) : false,
    resident ? hasVoted(ctx.db, t.id, actor.userId) : false,
  ]);
  const people = staff
    ? await userNames(ctx.db, [
        ...comments.map((c) => c.authorId),
        ...events.flatMap((e) => (e.actorId ? [e.actorId] : [])),
      ])
    : await userNames(
        ctx.db,
        comments.filter((c) => c.authorKind === 'staff').map((c) => c.authorId),
      );
  const units = await unitNames(ctx.db, [t.unitId, t.decisionUnitId, ...chain.map((c) => c.unitId)]);

  const comment = (c: CommentRow) => {
    const mine = c.authorId === actor.userId;
    const hidden = c.hiddenAt !== null;
    return {
      id: c.id,
      authorName: mine ? '我' : c.authorKind === 'staff' || staff ? (people.get(c.authorId) ?? '') : '居民',
      authorKind: c.authorKind,
      body: hidden && !staff && !mine ? null : c.body,
      hidden,
      hiddenReason: c.hiddenReason,
      mine,
      reportCount: staff ? c.reportCount : null,
      createdAt: c.createdAt,
    };
  };
  const event = (e: EventRow) => ({
    kind: e.kind,
    at: e.at,
    note: e.note,
    progress: e.progress,
    actorName: staff && e.actorId ? (people.get(e.actorId) ?? null) : null,
  });
  const of = <T extends { consultationId: number }>(rows: T[], id: number) =>
    rows.filter((r) => r.consultationId === id);

  const own = await optionsWithResult(ctx, t);
  const record = [];
  for (const c of chain) {
    const r = await optionsWithResult(ctx, c);
    record.push({
      id: c.id,
      unitName: units.get(c.unitId) ?? '',
      level: c.level,
      buildingLabel: c.buildingLabel,
      status: c.status,
      escalationReason: c.escalationReason,
      options: r.options,
      voters: r.voters,
      comments: of(comments, c.id).map(comment),
      events: of(events, c.id).map(event),
    });
  }
  const open = t.status === 'open';
  return {
    ...presentItem(t, units),
    body: t.body,
    escalationReason: t.escalationReason,
    escalatedToId: escalatedTo?.id ?? null,
    decision:
      t.decision !== null && t.decisionUnitId !== null
        ? {
            text: t.decision,
            carriedOutByUnitId: t.decisionUnitId,
            carriedOutByUnitName: units.get(t.decisionUnitId) ?? '',
            dueDate: t.decisionDue ?? '',
          }
        : null,
    options: own.options,
    resultVisible: own.visible,
    voters: own.voters,
    comments: of(comments, t.id).map(comment),
    events: of(events, t.id).map(event),
    record,
    me: {
      supported,
      voted,
      canSupport: resident && t.status === 'gathering' && !supported,
      canVote: resident && open && !voted && own.options.length > 0,
      canComment: (resident || manage) && (open || t.status === 'gathering'),
    },
    abilities: {
      manage,
      setOptions: manage && (open || t.status === 'gathering') && own.voters === 0,
      decide: manage && (open || t.status === 'proposal_lead'),
      progress: manage && t.status === 'closed' && t.progress < 100,
      escalate: manage && open,
      moderate: manage,
    },
  };
}
