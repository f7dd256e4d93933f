// The one error type use cases throw; the HTTP layer turns it into
// {"error":{"code","message","details"}} with its status. Messages are Chinese first, then English.

export const ErrorCodes = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  OTP_REQUIRED: 401,
  OTP_INVALID: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  TOTP_ENROLLMENT_REQUIRED: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  NOT_IN_ANY_GRID: 404,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  BUSINESS_RULE: 422,
  INVALID_TRANSITION: 422,
  ACCOUNT_LOCKED: 429,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

export class AppError extends Error {
  readonly status: number;
  /** Set when the refusal is a policy denial of an existing record: the audit log records it. */
  deniedSubject?: { type: string; id: string | number };
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.status = ErrorCodes[code];
  }

  denying(type: string, id: string | number): this {
    this.deniedSubject = { type, id };
    return this;
  }
}

export function notFound(what = '记录'): AppError {
  return new AppError('NOT_FOUND', `${what}不存在 / Not found`);
}
