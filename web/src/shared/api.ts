// The API client: fetch with the session's Bearer token; every failure becomes an ApiError
// carrying the server's bilingual message ("中文 / English"), never a raw body or stack.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Query;
  body?: unknown;
  form?: FormData;
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

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text === '' ? path : `${path}?${text}`;
}

async function errorOf(response: Response, sentToken: boolean): Promise<ApiError> {
  let error = new ApiError(response.status, `HTTP_${response.status}`, genericMessage(response.status));
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    if (body.error && typeof body.error.code === 'string' && typeof body.error.message === 'string') {
      error = new ApiError(response.status, body.error.code, body.error.message, body.error.details);
    }
  } catch {
    // Not JSON (a proxy's page): keep the generic message.
  }
  if (response.status === 401 && sentToken && !LOGIN_CODES.has(error.code)) sessionEndedListener?.(error);
  return error;
}

export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const sentToken = currentToken !== null;
  if (currentToken !== null) headers.authorization = `Bearer ${currentToken}`;
  let body: BodyInit | undefined;
  if (options.form) {
    body = options.form;
  } else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络后重试 / Cannot reach the server, check the network');
  }
  if (!response.ok) throw await errorOf(response, sentToken);
  return response;
}

export async function api<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

/** A file download: the body and the name from Content-Disposition (filename* first). */
export async function apiFile(path: string): Promise<{ blob: Blob; fileName: string | null }> {
  const response = await request(path);
  const disposition = response.headers.get('content-disposition') ?? '';
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  let fileName: string | null = null;
  try {
    fileName = extended?.[1] ? decodeURIComponent(extended[1]) : (plain?.[1] ?? null);
  } catch {
    fileName = plain?.[1] ?? null;
  }
  return { blob: await response.blob(), fileName };
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
