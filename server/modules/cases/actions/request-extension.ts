import { AppError } from '../../../platform/http/errors.ts';
import type { ActionEffect } from './effect.ts';

/** Extensions of one case add up to at most this many working days (Shandong hotline rules). */
export const MAX_EXTENSION_DAYS = 10;

export const requestExtension: ActionEffect<'request_extension'> = {
  plan({ actor, loaded, now }, body) {
    const { row } = loaded;
    if (row.extension_days + body.days > MAX_EXTENSION_DAYS)
      throw new AppError(
        'EXTENSION_LIMIT_EXCEEDED',
        `最多延期 ${MAX_EXTENSION_DAYS} 个工作日，已延期 ${row.extension_days} 天 / At most ${MAX_EXTENSION_DAYS} working days in all`,
        { allowedActions: [] },
      );
    const reason = body.reason.trim();
    return {
      patch: {
        extension_pending: JSON.stringify({
          days: body.days,
          reason,
          requestedBy: actor.userId,
          at: now.toISOString(),
        }),
      },
      data: { days: body.days, reason },
    };
  },
};
