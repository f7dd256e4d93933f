// PostgreSQL cannot store U+0000 in text (it fails the statement, a 500) while SQLite keeps it and
// C-string tools later cut at it. No field of this API has a use for it, so every request carrying
// one in its path, query or JSON body is refused up front, on both engines alike, with a 400.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

/** The dotted path of the first string (value or key) holding U+0000, or undefined. Iterative:
 * a JSON body may nest thousands of levels deep. */
export function fieldWithNul(value: unknown): string | undefined {
  const pending: [unknown, string][] = [[value, '']];
  while (pending.length > 0) {
    const [item, path] = pending.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return path;
    } else if (item !== null && typeof item === 'object' && !ArrayBuffer.isView(item)) {
      for (const [key, child] of Object.entries(item)) {
        const childPath = path === '' ? key : `${path}.${key}`;
        if (key.includes('\u0000')) return childPath.replaceAll('\u0000', '');
        pending.push([child, childPath]);
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
