// The unit list (GET /api/v1/units): one page of the units matching the filters inside the caller's
// jurisdiction, in code order — for the JSON list and, page after page, for its .xlsx export.
import type { Static } from 'typebox';
import { UNIT_KIND_LABELS, UNIT_LEVEL_LABELS, UNIT_TYPE_LABELS } from '../../../common/labels.ts';
import type { AppContext } from '../../context.ts';
import type { XlsxColumn } from '../../platform/http/xlsx.ts';
import { countChildren, findUnitById, listUnits, type OrgUnitRow } from './org.repository.ts';
import type { UnitListQuery } from './org.schemas.ts';

/** Units read per query while exporting. */
export const UNIT_EXPORT_PAGE_SIZE = 1000;

export function presentUnit(unit: OrgUnitRow) {
  return {
    id: unit.id,
    code: unit.code,
    name: unit.name,
    type: unit.type,
    kind: unit.kind,
    level: unit.level,
    parentId: unit.parent_id,
    path: unit.path,
    closedAt: unit.closed_at,
  };
}

export type UnitListItem = Awaited<ReturnType<typeof listUnitPage>>['items'][number];

/** Units with a code after `afterCode`, in code order, at most `limit`; `next` is the code to continue after. */
export async function listUnitPage(
  ctx: AppContext,
  scopePaths: string[],
  query: Omit<Static<typeof UnitListQuery>, 'cursor' | 'limit' | 'format'>,
  afterCode: string | undefined,
  limit: number,
) {
  let withinPath: string | undefined;
  if (query.within !== undefined) {
    const within = await findUnitById(ctx.db, query.within);
    withinPath = within?.path ?? '/none/';
  }
  const rows = await listUnits(ctx.db, {
    code: query.code,
    q: query.q,
    parentId: query.parentId,
    level: query.level,
    type: query.type,
    withinPath,
    scopePaths,
    afterCode,
    limit: limit + 1,
  });
  const page = rows.slice(0, limit);
  const counts = await countChildren(
    ctx.db,
    page.map((u) => u.id),
  );
  return {
    items: page.map((u) => ({ ...presentUnit(u), childCount: counts.get(u.id) ?? 0 })),
    next: rows.length > limit ? page[page.length - 1]!.code : undefined,
  };
}

const zh = (labels: Record<string, { zh: string }>, code: string | null) =>
  code === null ? null : (labels[code]?.zh ?? code);

/** The sheet of the unit list (the org page's grids table, and any other filter of the list). */
export const UNIT_EXPORT_COLUMNS: readonly XlsxColumn<UnitListItem>[] = [
  { key: 'name', header: '名称', width: 32 },
  { key: 'code', header: '代码', width: 24 },
  { key: 'type', header: '类型', width: 14, value: (u) => zh(UNIT_TYPE_LABELS, u.type) },
  { key: 'level', header: '层级', width: 12, value: (u) => zh(UNIT_LEVEL_LABELS, u.level) },
  { key: 'kind', header: '网格或领域类别', width: 18, value: (u) => zh(UNIT_KIND_LABELS, u.kind) },
  { key: 'childCount', header: '下级单位数', width: 12, type: 'number' },
];
