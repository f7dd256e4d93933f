// Mediators' figures (proposal §19): per committee and per lead mediator, the files registered in
// a period, how many are still open, concluded, ended in an agreement, the success rate and the
// average days from registration to outcome. Scoped like the file list.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import { beijingDay, endOfBeijingDay } from '../../platform/calendar/working-days.ts';
import { isWithin } from '../../platform/db/subtree.ts';
import { userNames, type Actor } from '../auth/index.ts';
import { findUnitById, unitNames, unitWithin } from '../org/index.ts';
import { fileScope } from './mediation.policy.ts';

interface Tally {
  files: number;
  open: number;
  concluded: number;
  agreements: number;
  days: number;
}

const empty = (): Tally => ({ files: 0, open: 0, concluded: 0, agreements: 0, days: 0 });

function figures(t: Tally) {
  return {
    files: t.files,
    open: t.open,
    concluded: t.concluded,
    agreements: t.agreements,
    successRate: t.concluded > 0 ? Math.round((t.agreements / t.concluded) * 1000) / 1000 : null,
    averageDays: t.concluded > 0 ? Math.round((t.days / t.concluded) * 10) / 10 : null,
  };
}

export async function mediationFigures(
  ctx: AppContext,
  actor: Actor,
  query: { from?: string | undefined; to?: string | undefined; unitId?: number | undefined },
) {
  const today = beijingDay(ctx.clock.now());
  const from = query.from ?? `${today.slice(0, 7)}-01`;
  const to = query.to ?? today;
  if (Number.isNaN(Date.parse(from)) || Number.isNaN(Date.parse(to)) || from > to)
    throw new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [
      { field: 'from', message: '起止日期无效 / Invalid period' },
    ]);
  const scope = fileScope(actor);
  let within: string | undefined;
  if (query.unitId !== undefined) {
    const unit = await findUnitById(ctx.db, query.unitId);
    const visible =
      unit && (scope.committeeIds.includes(unit.id) || scope.regionPaths.some((p) => isWithin(unit.path, p)));
    if (!unit || !visible) throw new AppError('NOT_FOUND', '单位不存在 / No such unit');
    within = unit.path;
  }
  if (scope.committeeIds.length === 0 && scope.regionPaths.length === 0)
    return { from, to, committees: [], mediators: [] };
  let q = ctx.db
    .selectFrom('mediation_file')
    .select(['committee_id', 'lead_mediator_id', 'status', 'outcome', 'registered_at', 'outcome_at'])
    // From the start of the first Beijing day to the end of the last.
    .where('registered_at', '>=', new Date(endOfBeijingDay(from).getTime() + 1 - 86_400_000).toISOString())
    .where('registered_at', '<=', endOfBeijingDay(to).toISOString())
    .where((eb) =>
      eb.or([
        ...(scope.committeeIds.length > 0 ? [eb('mediation_file.committee_id', 'in', scope.committeeIds)] : []),
        unitWithin(eb, 'mediation_file.committee_id', scope.regionPaths),
      ]),
    );
  if (within) {
    const path = within;
    q = q.where((eb) => unitWithin(eb, 'mediation_file.committee_id', [path]));
  }
  const files = await q.execute();
  const committeeNames = await unitNames(
    ctx.db,
    files.map((f) => f.committee_id),
  );
  const mediatorNames = await userNames(
    ctx.db,
    files.map((f) => f.lead_mediator_id),
  );
  const rows = files.map((f) => ({
    ...f,
    committee_name: committeeNames.get(f.committee_id) ?? '',
    mediator_name: f.lead_mediator_id !== null ? (mediatorNames.get(f.lead_mediator_id) ?? null) : null,
  }));
  const committees = new Map<number, { name: string; t: Tally }>();
  const mediators = new Map<number, { name: string; committeeName: string; t: Tally }>();
  for (const r of rows) {
    const c = committees.get(r.committee_id) ?? { name: r.committee_name, t: empty() };
    committees.set(r.committee_id, c);
    const tallies = [c.t];
    if (r.lead_mediator_id !== null) {
      const m = mediators.get(r.lead_mediator_id) ?? {
        name: r.mediator_name ?? '',
        committeeName: r.committee_name,
        t: empty(),
      };
      mediators.set(r.lead_mediator_id, m);
      tallies.push(m.t);
    }
    for (const t of tallies) {
      t.files++;
      if (r.status === 'open') t.open++;
      else if (r.outcome !== null && r.outcome_at !== null) {
        t.concluded++;
        if (r.outcome === 'agreement') t.agreements++;
        t.days += (Date.parse(r.outcome_at) - Date.parse(r.registered_at)) / 86_400_000;
      }
    }
  }
  return {
    from,
    to,
    committees: [...committees].map(([unitId, c]) => ({ unitId, name: c.name, ...figures(c.t) })),
    mediators: [...mediators].map(([userId, m]) => ({
      userId,
      name: m.name,
      committeeName: m.committeeName,
      ...figures(m.t),
    })),
  };
}
