// Schemas every module's routes share: the error body and keyset pagination.
import { Type, type TSchema } from 'typebox';
import { ERROR_CODES, ERRORS } from '../../../common/errors.ts';
import { AppError } from './errors.ts';

/** A plain string here: the list of codes is published once, as the document's `x-error-codes`,
 * instead of an enum repeated in every route's error responses. */
export const ErrorCodeSchema = Type.String({
  description: '错误码，见 x-error-codes 与 docs/errors.md / Error code: see x-error-codes and docs/errors.md',
});

/** The catalogue as the OpenAPI document publishes it (`x-error-codes`). */
export function errorCatalogue(): Record<string, { status: number; zh: string; en: string; description: string }> {
  return Object.fromEntries(ERROR_CODES.map((code) => [code, { ...ERRORS[code] }]));
}

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: ErrorCodeSchema,
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { title: 'ErrorBody', description: '错误 / Error' },
);

/** The error responses a route can give, for its OpenAPI entry. */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

export const Page = <T extends TSchema>(item: T) =>
  Type.Object({ items: Type.Array(item), nextCursor: Type.Union([Type.String(), Type.Null()]) });

export const IdParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }) });

export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * A keyset page: `rows` were read with `limit + 1`, the extra row only telling that a next page
 * exists; the cursor is the key of the page's last row.
 */
export function keysetPage<Row>(
  rows: Row[],
  limit: number,
  keyOf: (row: Row) => Record<string, unknown>,
): { page: Row[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return { page, nextCursor: rows.length > limit ? encodeCursor(keyOf(page[page.length - 1]!)) : null };
}

export function decodeCursor<T>(cursor: string | undefined, check: (value: unknown) => value is T): T | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (check(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new AppError('VALIDATION_FAILED', '分页游标无效 / Invalid cursor', [
    { field: 'cursor', message: '无效 / Invalid' },
  ]);
}

/** Cursor predicate for a positive safe integer under `key` (a crafted 1.5 or 1e20 is refused). */
export function positiveIntCursor<K extends string>(key: K) {
  return (value: unknown): value is Record<K, number> => {
    if (typeof value !== 'object' || value === null) return false;
    const n = (value as Record<string, unknown>)[key];
    return typeof n === 'number' && Number.isSafeInteger(n) && n > 0;
  };
}
