// What the public results page (transparency, issue 16) may draw its resolved cases from: recent
// resolved or closed cases of a region with a result written. The reporter's name and address come
// along only so that the caller can scrub them out of the text; they are never shown.
import type { Db } from '../../context.ts';
import { subtreeUpperBound } from '../../platform/db/subtree.ts';
import type { Rating } from '../../../common/workflow.ts';

export interface ResolvedCaseCandidate {
  id: number;
  title: string;
  categoryName: string;
  regionPath: string;
  createdAt: string;
  resolvedAt: string;
  result: string;
  rating: Rating | null;
  /** For the scrubber only. */
  reporterName: string | null;
  address: string | null;
}

/** The latest `limit` cases of the subtree registered in [from, to) that were resolved with a result. */
export async function findResolvedCaseCandidates(
  db: Db,
  filter: { withinPath: string; from: string; to: string; limit: number },
): Promise<ResolvedCaseCandidate[]> {
  const rows = await db
    .selectFrom('case_record')
    .innerJoin('category', 'category.code', 'case_record.category_code')
    .select([
      'case_record.id',
      'case_record.title',
      'category.name as category_name',
      'case_record.region_path',
      'case_record.created_at',
      'case_record.resolved_at',
      'case_record.result',
      'case_record.rating',
      'case_record.reporter_name',
      'case_record.address',
    ])
    .where('case_record.region_path', '>=', filter.withinPath)
    .where('case_record.region_path', '<', subtreeUpperBound(filter.withinPath))
    .where('case_record.created_at', '>=', filter.from)
    .where('case_record.created_at', '<', filter.to)
    .where('case_record.status', 'in', ['resolved', 'closed'])
    .where('case_record.result', 'is not', null)
    .where('case_record.resolved_at', 'is not', null)
    .orderBy('case_record.created_at', 'desc')
    .orderBy('case_record.id', 'desc')
    .limit(filter.limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    categoryName: r.category_name,
    regionPath: r.region_path,
    createdAt: r.created_at,
    resolvedAt: r.resolved_at!,
    result: r.result!,
    rating: r.rating,
    reporterName: r.reporter_name,
    address: r.address,
  }));
}
