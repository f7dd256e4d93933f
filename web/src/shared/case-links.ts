// The case list behind a figure (dashboard, rankings): the same filters the figure was counted
// with — a window of registration, a KPI rule of kpi.ts, a region or lead unit, a category or a
// status — as the address of /cases, which passes them on to GET /api/v1/cases unchanged.
import type { Query } from './api.ts';

export type KpiName = NonNullable<Query<'/api/v1/cases'>['kpi']>;

export interface CasesBehind {
  /** Registered in [from, to) (ISO instants, as the figure's answer gives them). */
  window?: { from: string; to: string } | undefined;
  /** A KPI rule; none: every case of the window. */
  kpi?: KpiName | undefined;
  /** Located within this region. */
  unitId?: number | undefined;
  /** Led by this unit. */
  leadUnitId?: number | undefined;
  categoryCode?: string | undefined;
  status?: string | undefined;
  /** Registered by this account (a staff member's figures, 队伍建设). */
  createdBy?: number | undefined;
}

export function casesBehind(behind: CasesBehind): string {
  const query = new URLSearchParams();
  if (behind.window) {
    query.set('from', behind.window.from);
    query.set('to', behind.window.to);
  }
  if (behind.unitId !== undefined) query.set('unitId', String(behind.unitId));
  if (behind.leadUnitId !== undefined) query.set('leadUnitId', String(behind.leadUnitId));
  if (behind.categoryCode) query.set('categoryCode', behind.categoryCode);
  if (behind.status) query.set('status', behind.status);
  if (behind.createdBy !== undefined) query.set('createdBy', String(behind.createdBy));
  if (behind.kpi && behind.kpi !== 'all') query.set('kpi', behind.kpi);
  const text = query.toString();
  return text ? `/cases?${text}` : '/cases';
}
