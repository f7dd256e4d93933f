// The meetings module (issue 19 §2): meetings of every kind — 听证、协调、评议、议事 — with participants,
// notices (inbox, SMS through the outbox), attendance and minutes; closed only with attendees and
// minutes. Below cases: other modules keep meetings for their records through it (mediation's
// hearings) and link theirs by subject kind and id.
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { meetingRoutes } from './meetings.routes.ts';

export type { MeetingTables } from './meetings.table.ts';
export { keepLinkedMeeting, closeLinkedMeeting, cancelLinkedMeeting } from './use-cases/linked-meeting.ts';
export { meetingParticipantContact } from './meeting-contact.ts';
export { findMeetingBySubject } from './meetings.repository.ts';

export function meetingsModule(app: Api, ctx: AppContext): void {
  meetingRoutes(app, ctx);
}
