// Who reaches a topic (ADR 0037). Staff read the topics of their area (consultation:read) and run
// them where they hold consultation:manage. A resident takes part only as a verified resident of the
// topic's area: its home (the unit of its resident membership) lies inside the topic's unit and below
// the county (a self-registered account stays anchored at the county until staff verify its home).
// Outside its reach a topic does not exist for the actor: 404.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { can, rolesAllow, type Actor, type ActorMembership } from '../auth/index.ts';
import { findConsultation, type ConsultationRow } from './consultations.repository.ts';

const ABOVE_HOME = new Set(['province', 'city', 'county']);

/** The resident's home membership, when the actor is a resident. */
export function residentHome(actor: Actor): ActorMembership | undefined {
  return actor.memberships.find((m) => m.role === 'resident');
}

/** A home staff have verified: a region unit below the county. */
export function homeVerified(home: ActorMembership | undefined): home is ActorMembership {
  return !!home && home.unitType === 'region' && !ABOVE_HOME.has(home.unitLevel);
}

/** The paths a verified resident's topics are held at: its home and each unit above it. */
export function homeLine(home: ActorMembership): string[] {
  const ids = home.unitPath.split('/').filter(Boolean);
  return ids.map((_, i) => `/${ids.slice(0, i + 1).join('/')}/`);
}

export function residentReaches(actor: Actor, topic: Pick<ConsultationRow, 'unitPath'>): boolean {
  const home = residentHome(actor);
  return homeVerified(home) && isWithin(home.unitPath, topic.unitPath) && rolesAllow(actor, 'consultation:take_part');
}

export function staffReads(actor: Actor, topic: Pick<ConsultationRow, 'unitPath'>): boolean {
  return can(actor, 'consultation:read', [topic.unitPath]);
}

export function staffManages(actor: Actor, topic: Pick<ConsultationRow, 'unitPath'>): boolean {
  return can(actor, 'consultation:manage', [topic.unitPath]);
}

export const topicNotFound = (id: number, exists: boolean) => {
  const error = new AppError('NOT_FOUND', '议题不存在 / No such topic');
  return exists ? error.denying('consultation', id) : error;
};

/** A resident acting must have a verified home first (before any topic is looked up). */
export function requireVerifiedResident(actor: Actor): ActorMembership {
  const home = residentHome(actor);
  if (!homeVerified(home)) throw new AppError('CONSULTATION_HOME_UNVERIFIED');
  return home;
}

export type Reach = 'read' | 'manage' | 'take_part';

export async function loadConsultation(
  ctx: AppContext,
  actor: Actor,
  id: number,
  reach: Reach,
): Promise<ConsultationRow> {
  const topic = await findConsultation(ctx.db, id);
  const ok =
    !!topic &&
    (reach === 'manage'
      ? staffManages(actor, topic)
      : reach === 'take_part'
        ? residentReaches(actor, topic)
        : staffReads(actor, topic) || residentReaches(actor, topic));
  if (!topic || !ok) throw topicNotFound(id, !!topic);
  return topic;
}
