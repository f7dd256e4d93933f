// The one error type use cases throw; the HTTP layer turns it into
// {"error":{"code","message","details"}} with its status. Codes, statuses and default messages
// come from the catalogue in common/errors.ts; a message given here says more about this case.
import { ERRORS, type ErrorCode } from '../../../common/errors.ts';

export type { ErrorCode } from '../../../common/errors.ts';

export class AppError extends Error {
  readonly status: number;
  /** Set when the refusal is a policy denial of an existing record: the audit log records it. */
  deniedSubject?: { type: string; id: string | number };
  constructor(
    readonly code: ErrorCode,
    message?: string,
    readonly details?: unknown,
  ) {
    super(message ?? `${ERRORS[code].zh} / ${ERRORS[code].en}`);
    this.status = ERRORS[code].status;
  }

  denying(type: string, id: string | number): this {
    this.deniedSubject = { type, id };
    return this;
  }
}

export function notFound(what = '记录'): AppError {
  return new AppError('NOT_FOUND', `${what}不存在 / Not found`);
}
