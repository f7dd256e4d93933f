// PostgreSQL cannot store U+0000 in text (it fails the statement, a 500) while SQLite keeps it and
// C-string tools later cut at it. No field of this API has a use for it, so every request carrying
// one in its path, query or JSON body is refused up front, on both engines alike, with a 400.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

const NUL = '\u0000';

type Container = Record<string, unknown>;

const isContainer = (value: unknown): value is Container =>
  value !== null && typeof value === 'object' && !ArrayBuffer.isView(value);

/**
 * The dotted path of a string (value or key) holding U+0000, or undefined. One pass over the
 * values with an explicit stack (a JSON body may nest deep); each container remembers only its key
 * and its parent, so the path is spelled out once, for the field found, not for every value.
 */
export function fieldWithNul(value: unknown): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? '' : undefined;
  if (!isContainer(value)) return undefined;
  const keyOf: string[] = [];
  const parentOf: number[] = [];
  const pending: [Container, number][] = [[value, -1]];
  const pathTo = (parent: number, key: string): string => {
    const parts = [key];
    for (let at = parent; at >= 0; at = parentOf[at]!) parts.push(keyOf[at]!);
    return parts.reverse().join('.');
  };
  while (pending.length > 0) {
    const [item, at] = pending.pop()!;
    for (const key of Object.keys(item)) {
      if (key.includes(NUL)) return pathTo(at, key.replaceAll(NUL, ''));
      const child = item[key];
      if (typeof child === 'string') {
        if (child.includes(NUL)) return pathTo(at, key);
      } else if (isContainer(child)) {
        keyOf.push(key);
        parentOf.push(at);
        pending.push([child, keyOf.length - 1]);
      }
    }
  }
  return undefined;
}

/** A preValidation hook: runs after parsing, before the route's schema. */
export function rejectNulCharacters(
  request: FastifyRequest,
  _reply: FastifyReply,
  done: (error?: Error) => void,
): void {
  for (const [part, value] of [
    ['params', request.params],
    ['querystring', request.query],
    ['body', request.body],
  ] as const) {
    const field = fieldWithNul(value);
    if (field !== undefined) {
      done(
        new AppError('VALIDATION_FAILED', '请求含有空字符 / The request contains a NUL character', [
          { field: field === '' ? part : field, message: '不允许空字符 / NUL characters are not allowed' },
        ]),
      );
      return;
    }
  }
  done();
}
