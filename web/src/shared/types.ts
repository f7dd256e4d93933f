// Shapes of the API's answers that the console reads (see /api/v1/openapi.json).
import type { CaseAction, CaseStatus, Rating } from '../../../common/workflow.ts';

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface User {
  id: number;
  username: string;
  displayName: string;
}

export interface Membership {
  id: number;
  unitId: number;
  unitName: string;
  unitCode: string;
  role: string;
}

export type Restriction = 'password_change' | 'totp_enrollment' | null;

export interface Me {
  user: User;
  memberships: Membership[];
  restriction: Restriction;
}

export interface LoginAnswer {
  token: string;
  expiresAt: string;
  user: User;
  restriction: Restriction;
}

export interface CaseSummary {
  id: number;
  number: string;
  title: string;
  kind: string;
  categoryCode: string;
  channel: string;
  status: CaseStatus;
  version: number;
  regionId: number;
  gridId: number | null;
  centreId: number;
  leadUnitId: number | null;
  address: string | null;
  createdAt: string;
  updatedAt: string;
  stage: string | null;
  stageDeadline: string | null;
  overdue: boolean;
  rating: Rating | null;
}

export interface TimelineEntry {
  seq: number;
  action: string;
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actor: { userId: number | null; name: string | null; role: string | null; unitName: string | null } | null;
  at: string;
  data: Record<string, unknown> | null;
}

export interface CaseDetail extends CaseSummary {
  description: string;
  location: { lng: number; lat: number; crs: 'gcj02' } | null;
  reporter: { name: string | null; phone: string | null };
  deadlines: { stage: string | null; current: string | null; yellowAt: string | null; handle: string | null };
  cards: { yellow: boolean; red: boolean; supervised: boolean };
  extensionPending: unknown;
  result: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  mergedIntoId: number | null;
  assignments: {
    unitId: number;
    unitName: string;
    role: string;
    active: boolean;
    deadline: string | null;
    reportedAt: string | null;
  }[];
  attachments: { id: number; fileName: string; mediaType: string; size: number; createdAt: string }[];
  allowedActions: CaseAction[];
  suggestedLeadUnit: { id: number; code: string; name: string; type: string } | null;
  timeline: TimelineEntry[];
}

export interface Category {
  code: string;
  parentCode: string | null;
  name: string;
  kind: string;
  ownerLevel: string | null;
  ownerUnit: string | null;
  acceptDays: number;
  handleDays: number;
}

export interface Unit {
  id: number;
  code: string;
  name: string;
  type: string;
  kind: string | null;
  level: string;
  parentId: number | null;
  path: string;
}

export interface UnitWithAncestors extends Unit {
  ancestors: Unit[];
}

export interface CaseStats {
  from: string;
  to: string;
  period: string;
  total: number;
  byStatus: Record<CaseStatus, number>;
  byCategory: { code: string; name: string; count: number }[];
  byUnit: { unitId: number; name: string; count: number }[];
  byPeriod: { period: string; count: number }[];
  rates: { response: number | null; resolution: number | null; satisfaction: number | null; onTime: number | null };
}

export interface TrackedCase {
  number: string;
  title: string;
  status: CaseStatus;
  categoryName: string;
  createdAt: string;
  updatedAt: string;
  timeline: { action: string; toStatus: CaseStatus; at: string; unitName?: string }[];
}

export interface MediationSummary {
  id: number;
  number: string;
  status: string;
  caseId: number;
  caseNumber: string;
  caseTitle: string;
  caseStatus: CaseStatus;
  committeeName: string;
  registeredAt: string;
  deadline: string;
  overdue: boolean;
  outcome: string | null;
}

export interface Party {
  id: number;
  role: string;
  kind: string;
  name: string;
  gender: string | null;
  ethnicity: string | null;
  birthDate: string | null;
  /** Masked; POST …/parties/{id}/reveal shows it in clear. */
  phone: string | null;
  idNumber: string | null;
  address: string | null;
  representative: string | null;
  creditCode: string | null;
}

export interface Agreement {
  id: number;
  form: string;
  facts: string;
  issues: string;
  responsibilities: string;
  terms: string[];
  performanceManner: string;
  performanceDeadline: string;
  copies: number;
  version: number;
  performance: string;
  status: 'draft' | 'effective';
  effectiveAt: string | null;
  confirmationDeadline: string | null;
  confirmationDaysLeft: number | null;
  signatures: { signer: string; partyId: number | null; name: string; method: string; signedAt: string }[];
  missingSignatures: string[];
}

export interface MediationFile {
  id: number;
  number: string;
  status: string;
  version: number;
  case: {
    id: number;
    number: string;
    title: string;
    status: CaseStatus;
    version: number;
    categoryCode: string;
    channel: string;
  };
  committee: { id: number; name: string; kind: string | null };
  leadMediator: { id: number; name: string } | null;
  assistMediators: { id: number; name: string }[];
  registeredAt: string;
  deadline: string;
  daysLeft: number | null;
  overdue: boolean;
  extension: { from: string; to: string; consent: string; partyIds: number[]; at: string } | null;
  outcome: string | null;
  outcomeNote: string | null;
  outcomeAt: string | null;
  parties: Party[];
  sessions: {
    id: number;
    seq: number;
    heldAt: string;
    place: string;
    attendees: string[];
    record: string;
    agreed: string | null;
    nextStep: string | null;
  }[];
  agreement: Agreement | null;
  followUps: { id: number; visitedAt: string; performance: string; note: string; createdAt: string }[];
  referrals: {
    id: number;
    kind: string;
    status: string;
    fromUnitName: string;
    toUnitName: string;
    externalRef: string | null;
    deadline: string | null;
    sentAt: string;
    receivedAt: string | null;
    returnedAt: string | null;
    resultOutcome: string | null;
    result: string | null;
  }[];
  abilities: { work: boolean };
}

/** A hand-off (转办) between a court, police station or petition office and a committee. */
export interface Referral {
  id: number;
  kind: string;
  label: string;
  status: string;
  caseId: number;
  caseNumber: string;
  caseTitle: string;
  caseStatus: CaseStatus;
  fromUnitId: number;
  fromUnitName: string;
  toUnitId: number;
  toUnitName: string;
  externalRef: string | null;
  note: string | null;
  deadline: string | null;
  overdue: boolean;
  sentAt: string;
  receivedAt: string | null;
  returnedAt: string | null;
  resultOutcome: string | null;
  result: string | null;
}
