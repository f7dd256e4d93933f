// The JSON body parser. A 1 MB body can nest half a million levels or hold a hundred thousand keys,
// and every later step (parse, NUL guard, schema validation with all errors) pays for each of
// them. No request of this API needs more than a few levels or a few thousand keys, so the text is
// measured first, in one pass without recursion, and refused before JSON.parse sees it.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

export const MAX_JSON_DEPTH = 32;
export const MAX_JSON_KEYS = 10_000;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

export type JsonExcess = 'depth' | 'keys';

/**
 * Which limit a JSON text goes past, or undefined. Counts nesting by brackets and keys by the
 * colons that follow them, outside strings; linear in the text, constant memory. Text that is not
 * JSON may be measured loosely: JSON.parse refuses it next.
 */
export function jsonExcess(text: string, maxDepth = MAX_JSON_DEPTH, maxKeys = MAX_JSON_KEYS): JsonExcess | undefined {
  let depth = 0;
  let keys = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
      continue;
    }
    switch (c) {
      case QUOTE:
        inString = true;
        break;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        if (++depth > maxDepth) return 'depth';
        break;
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        depth--;
        break;
      case COLON:
        if (++keys > maxKeys) return 'keys';
        break;
      default:
        break;
    }
  }
  return undefined;
}

function tooComplex(excess: JsonExcess): AppError {
  return new AppError('JSON_TOO_COMPLEX', undefined, [
    {
      field: 'body',
      message:
        excess === 'depth'
          ? `嵌套超过 ${MAX_JSON_DEPTH} 层 / Nested deeper than ${MAX_JSON_DEPTH} levels`
          : `键总数超过 ${MAX_JSON_KEYS} 个 / More than ${MAX_JSON_KEYS} keys in all`,
    },
  ]);
}

/**
 * Replaces Fastify's application/json parser with the same parser (prototype-poisoning checks
 * and all) behind the measurement. Call before any plugin or route is registered: child scopes
 * copy the parsers they find.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  // Fastify's own parser is the callback kind (its type also admits a promise-returning one).
  const parse = app.getDefaultJsonParser('error', 'error') as (
    request: FastifyRequest,
    body: string,
    done: (error: Error | null, body?: unknown) => void,
  ) => void;
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const excess = jsonExcess(body as string);
    if (excess !== undefined) {
      done(tooComplex(excess), undefined);
      return;
    }
    parse(request, body as string, done);
  });
}
