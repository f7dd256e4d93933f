// The API client: openapi-fetch over the routes generated from the OpenAPI document
// (api-schema.d.ts, `npm run api:generate`), so a page names a route and gets its answer's type:
//   const detail = await api.GET('/api/v1/cases/{id}', { params: { path: { id } } });
// It sends the session's Bearer token; every failure becomes an ApiError carrying the server's code
// and message, never a raw body or stack.
import createClient, { type MaybeOptionalInit, type Middleware } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { errorText } from '../../../common/errors.ts';
import type { paths } from './api-schema.d.ts';

export class ApiError extends Error {
  /** The seconds a 429's Retry-After header asks to wait. */
  retryAfter?: number;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** The server's own sentence ("中文 / English") when it says more than the catalogue's. */
    readonly particular?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let currentToken: string | null = null;
let sessionEndedListener: ((error: ApiError) => void) | null = null;

export function setApiToken(token: string | null): void {
  currentToken = token;
}

/** Called when a request made with a token answers 401: the session expired or was revoked. */
export function onSessionEnded(listener: ((error: ApiError) => void) | null): void {
  sessionEndedListener = listener;
}

const LOGIN_CODES = new Set(['INVALID_CREDENTIALS', 'OTP_REQUIRED', 'OTP_INVALID', 'ACCOUNT_LOCKED']);

function genericMessage(status: number): string {
  if (status === 404) return '未找到 / Not found';
  if (status === 429) return '请求过于频繁，请稍后再试 / Too many requests, try again later';
  if (status >= 500) return '服务暂时不可用，请稍后再试 / The service is unavailable, try again later';
  return '请求未能完成 / The request could not be completed';
}

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

function isErrorJson(body: unknown): body is ErrorJson {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const error = body.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    'message' in error &&
    typeof error.message === 'string'
  );
}

/**
 * The failure as "中文 / English" (the pages show the locale's half): the catalogue's sentence for
 * the code (common/errors.ts) when it knows the code, else the server's own message.
 */
function messageOf(code: string, serverMessage: string): string {
  const zh = errorText(code, 'zh');
  const en = errorText(code, 'en');
  return zh !== undefined && en !== undefined ? `${zh} / ${en}` : serverMessage;
}

async function errorOf(response: Response, sentToken: boolean): Promise<ApiError> {
  let error = new ApiError(response.status, `HTTP_${response.status}`, genericMessage(response.status));
  try {
    const body: unknown = await response.json();
    if (isErrorJson(body)) {
      const { code, message, details } = body.error;
      const general = messageOf(code, message);
      error = new ApiError(response.status, code, general, details, message !== general ? message : undefined);
    }
  } catch {
    // Not JSON (a proxy's page): keep the generic message.
  }
  if (response.status === 429) error.retryAfter = Number(response.headers.get('retry-after') ?? NaN);
  if (response.status === 401 && sentToken && !LOGIN_CODES.has(error.code)) sessionEndedListener?.(error);
  return error;
}

const networkError = () =>
  new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试 / Cannot reach the server, check the network');

const session: Middleware = {
  onRequest({ request }) {
    if (currentToken !== null) request.headers.set('authorization', `Bearer ${currentToken}`);
    return request;
  },
  async onResponse({ request, response }) {
    if (!response.ok) throw await errorOf(response, request.headers.has('authorization'));
    return response;
  },
  onError: networkError,
};

/** Query values as pages hold them: empty, null and undefined values are left out. */
function serializeQuery(query: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (typeof value === 'string' ? value !== '' : typeof value === 'number' || typeof value === 'boolean') {
      params.set(key, String(value));
    }
  }
  return params.toString();
}

// Typed by the JSON answers: a list that also exports (`format=xlsx`) is downloaded with parseAs 'blob'.
const client = createClient<paths, 'application/json'>({
  credentials: 'same-origin',
  headers: { accept: 'application/json' },
  querySerializer: serializeQuery,
});
client.use(session);

interface Outcome {
  data?: unknown;
  error?: unknown;
  response: Response;
}
/** openapi-fetch's success branch: the one whose `data` is the answer. */
type Answered<R> = Extract<R, { data: unknown }>;

function answered<R extends Outcome>(outcome: R): outcome is Answered<R> {
  return outcome.response.ok && outcome.error === undefined;
}

async function answerOf<R extends Outcome>(pending: Promise<R>): Promise<Answered<R>['data']> {
  const outcome = await pending;
  // The middleware has thrown for every refusal; this only guards the types' other branch.
  if (!answered(outcome)) throw new ApiError(outcome.response.status, 'HTTP', genericMessage(outcome.response.status));
  return outcome.data;
}

// openapi-fetch's own rule for when the second argument may be left out (it does not export it).
type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

function method<M extends HttpMethod>(verb: M) {
  return <P extends PathsWithMethod<paths, M>, I extends MaybeOptionalInit<paths[P], M>>(
    url: P,
    ...init: InitParam<I>
  ) => answerOf(client.request<M, P, I>(verb, url, ...init));
}

/** One function per HTTP method: `api.GET(path, { params, body })` answers the route's typed success. */
export const api = {
  GET: method('get'),
  POST: method('post'),
  PUT: method('put'),
  PATCH: method('patch'),
  DELETE: method('delete'),
};

type JsonAnswer<Operation> = Operation extends {
  responses: infer Responses;
}
  ? Responses extends { 200: { content: { 'application/json': infer Body } } }
    ? Body
    : Responses extends { 201: { content: { 'application/json': infer Body } } }
      ? Body
      : never
  : never;

/** The answer of a route, e.g. `Answer<'/api/v1/cases/{id}'>` or `Answer<'/api/v1/cases', 'post'>`. */
export type Answer<P extends PathsWithMethod<paths, M>, M extends HttpMethod = 'get'> = JsonAnswer<paths[P][M]>;

/** The query parameters of a route's GET. */
export type Query<P extends PathsWithMethod<paths, 'get'>> = NonNullable<paths[P]['get']['parameters']['query']>;

/** The JSON body a route takes. */
export type Body<P extends PathsWithMethod<paths, M>, M extends HttpMethod> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/**
 * A file the API sends (an attachment, the agreement as .docx or A4 page): the bytes and the name
 * from Content-Disposition (filename* first).
 */
export async function apiFile(
  url: '/api/v1/cases/{id}/attachments/{attachmentId}',
  path: { id: number; attachmentId: number },
): Promise<{ blob: Blob; fileName: string | null }>;
export async function apiFile(
  url: '/api/v1/mediations/{id}/agreement.docx' | '/api/v1/mediations/{id}/agreement.html',
  path: { id: number },
): Promise<{ blob: Blob; fileName: string | null }>;
export async function apiFile(
  url: '/api/v1/risk-assessments/{id}/report',
  path: { id: number },
): Promise<{ blob: Blob; fileName: string | null }>;
export async function apiFile(
  url: '/api/v1/risk-assessments/{id}/attachments/{attachmentId}',
  path: { id: number; attachmentId: number },
): Promise<{ blob: Blob; fileName: string | null }>;
export async function apiFile(
  url:
    | '/api/v1/cases/{id}/attachments/{attachmentId}'
    | '/api/v1/risk-assessments/{id}/attachments/{attachmentId}'
    | '/api/v1/mediations/{id}/agreement.docx'
    | '/api/v1/mediations/{id}/agreement.html'
    | '/api/v1/risk-assessments/{id}/report',
  path: { id: number; attachmentId?: number },
): Promise<{ blob: Blob; fileName: string | null }> {
  const { data: blob, response } = await client.GET(url, { params: { path }, parseAs: 'blob' });
  return fileOf(blob, response);
}

/**
 * A file a GET route sends for a query (a list's `format=xlsx` export, the monthly report): the
 * bytes and the name from Content-Disposition.
 */
export async function apiDownload<P extends PathsWithMethod<paths, 'get'>>(
  url: P,
  query: Record<string, unknown>,
  path?: Record<string, unknown>,
): Promise<{ blob: Blob; fileName: string | null }> {
  // The query is the page's own (already typed where it was built); the route validates it.
  const init = { params: { query, ...(path ? { path } : {}) }, parseAs: 'blob' } as never;
  const { data: blob, response } = (await client.GET(url, init)) as { data?: Blob; response: Response };
  return fileOf(blob, response);
}

function fileOf(blob: Blob | undefined, response: Response): { blob: Blob; fileName: string | null } {
  if (!blob) throw new ApiError(response.status, 'HTTP', genericMessage(response.status));
  const disposition = response.headers.get('content-disposition') ?? '';
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  let fileName: string | null = null;
  try {
    fileName = extended?.[1] ? decodeURIComponent(extended[1]) : (plain?.[1] ?? null);
  } catch {
    fileName = plain?.[1] ?? null;
  }
  return { blob, fileName };
}

/**
 * The body serialiser of a multipart route (`bodySerializer: multipart`): each field into a
 * FormData, a File keeping its name; the browser sets the boundary.
 */
export function multipart(body: Record<string, Blob | string>): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(body)) form.append(name, value);
  return form;
}

/** Saves a Blob as a file through a temporary link (no new window, no inline script). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
