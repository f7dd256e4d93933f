// The HTTP face of the GeoReport answers: each route exists as `.json` and `.xml`, answers in that
// format, and fails as the specification's error list — `[{code, description}]`, or
// `<errors><error><code/><description/></error></errors>` — never in the project's error shape,
// whatever failed (a refused key, a body Fastify could not parse, a schema, a bug: 500 with no detail).
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors.ts';
import { toAppError } from '../../platform/http/error-handler.ts';
import { list, xmlDocument, type XmlValue } from './xml.ts';

export type Format = 'json' | 'xml';
export const FORMATS: readonly Format[] = ['json', 'xml'];

/** A refusal in GeoReport's terms: the HTTP status is also the error's `code`. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404 | 413 | 415 | 429 | 500,
    readonly description: string,
  ) {
    super(description);
  }
}

export const badRequest = (field: string, why: string) => new Open311Error(400, `${field}: ${why}`);

/** The format a request asked for, from its path's suffix (`…/requests.xml?…`); JSON otherwise. */
export function formatOf(request: FastifyRequest): Format {
  const path = request.url.split('?')[0] ?? '';
  return path.toLowerCase().endsWith('.xml') ? 'xml' : 'json';
}

/** Sends a successful answer: the JSON value, or the same data as an XML document. */
export function sendOpen311(reply: FastifyReply, format: Format, status: number, json: unknown, xml: () => string) {
  if (format === 'xml') return reply.status(status).type('text/xml; charset=utf-8').send(xml());
  return reply.status(status).type('application/json; charset=utf-8').send(json);
}

export interface Open311ErrorItem {
  code: number;
  description: string;
}

export function errorItems(error: Open311Error): Open311ErrorItem[] {
  return [{ code: error.status, description: error.description }];
}

export function errorsXml(items: Open311ErrorItem[]): string {
  return xmlDocument('errors', list('error', items as unknown as XmlValue[]));
}

// Field names of Concord's intake, as the GeoReport client named them.
const FIELD_NAMES: Record<string, string> = {
  'reporter.phone': 'phone',
  'reporter.name': 'first_name/last_name',
  location: 'lat/long',
  unitId: 'address_string',
  categoryCode: 'service_code',
  kind: 'service_code',
};

/** The English half of a catalogue message ("中文 / English"), which GeoReport clients read. */
function englishOf(message: string): string {
  const at = message.lastIndexOf(' / ');
  return at >= 0 ? message.slice(at + 3) : message;
}

/** Any failure as a GeoReport error. A 5xx says nothing of its cause. */
export function toOpen311Error(error: unknown): Open311Error {
  if (error instanceof Open311Error) return error;
  const appError = error instanceof AppError ? error : toAppError(error as FastifyError);
  const status = appError.status;
  if (status >= 500) return new Open311Error(500, 'Internal error; try again later');
  const details = Array.isArray(appError.details) ? (appError.details as { field?: unknown }[]) : [];
  const fields = details
    .map((d) => (typeof d.field === 'string' ? (FIELD_NAMES[d.field] ?? d.field) : null))
    .filter((f): f is string => f !== null);
  const prefix = fields.length > 0 ? `${[...new Set(fields)].join(', ')}: ` : '';
  const description = `${prefix}${englishOf(appError.message)}`;
  switch (status) {
    case 401:
    case 403:
      return new Open311Error(403, description);
    case 404:
      return new Open311Error(404, description);
    case 413:
    case 415:
    case 429:
      return new Open311Error(status, description);
    default:
      return new Open311Error(400, description);
  }
}

export function sendOpen311Error(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const open311 = toOpen311Error(error);
  // A key over its rate says when to come back (RFC 9110 §10.2.3), as the rest of the API does.
  const retryAfter =
    error instanceof AppError ? (error.details as { retryAfterSeconds?: unknown } | undefined) : undefined;
  if (open311.status === 429 && typeof retryAfter?.retryAfterSeconds === 'number') {
    void reply.header('retry-after', String(Math.ceil(retryAfter.retryAfterSeconds)));
  }
  if (open311.status >= 500) request.log.error({ err: error }, 'open311 request failed');
  const items = errorItems(open311);
  return sendOpen311(reply, formatOf(request), open311.status, items, () => errorsXml(items));
}

/** For Fastify's `frameworkErrors`: a malformed URL under /open311, answered before routing. */
export function open311FrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  void sendOpen311Error(request, reply, error);
}
