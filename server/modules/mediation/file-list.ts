// The mediation file list (GET /api/v1/mediations): one keyset page of the files the caller may
// see, for the JSON list and, page after page, for its .xlsx export — one query for both.
import type { Static } from 'typebox';
import { MEDIATION_STATUS_LABELS, OUTCOME_LABELS } from '../../../common/labels.ts';
import type { AppContext } from '../../context.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import type { Actor } from '../auth/index.ts';
import { caseMatches, findCaseBriefs } from '../cases/index.ts';
import { unitNames } from '../org/index.ts';
import { fileScope } from './mediation.policy.ts';
import type { FileListQuery } from './mediation.schemas.ts';

/** Files read per query while exporting. */
export const EXPORT_PAGE_SIZE = 1000;

export type FileListItem = Awaited<ReturnType<typeof listFiles>>['items'][number];

/** Files with an id below `before`, newest first, at most `limit`; `next` is the cursor of the page after. */
export async function listFiles(
  ctx: AppContext,
  actor: Actor,
  q: Pick<Static<typeof FileListQuery>, 'status' | 'committeeId'>,
  before: number | undefined,
  limit: number,
) {
  const scope = fileScope(actor);
  if (scope.committeeIds.length === 0 && scope.regionPaths.length === 0) return { items: [], next: undefined };
  let query = ctx.db
    .selectFrom('mediation_file')
    .select(['id', 'number', 'status', 'registered_at', 'deadline', 'outcome', 'committee_id', 'case_id'])
    .where((eb) =>
      eb.or([
        ...(scope.committeeIds.length > 0 ? [eb('mediation_file.committee_id', 'in', scope.committeeIds)] : []),
        ...(scope.regionPaths.length > 0
          ? [caseMatches(eb, 'mediation_file.case_id', { within: scope.regionPaths })]
          : []),
      ]),
    );
  if (q.status) query = query.where('mediation_file.status', '=', q.status);
  if (q.committeeId) query = query.where('mediation_file.committee_id', '=', q.committeeId);
  if (before !== undefined) query = query.where('mediation_file.id', '<', before);
  const rows = await query
    .orderBy('mediation_file.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const next = rows.length > limit ? page[page.length - 1]!.id : undefined;
  const cases = await findCaseBriefs(
    ctx.db,
    page.map((r) => r.case_id),
  );
  const committees = await unitNames(
    ctx.db,
    page.map((r) => r.committee_id),
  );
  const now = ctx.clock.now().toISOString();
  return {
    items: page.flatMap((r) => {
      const c = cases.get(r.case_id);
      if (!c) return [];
      return [
        {
          id: r.id,
          number: r.number,
          status: r.status,
          caseId: c.id,
          caseNumber: c.number,
          caseTitle: c.title,
          caseStatus: c.status,
          committeeId: r.committee_id,
          committeeName: committees.get(r.committee_id) ?? '',
          registeredAt: r.registered_at,
          deadline: r.deadline,
          overdue: r.status === 'open' && r.deadline < now,
          outcome: r.outcome,
        },
      ];
    }),
    next,
  };
}

export const FILE_EXPORT_COLUMNS: readonly XlsxColumn<FileListItem>[] = [
  { key: 'number', header: '卷宗编号', width: 22 },
  { key: 'status', header: '状态', width: 10, value: (f) => MEDIATION_STATUS_LABELS[f.status]?.zh ?? f.status },
  { key: 'caseNumber', header: '事件编号', width: 22 },
  { key: 'caseTitle', header: '事件标题', width: 36 },
  { key: 'committeeName', header: '调解委员会', width: 24 },
  { key: 'registeredAt', header: '受理时间', width: 18, type: 'datetime' },
  { key: 'deadline', header: '调解期限', width: 18, type: 'datetime' },
  { key: 'overdue', header: '是否超期', width: 10 },
  {
    key: 'outcome',
    header: '调解结果',
    width: 12,
    value: (f) => (f.outcome ? (OUTCOME_LABELS[f.outcome]?.zh ?? f.outcome) : null),
  },
];
