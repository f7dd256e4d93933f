// Cross-site request forgery: a browser attaches the session cookie to any request another site
// makes it send — a form post (urlencoded, multipart or text/plain, which need no CORS preflight)
// or a fetch. A change carried by the cookie alone must therefore come from Concord's own pages:
// a JSON body (which another site cannot send without a preflight this server never grants) and
// an Origin equal to the request's own host. A Bearer token is never attached by the browser on
// its own, so requests carrying one are not asked.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes a multipart/form-data body (a file upload) besides JSON. */
    multipart?: boolean;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface CsrfGuardOptions {
  /** The name of the cookie that carries a session. */
  sessionCookie: string;
}

function mediaTypeOf(request: FastifyRequest): string | undefined {
  const header = request.headers['content-type'];
  return header === undefined ? undefined : (header.split(';')[0] ?? '').trim().toLowerCase();
}

function hasBody(request: FastifyRequest): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** JSON, or multipart on a route that uploads; a body without a declared type is none of these. */
function acceptableBody(request: FastifyRequest): boolean {
  const type = mediaTypeOf(request);
  if (type === undefined) return !hasBody(request);
  if (type === 'application/json') return true;
  return type === 'multipart/form-data' && request.routeOptions.config.multipart === true;
}

/**
 * Whether the request comes from a page of this very host. The Origin's scheme is not compared:
 * behind a proxy that ends TLS the server sees http while the page was https. `request.host` is
 * the Host header, or the forwarded host only when Fastify is told to trust the proxy.
 */
export function isSameOrigin(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return request.headers['sec-fetch-site'] === 'same-origin';
  let page: URL;
  let own: URL;
  try {
    page = new URL(origin);
    // Spelled with the page's scheme, so the scheme's default port reads the same on both sides.
    own = new URL(`${page.protocol}//${request.host}`);
  } catch {
    return false; // "null" (a sandboxed page, a file) or garbage
  }
  return (page.protocol === 'http:' || page.protocol === 'https:') && page.host === own.host;
}

/** Why the request is refused, or undefined when it may go on. */
export function csrfRefusal(request: FastifyRequest, sessionCookie: string): AppError | undefined {
  if (!UNSAFE_METHODS.has(request.method) || request.is404) return undefined;
  const isPublic = request.routeOptions.config.auth === 'public';
  const byCookie = !isPublic && request.headers.authorization === undefined && Boolean(request.cookies[sessionCookie]);
  const publicJson = isPublic && request.routeOptions.schema?.body !== undefined;
  if (!byCookie && !publicJson) return undefined;
  if (!acceptableBody(request)) {
    return new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      '请以 application/json 发送请求体 / Send the body as application/json',
    );
  }
  if (byCookie && !isSameOrigin(request)) return new AppError('CSRF_REJECTED');
  return undefined;
}

/**
 * An onRequest hook, registered before the one that resolves the session: a forged request is
 * refused before any session is looked up or any body read.
 * - cookie-borne changes on signed-in routes: 415 unless JSON (or multipart where the route takes
 *   a file), then 403 CSRF_REJECTED unless same-origin;
 * - changes on public routes that take a JSON body (signing in, which sets the cookie): 415
 *   unless JSON, so that no plain HTML form on another site posts to them.
 */
export function registerCsrfGuard(app: FastifyInstance, options: CsrfGuardOptions): void {
  app.addHook('onRequest', (request, _reply, done) => {
    done(csrfRefusal(request, options.sessionCookie));
  });
}
