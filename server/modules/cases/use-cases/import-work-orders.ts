// 12345 工单导入: every row of a hotline export checked, then registered through the one intake
// (registerCase) with its work-order id as externalRef, so importing the same file again creates
// nothing and reports those rows as already imported. A dry run checks and looks up the same way
// and writes nothing. One audit record per import, with counts only.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { isWithin } from '../../../platform/db/subtree.ts';
import type { AuditEntry } from '../../../platform/audit/audit.ts';
import { auditActorOf, can, jurisdictionPaths, type Actor } from '../../auth/index.ts';
import { findUnitByCode, listUnits, locateGrid, type OrgUnitRow } from '../../org/index.ts';
import { listCategories } from '../category.repository.ts';
import { findCaseByExternalRef } from '../external-ref.ts';
import { registerCase } from './register-case.ts';
import { checkWorkOrder, quote, type CategoryChoice, type CheckedWorkOrder } from '../import-check.ts';
import { cellText, type WorkOrderSheet } from '../import-sheet.ts';

export const IMPORT_STATUSES = ['created', 'already_imported', 'ready', 'rejected'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export interface ImportReportRow {
  /** The row's number in the sheet. */
  row: number;
  externalId: string | null;
  status: ImportStatus;
  reasons: string[];
  caseId?: number | undefined;
  caseNumber?: string | undefined;
}

export interface ImportReport {
  dryRun: boolean;
  system: string;
  /** Whether the cases go to the service account of `system` (results flow back by webhook). */
  serviceAccount: boolean;
  total: number;
  created: number;
  alreadyImported: number;
  ready: number;
  rejected: number;
  rows: ImportReportRow[];
}

export interface ImportOptions {
  system: string;
  dryRun: boolean;
  /** Where rows that name no unit and no point are placed (the CLI's --unit, the page's choice). */
  defaultUnit?: OrgUnitRow | undefined;
  serviceAccountId: number | null;
  clientIp: string | null;
  /** Who the audit names (the CLI's system actor); by default the actor's acting membership. */
  auditActor?: AuditEntry['actor'] | undefined;
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/** Categories by code, by name and by "group/name"; a name two groups share is ambiguous. */
async function categoryLookup(ctx: AppContext): Promise<(text: string) => CategoryChoice | 'unknown' | 'ambiguous'> {
  const rows = (await listCategories(ctx.db)).filter((r) => r.active === 1);
  const groups = new Map(rows.filter((r) => r.parent_code === null).map((r) => [r.code, r.name]));
  const byKey = new Map<string, CategoryChoice | 'ambiguous'>();
  const add = (key: string, choice: CategoryChoice) => {
    const k = key.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
    const had = byKey.get(k);
    byKey.set(k, had && had !== 'ambiguous' && had.code !== choice.code ? 'ambiguous' : choice);
  };
  for (const r of rows) {
    if (r.owner_level === null) continue; // a group: cases go to its leaves
    const choice = { code: r.code, name: r.name, kind: r.kind };
    add(r.code, choice);
    add(r.name, choice);
    const group = r.parent_code ? groups.get(r.parent_code) : undefined;
    if (group) {
      add(`${group}/${r.name}`, choice);
      add(`${group}-${r.name}`, choice);
    }
  }
  return (text) => byKey.get(text.normalize('NFKC').replace(/\s+/g, '').toLowerCase()) ?? 'unknown';
}

type UnitAnswer = { unit: OrgUnitRow } | { reason: string };

/**
 * Units named in the sheet, by division code or by name. A name is looked for first where the
 * import may place cases, then anywhere (to say "outside your jurisdiction" rather than
 * "unknown"); the answers are kept for the file.
 */
function unitResolver(ctx: AppContext, scopePaths: string[]) {
  const cache = new Map<string, Promise<OrgUnitRow[]>>();
  const named = (name: string, level: 'county' | 'township', within: string[]) => {
    const key = `${level}|${within.join(',')}|${name}`;
    let found = cache.get(key);
    if (!found) {
      found = listUnits(ctx.db, { q: name, type: 'region', level, scopePaths: within, limit: 50 }).then((rows) =>
        rows.filter((u) => u.name === name),
      );
      cache.set(key, found);
    }
    return found;
  };
  const byCode = new Map<string, Promise<OrgUnitRow | undefined>>();
  const coded = (code: string) => {
    let found = byCode.get(code);
    if (!found) {
      found = findUnitByCode(ctx.db, code);
      byCode.set(code, found);
    }
    return found;
  };

  return async (text: string, level: 'county' | 'township', within: string[] = scopePaths): Promise<UnitAnswer> => {
    const shown = quote(text);
    if (/^[0-9A-Za-z-]{2,40}$/.test(text)) {
      const unit = await coded(text);
      if (!unit) return { reason: `未知的单位编码「${shown}」 / Unknown unit code` };
      if (!within.some((p) => isWithin(unit.path, p))) {
        return { reason: `${unit.name}不在您的辖区内 / ${unit.code} is outside your jurisdiction` };
      }
      return { unit };
    }
    const inside = await named(text, level, within);
    if (inside.length === 1) return { unit: inside[0]! };
    if (inside.length > 1) {
      return {
        reason: `有多个名为「${shown}」的单位，请填写区划代码 / Several units have this name: give the division code`,
      };
    }
    const anywhere = await named(text, level, ['/']);
    if (anywhere.length > 0) return { reason: `「${shown}」不在您的辖区内 / It is outside your jurisdiction` };
    const what = level === 'county' ? '区县' : '乡镇/街道';
    return { reason: `未知的${what}「${shown}」 / Unknown ${level}` };
  };
}

const URGENCY_MARK = { normal: '', urgent: '【紧急】', critical: '【特急】' } as const;

function beijingMinute(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export async function importWorkOrders(
  ctx: AppContext,
  actor: Actor,
  sheet: WorkOrderSheet,
  options: ImportOptions,
): Promise<ImportReport> {
  const scopePaths = jurisdictionPaths(actor, 'case:import');
  if (scopePaths.length === 0) throw new AppError('FORBIDDEN', '无权导入工单 / You may not import work orders');
  if (options.defaultUnit && !can(actor, 'case:import', [options.defaultUnit.path])) {
    throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
  }
  const categoryOf = await categoryLookup(ctx);
  const resolveUnit = unitResolver(ctx, scopePaths);
  const now = ctx.clock.now();
  // Where each work-order id first appears, as the check reads it (numbers as Excel keeps them).
  const firstRow = new Map<string, number>();
  for (const r of sheet.rows) {
    const id = cellText(r.cells.externalId);
    if (id !== '' && !firstRow.has(id)) firstRow.set(id, r.row);
  }

  const rows: ImportReportRow[] = [];
  for (const [i, sheetRow] of sheet.rows.entries()) {
    const checked = checkWorkOrder(sheetRow, { categoryOf, firstRowWith: (id) => firstRow.get(id), now });
    if (!checked.ok) {
      rows.push({ row: sheetRow.row, externalId: checked.externalId, status: 'rejected', reasons: checked.reasons });
    } else {
      rows.push(await importOne(ctx, actor, sheetRow.row, checked.order, options, resolveUnit));
    }
    options.onProgress?.(i + 1, sheet.rows.length);
  }

  const count = (status: ImportStatus) => rows.filter((r) => r.status === status).length;
  const report: ImportReport = {
    dryRun: options.dryRun,
    system: options.system,
    serviceAccount: options.serviceAccountId !== null,
    total: rows.length,
    created: count('created'),
    alreadyImported: count('already_imported'),
    ready: count('ready'),
    rejected: count('rejected'),
    rows,
  };
  await ctx.db.transaction().execute((trx) =>
    ctx.audit.append(
      trx,
      {
        actor: options.auditActor ?? auditActorOf(actor, 'case:import'),
        action: 'case.import',
        subjectType: 'import',
        subjectId: null,
        outcome: 'success',
        clientIp: options.clientIp,
        details: {
          system: options.system,
          dryRun: options.dryRun,
          total: report.total,
          created: report.created,
          alreadyImported: report.alreadyImported,
          ready: report.ready,
          rejected: report.rejected,
        },
      },
      ctx.clock.now(),
    ),
  );
  return report;
}

async function importOne(
  ctx: AppContext,
  actor: Actor,
  row: number,
  order: CheckedWorkOrder,
  options: ImportOptions,
  resolveUnit: ReturnType<typeof unitResolver>,
): Promise<ImportReportRow> {
  const base = { row, externalId: order.externalId };
  const rejected = (...reasons: string[]): ImportReportRow => ({ ...base, status: 'rejected', reasons });
  const externalRef = { system: options.system, id: order.externalId };

  // The unit named in the sheet: a township (inside the named county, when there is one), else the
  // county; neither: the point, else the import's default unit.
  let unit: OrgUnitRow | undefined;
  let county: OrgUnitRow | undefined;
  if (order.county) {
    // With a township the county only says where to look for it: the township must be in the area.
    const answer = await resolveUnit(order.county, 'county', order.township ? ['/'] : undefined);
    if ('reason' in answer) return rejected(answer.reason);
    county = answer.unit;
  }
  if (order.township) {
    const answer = await resolveUnit(order.township, 'township', county ? [county.path] : undefined);
    if ('reason' in answer) return rejected(answer.reason);
    unit = answer.unit;
  }
  unit ??= county;
  if (!unit && !order.location) unit = options.defaultUnit;
  if (!unit && !order.location) {
    return rejected('缺少所属乡镇/街道、区县或经纬度 / Give a township, county or coordinates');
  }
  if (unit && !can(actor, 'case:import', [unit.path])) {
    return rejected(`${unit.name}不在您的辖区内 / ${unit.code} is outside your jurisdiction`);
  }

  if (options.dryRun) {
    const existing = await findCaseByExternalRef(ctx.db, externalRef);
    if (existing) {
      return { ...base, status: 'already_imported', reasons: [], caseId: existing.id, caseNumber: existing.number };
    }
    if (order.location) {
      try {
        const grid = await locateGrid(ctx, order.location.lng, order.location.lat, 'gcj02');
        if (!can(actor, 'case:import', [grid.path])) {
          return rejected(`${grid.name}不在您的辖区内 / The point is outside your jurisdiction`);
        }
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== 'NOT_IN_ANY_GRID') throw error;
        if (!unit)
          return rejected('该位置不在任何网格内，请填写所属乡镇/街道 / The point is in no grid: give a township');
      }
    }
    return { ...base, status: 'ready', reasons: [] };
  }

  const mark = URGENCY_MARK[order.urgency];
  const title = order.title ?? (mark ? `${order.category.name}：${order.content}` : undefined);
  const calledAt = order.calledAt ? `\n（12345 来电时间 ${beijingMinute(order.calledAt)}）` : '';
  try {
    const registered = await registerCase(
      ctx,
      actor,
      {
        kind: order.category.kind,
        categoryCode: order.category.code,
        channel: 'hotline',
        description: `${order.content}${calledAt}`,
        title: title ? `${mark}${title}`.slice(0, 60) : undefined,
        location: order.location ? { ...order.location, crs: 'gcj02' } : undefined,
        address: order.address ?? undefined,
        unitId: unit?.id,
        reporter:
          order.reporterName || order.phone
            ? { name: order.reporterName ?? undefined, phone: order.phone ?? undefined }
            : undefined,
        externalRef,
      },
      options.clientIp,
      { serviceAccountId: options.serviceAccountId },
    );
    return {
      ...base,
      status: registered.replayed ? 'already_imported' : 'created',
      reasons: [],
      caseId: registered.row.id,
      caseNumber: registered.row.number,
    };
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    return rejected(error.message);
  }
}
