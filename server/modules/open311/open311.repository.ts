// The open311 module's own table: what each GeoReport request carried besides its case.
import type { Db } from '../../context.ts';
import type { AttributeAnswers } from './request-input.ts';

export async function recordRequest(
  db: Db,
  row: {
    caseId: number;
    serviceAccountId: number;
    mediaUrl: string | undefined;
    attributes: AttributeAnswers;
    at: string;
  },
): Promise<void> {
  await db
    .insertInto('open311_request')
    .values({
      case_id: row.caseId,
      service_account_id: row.serviceAccountId,
      media_url: row.mediaUrl ?? null,
      attributes: JSON.stringify(row.attributes),
      created_at: row.at,
    })
    .execute();
}

export async function mediaUrls(db: Db, caseIds: readonly number[]): Promise<Map<number, string>> {
  const ids = [...new Set(caseIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('open311_request')
    .select(['case_id', 'media_url'])
    .where('case_id', 'in', ids)
    .where('media_url', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.case_id, r.media_url!]));
}
