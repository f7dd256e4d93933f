// A case as GeoReport shows a service request. Status: `open` while the case is registered,
// dispatched or in progress; `closed` once resolved, closed or cancelled (docs/open311.md).
// Times in ISO 8601 with Beijing's offset, points back in WGS84. Nothing of the reporter: the
// case's reporter columns are never read (case-feed.repository.ts), and numbers shaped like a
// mobile or an ID card are masked in the free text shown.
import { createRequire } from 'node:module';
import type { CaseStatus } from '../../../common/workflow.ts';
import type { FeedCase, FeedEvent } from '../cases/index.ts';

// gcoord is CommonJS whose typings describe an ES default export; load it the CommonJS way.
const gcoord = createRequire(import.meta.url)('gcoord') as typeof import('gcoord').default;

export type Open311Status = 'open' | 'closed';

const OPEN_STATUSES: readonly CaseStatus[] = ['registered', 'dispatched', 'in_progress'];
const CLOSED_STATUSES: readonly CaseStatus[] = ['resolved', 'closed', 'cancelled'];

export function open311Status(status: CaseStatus): Open311Status {
  return OPEN_STATUSES.includes(status) ? 'open' : 'closed';
}

export function caseStatusesOf(status: Open311Status): readonly CaseStatus[] {
  return status === 'open' ? OPEN_STATUSES : CLOSED_STATUSES;
}

const STATUS_NOTES: Record<CaseStatus, string> = {
  registered: '已受理，待分拨 / Received, awaiting triage',
  dispatched: '已派发，待承办单位签收 / Assigned, awaiting acceptance',
  in_progress: '办理中 / Being handled',
  resolved: '已办结，待评价 / Resolved, awaiting the rating',
  closed: '已结案 / Closed',
  cancelled: '已撤销 / Cancelled',
};

/** ISO 8601 at UTC+08:00 (China has one time zone and no daylight saving). */
export function w3DateTime(iso: string): string {
  const at = new Date(new Date(iso).getTime() + 8 * 3_600_000);
  return `${at.toISOString().slice(0, 19)}+08:00`;
}

const PERSONAL_NUMBER = /(?<![\dA-Za-z])(?:1[3-9]\d{9}|\d{17}[\dXx])(?![\dA-Za-z])/g;

/** Free text as shown to another system: a mobile or ID-card number in it is masked. */
export function maskNumbers(text: string): string {
  return text.replace(PERSONAL_NUMBER, (n) => `${n.slice(0, 3)}${'*'.repeat(n.length - 7)}${n.slice(-4)}`);
}

export function toWgs84(lng: number, lat: number): [number, number] {
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.GCJ02, gcoord.WGS84);
  return [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
}

export interface Open311Request {
  service_request_id: string;
  status: Open311Status;
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string | null;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
}

export interface RequestFacts {
  serviceName: string | undefined;
  leadUnitName: string | undefined;
  mergedIntoNumber: string | undefined;
  mediaUrl: string | undefined;
}

function notesOf(row: FeedCase, facts: RequestFacts): string {
  if ((row.status === 'resolved' || row.status === 'closed') && row.result) return maskNumbers(row.result);
  if (row.status === 'cancelled' && facts.mergedIntoNumber) {
    return `已并入 ${facts.mergedIntoNumber} / Merged into ${facts.mergedIntoNumber}`;
  }
  return STATUS_NOTES[row.status];
}

export function presentRequest(row: FeedCase, facts: RequestFacts): Open311Request {
  const point = row.lng !== null && row.lat !== null ? toWgs84(row.lng, row.lat) : null;
  const deadline = row.handle_deadline ?? row.stage_deadline;
  return {
    service_request_id: row.number,
    status: open311Status(row.status),
    status_notes: notesOf(row, facts),
    service_name: facts.serviceName ?? null,
    service_code: row.category_code,
    description: maskNumbers(row.description),
    agency_responsible: facts.leadUnitName ?? null,
    service_notice: null,
    requested_datetime: w3DateTime(row.created_at),
    updated_datetime: w3DateTime(row.updated_at),
    expected_datetime: deadline ? w3DateTime(deadline) : null,
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: point ? point[1] : null,
    long: point ? point[0] : null,
    media_url: facts.mediaUrl ?? null,
  };
}

/** mySociety's update statuses (FixMyStreet's Open311 extension), from the step's new status. */
export function updateStatus(event: Pick<FeedEvent, 'action' | 'to_status'>): string {
  if (event.action === 'merge') return 'duplicate';
  if (event.action === 'reopen') return 'open';
  switch (event.to_status) {
    case 'registered':
      return event.action === 'register' ? 'open' : 'investigating';
    case 'dispatched':
      return 'action_scheduled';
    case 'in_progress':
      return 'in_progress';
    case 'resolved':
      return 'fixed';
    case 'closed':
      return 'closed';
    case 'cancelled':
      return 'no_further_action';
  }
}

/** What a step says to another system: a fixed sentence per action, never a note someone typed,
 * except the result given to the reporter. */
const STEP_TEXT: Record<string, string> = {
  register: '已受理 / Received',
  dispatch: '已派发承办单位 / Assigned to a handling unit',
  accept: '承办单位已签收 / Accepted by the handling unit',
  return: '承办单位退回，重新分拨 / Returned for triage again',
  escalate: '已上报上级中心 / Escalated to the centre above',
  whistle: '已吹哨召集相关部门 / Departments summoned',
  report: '被召集部门已报到 / A summoned department reported',
  request_extension: '申请延期 / Extension requested',
  decide_extension: '延期申请已处理 / Extension decided',
  supervise: '已督办 / Supervised',
  rate: '已评价 / Rated',
  reopen: '重新办理 / Reopened',
  close: '已结案 / Closed',
  cancel: '已撤销 / Cancelled',
  merge: '已并入其他事件 / Merged as a duplicate',
};

export function updateDescription(event: FeedEvent): string {
  if (event.action === 'resolve') {
    return event.result ? `已办结：${maskNumbers(event.result)}` : '已办结 / Resolved';
  }
  return STEP_TEXT[event.action] ?? '办理记录 / Step recorded';
}
