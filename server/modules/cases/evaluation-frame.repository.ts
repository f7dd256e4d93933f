// What cases offers third-party evaluation (issue 16): the sampling frame of closed cases and what
// the evaluator's calling sheet shows of a sampled case (ADR 0008: evaluation never reads
// case_record itself). The reporter's number leaves here masked; the clear number only through the
// audited reveal (use-cases/reveal-reporter.ts).
import type { Db, Trx } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import { maskPhone, type PersonalDataCipher } from '../../platform/crypto/personal-data.ts';
import type { Rating } from '../../../common/case-state.ts';

type Executor = Db | Trx;

/** Where the frame's cases come from: a region's area, or the cases a unit led within the given areas. */
export type SamplingScope = { regionPath: string } | { leadUnitId: number; withinPaths: string[] };

/**
 * The sampling frame, ids ascending: cases closed (status `closed`, `closed_at` within [from, to))
 * whose reporter left a number — a case nobody can call cannot be evaluated by phone. Cancelled
 * and merged cases are never `closed`; a case reopened since is no longer in the frame.
 */
export async function closedCaseIdsForSampling(
  db: Executor,
  scope: SamplingScope,
  window: { from: string; to: string },
): Promise<number[]> {
  let query = db
    .selectFrom('case_record')
    .select('id')
    .where('status', '=', 'closed')
    .where('closed_at', '>=', window.from)
    .where('closed_at', '<', window.to)
    .where('reporter_phone_enc', 'is not', null);
  if ('regionPath' in scope) {
    query = query
      .where('region_path', '>=', scope.regionPath)
      .where('region_path', '<', subtreeUpperBound(scope.regionPath));
  } else {
    if (scope.withinPaths.length === 0) return [];
    query = query
      .where('lead_unit_id', '=', scope.leadUnitId)
      .where((eb) =>
        eb.or(
          scope.withinPaths.map((p) =>
            eb.and([eb('region_path', '>=', p), eb('region_path', '<', subtreeUpperBound(p))]),
          ),
        ),
      );
  }
  const rows = await query.orderBy('id').execute();
  return rows.map((r) => r.id);
}

export interface SampledCase {
  id: number;
  number: string;
  title: string;
  categoryCode: string;
  categoryName: string;
  regionId: number;
  regionPath: string;
  createdAt: string;
  resolvedAt: string | null;
  closedAt: string | null;
  result: string | null;
  /** The rating the case was closed with (self-reported: the centre's own return call or the reporter). */
  rating: Rating | null;
  reporterName: string | null;
  reporterPhoneMasked: string | null;
}

/** The calling sheet's view of these cases, by id (the phone masked). */
export async function sampledCases(
  db: Executor,
  cipher: PersonalDataCipher,
  ids: readonly number[],
): Promise<Map<number, SampledCase>> {
  const unique = [...new Set(ids)];
  const result = new Map<number, SampledCase>();
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await db
      .selectFrom('case_record')
      .leftJoin('category', 'category.code', 'case_record.category_code')
      .select([
        'case_record.id',
        'case_record.number',
        'case_record.title',
        'case_record.category_code',
        'category.name as category_name',
        'case_record.region_id',
        'case_record.region_path',
        'case_record.created_at',
        'case_record.resolved_at',
        'case_record.closed_at',
        'case_record.result',
        'case_record.rating',
        'case_record.reporter_name',
        'case_record.reporter_phone_enc',
      ])
      .where('case_record.id', 'in', unique.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      result.set(r.id, {
        id: r.id,
        number: r.number,
        title: r.title,
        categoryCode: r.category_code,
        categoryName: r.category_name ?? r.category_code,
        regionId: r.region_id,
        regionPath: r.region_path,
        createdAt: r.created_at,
        resolvedAt: r.resolved_at,
        closedAt: r.closed_at,
        result: r.result,
        rating: r.rating,
        reporterName: r.reporter_name,
        reporterPhoneMasked: r.reporter_phone_enc ? maskPhone(cipher.decrypt(r.reporter_phone_enc)) : null,
      });
    }
  }
  return result;
}
