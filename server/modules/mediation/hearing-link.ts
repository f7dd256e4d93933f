// A public hearing as another module cites it (issue 17: the public-opinion stage of a stability
// risk assessment names the hearing held on the matter): what it was and how it went, when the
// actor may read its case; nothing otherwise.
import type { AppContext } from '../../context.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Actor } from '../auth/index.ts';
import { loadVisibleCase } from '../cases/index.ts';

export interface HearingSummary {
  id: number;
  title: string;
  scheduledAt: string;
  place: string;
  status: 'scheduled' | 'held' | 'cancelled';
  outcome: string | null;
  caseNumber: string;
}

export async function findReadableHearing(
  ctx: AppContext,
  actor: Actor,
  id: number,
): Promise<HearingSummary | undefined> {
  const row = await ctx.db
    .selectFrom('hearing')
    .select(['id', 'case_id', 'title', 'scheduled_at', 'place', 'status', 'outcome'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  try {
    const loaded = await loadVisibleCase(ctx, actor, row.case_id);
    return {
      id: row.id,
      title: row.title,
      scheduledAt: row.scheduled_at,
      place: row.place,
      status: row.status,
      outcome: row.outcome,
      caseNumber: loaded.row.number,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') return undefined;
    throw error;
  }
}
