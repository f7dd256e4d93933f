// What both edits of an article check: real dates, trimmed text, clean tags, an owner region the
// administrator may write in.
import type { AppContext } from '../../../context.ts';
import { AppError } from '../../../platform/http/errors.ts';
import { beijingDay } from '../../../platform/calendar/working-days.ts';
import { anchorPathOf, can, type Actor } from '../../auth/index.ts';
import { findUnitById, type OrgUnitRow } from '../../org/index.ts';

export const invalid = (field: string, message: string) =>
  new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', [{ field, message }]);

export function checkDate(day: string, field = 'reviewDue'): string {
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day)
    throw invalid(field, '日期无效 / Invalid date');
  return day;
}

export function cleanText(text: string, field: string): string {
  const trimmed = text.trim();
  if (trimmed === '') throw invalid(field, '不能为空 / Must not be blank');
  return trimmed;
}

export function cleanTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim()).filter(Boolean))];
}

/** A year after today (Beijing): when a new article is checked again unless the author says. */
export function defaultReviewDue(now: Date): string {
  const day = beijingDay(now);
  return `${Number(day.slice(0, 4)) + 1}${day.slice(4).replace('-02-29', '-02-28')}`;
}

const unitNotFound = () => new AppError('NOT_FOUND', '单位不存在 / No such unit');

/**
 * The region that owns a new article: the unit asked for (a centre or department stands for its
 * region), else the administrator's own area. Outside the administrator's area the unit does not
 * exist for it.
 */
export async function ownerRegion(ctx: AppContext, actor: Actor, unitId: number | undefined): Promise<OrgUnitRow> {
  let id = unitId;
  if (id === undefined) {
    const membership = actor.memberships.find((m) => can(actor, 'knowledge:manage', [m.anchorPath]));
    id = Number(membership?.anchorPath.split('/').filter(Boolean).at(-1));
    if (!Number.isSafeInteger(id)) throw unitNotFound();
  }
  const unit = await findUnitById(ctx.db, id);
  if (!unit) throw unitNotFound();
  const anchor = anchorPathOf(unit);
  const region =
    anchor === unit.path ? unit : await findUnitById(ctx.db, Number(anchor.split('/').filter(Boolean).at(-1)));
  if (!region || !can(actor, 'knowledge:manage', [region.path])) throw unitNotFound();
  return region;
}
