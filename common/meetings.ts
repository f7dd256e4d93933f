// Meetings (issue 19 §2): the kinds the seed names — 听证 (hearing), 协调 (coordination), 评议
// (evaluation), 议事 (consultation) — and a meeting's status. A meeting is closed only with its
// attendees and minutes (Decidim's rule). Defined once here for the server's schemas and the
// console's labels. Nothing here may import server code.
import type { Bilingual } from './labels.ts';

export const MEETING_KINDS = ['hearing', 'coordination', 'evaluation', 'consultation'] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const MEETING_KIND_LABELS: Record<MeetingKind, Bilingual> = {
  hearing: { zh: '听证会', en: 'Hearing' },
  coordination: { zh: '协调会', en: 'Coordination meeting' },
  evaluation: { zh: '评议会', en: 'Evaluation meeting' },
  consultation: { zh: '议事会', en: 'Consultation meeting' },
};

export const MEETING_STATUSES = ['scheduled', 'held', 'cancelled'] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];
export const MEETING_STATUS_LABELS: Record<MeetingStatus, Bilingual> = {
  scheduled: { zh: '已安排', en: 'Scheduled' },
  held: { zh: '已召开', en: 'Held' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** What a meeting may be about: another module's record by kind and id (no foreign key). */
export const MEETING_SUBJECT_KIND_PATTERN = '^[a-z][a-z_]{0,39}$';

/** Minutes shorter than this are not minutes. */
export const MEETING_MINUTES_MIN = 5;
