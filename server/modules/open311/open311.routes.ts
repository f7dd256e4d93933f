// GeoReport v2 (Open311) at /open311: discovery, services and their definitions (public), and
// service requests and their updates (a service account's API key with the open311 scope). Every
// route exists as .json and .xml; every failure is GeoReport's error list (open311-http.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.ts';
import type { Api } from '../../platform/http/api.ts';
import { AppError } from '../../platform/http/errors.ts';
import { findCaseBriefs, listFeedCases, listFeedEvents, registerCase, type FeedCase } from '../cases/index.ts';
import { locateGrid, unitNames } from '../org/index.ts';
import type { CaseStatus } from '../../../common/workflow.ts';
import { authenticateServiceAccount, isInside, type ServiceAccountActor } from './open311-auth.ts';
import { FORMATS, Open311Error, badRequest, sendOpen311, sendOpen311Error, type Format } from './open311-http.ts';
import {
  CreatedRequests,
  Discovery,
  KeyQuery,
  PublicQuery,
  RequestIdParams,
  RequestUpdates,
  RequestsQuery,
  Service,
  ServiceCodeParams,
  ServiceDefinition,
  ServiceRequests,
  UpdatesQuery,
  open311ErrorResponses,
} from './open311.schemas.ts';
import { findService, loadCatalogue, serviceDefinition } from './service-catalogue.ts';
import { describeAnswers, fieldsOf, parseDateTime, readAttributes, readReport } from './request-input.ts';
import {
  caseStatusesOf,
  presentRequest,
  updateDescription,
  updateStatus,
  w3DateTime,
  type Open311Request,
} from './request-view.ts';
import { mediaUrls, recordRequest } from './open311.repository.ts';
import { list, xmlDocument, type XmlValue } from './xml.ts';
import { Type } from 'typebox';

/** When this API's answers last changed shape (discovery's changeset). */
const CHANGESET = '2026-12-01T00:00:00+08:00';
const MAX_RESULTS = 1000;
const MAX_WINDOW_DAYS = 90;
const DAY_MS = 86_400_000;
const FORM_FIELDS_LIMIT = 200;

const asXml = (value: unknown) => value as XmlValue;

/** `CMP.NOISE.json` → [`CMP.NOISE`, `json`]; undefined without a known suffix. */
function splitSuffix(text: string): [string, Format] | undefined {
  const at = text.lastIndexOf('.');
  const format = text.slice(at + 1).toLowerCase();
  if (at <= 0 || !(FORMATS as readonly string[]).includes(format)) return undefined;
  return [text.slice(0, at), format as Format];
}

function parseForm(body: string): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = Object.create(null) as Record<string, string | string[]>;
  let count = 0;
  for (const [key, value] of new URLSearchParams(body)) {
    if (++count > FORM_FIELDS_LIMIT) throw new Open311Error(400, `More than ${FORM_FIELDS_LIMIT} fields`);
    const name = key.endsWith('[]') && !key.startsWith('attribute[') ? key.slice(0, -2) : key;
    const earlier = fields[name];
    fields[name] = earlier === undefined ? value : [earlier].flat().concat(value);
  }
  return fields;
}

function commaList(field: string, text: string | undefined, pattern: RegExp, max: number): string[] | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const items = [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (items.length > max) throw badRequest(field, `at most ${max} values`);
  for (const item of items) if (!pattern.test(item)) throw badRequest(field, `"${item.slice(0, 40)}" is not valid`);
  return items;
}

/** start_date and end_date: at most 90 days apart; by default the 90 days before now. */
function dateWindow(query: { start_date?: string | undefined; end_date?: string | undefined }, now: Date) {
  const start = query.start_date?.trim() ? parseDateTime('start_date', query.start_date.trim()) : undefined;
  const end = query.end_date?.trim() ? parseDateTime('end_date', query.end_date.trim()) : undefined;
  const to = end ?? (start ? new Date(start.getTime() + MAX_WINDOW_DAYS * DAY_MS) : now);
  const from = start ?? new Date(to.getTime() - MAX_WINDOW_DAYS * DAY_MS);
  if (from > to) throw badRequest('start_date', 'after end_date');
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * DAY_MS) {
    throw badRequest('end_date', `at most ${MAX_WINDOW_DAYS} days after start_date`);
  }
  return { from: from.toISOString(), to: to.toISOString() };
}

const CASE_NUMBER = /^[0-9A-Za-z-]{1,40}$/;
const SERVICE_CODE = /^[0-9A-Za-z_.-]{1,64}$/;

export function open311Routes(app: Api, ctx: AppContext): void {
  // Its own scope: the error handler, the not-found handler and the form parser are GeoReport's
  // here and nowhere else.
  void app.register(
    (scope: Api, _options, done) => {
      scope.setErrorHandler((error, request, reply) => sendOpen311Error(request, reply, error));
      scope.setNotFoundHandler((request, reply) =>
        sendOpen311Error(request, reply, new Open311Error(404, 'No such GeoReport resource')),
      );
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 100 * 1024 },
        (_request, body, done) => {
          try {
            done(null, parseForm(body as string));
          } catch (error) {
            done(error as Error, undefined);
          }
        },
      );
      registerRoutes(scope, ctx);
      done();
    },
    { prefix: '/open311' },
  );
}

async function presentRequests(ctx: AppContext, rows: FeedCase[]): Promise<Open311Request[]> {
  const catalogue = new Map((await loadCatalogue(ctx.db)).map((e) => [e.service.service_code, e.service]));
  const leads = await unitNames(
    ctx.db,
    rows.map((r) => r.lead_unit_id),
  );
  const merged = await findCaseBriefs(
    ctx.db,
    rows.flatMap((r) => (r.merged_into_id === null ? [] : [r.merged_into_id])),
  );
  const media = await mediaUrls(
    ctx.db,
    rows.map((r) => r.id),
  );
  return rows.map((row) =>
    presentRequest(row, {
      serviceName: catalogue.get(row.category_code)?.service_name,
      leadUnitName: row.lead_unit_id === null ? undefined : leads.get(row.lead_unit_id),
      mergedIntoNumber: row.merged_into_id === null ? undefined : merged.get(row.merged_into_id)?.number,
      mediaUrl: media.get(row.id),
    }),
  );
}

const requestsXml = (items: Open311Request[]) => xmlDocument('service_requests', list('request', items.map(asXml)));

function registerRoutes(app: Api, ctx: AppContext): void {
  const publicRoute = { auth: 'public' as const };

  for (const format of FORMATS) {
    const tags = ['open311'];
    const errors = open311ErrorResponses(400, 403, 404, 429);

    app.get(
      `/discovery.${format}`,
      {
        config: publicRoute,
        schema: {
          tags,
          summary: `GeoReport v2 service discovery (${format})`,
          security: [],
          querystring: PublicQuery,
          response: { 200: Discovery, ...open311ErrorResponses(400) },
        },
      },
      async (request, reply) => {
        const discovery = {
          changeset: CHANGESET,
          contact: `${ctx.config.mode === 'demo' ? 'Concord 演示环境 / Concord demo' : 'Concord'}：API 密钥由本县综治中心管理员签发 / API keys are issued by the county centre's administrator`,
          key_service:
            '管理员在“服务账号”中创建带 open311 权限的服务账号，密钥只显示一次 / An administrator creates a service account with the open311 scope; its key is shown once',
          endpoints: [
            {
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url: `${request.protocol}://${request.host}/open311/v2`,
              changeset: CHANGESET,
              type: ctx.config.mode === 'demo' ? 'test' : 'production',
              formats: ['text/xml', 'application/json'],
            },
          ],
        };
        return sendOpen311(reply, format, 200, discovery, () =>
          xmlDocument('discovery', {
            ...discovery,
            endpoints: list(
              'endpoint',
              discovery.endpoints.map((e) => ({ ...e, formats: list('format', e.formats) })),
            ),
          }),
        );
      },
    );

    app.get(
      `/v2/services.${format}`,
      {
        config: publicRoute,
        schema: {
          tags,
          summary: `GeoReport v2: the services (${format})`,
          description:
            'Public. One service per active leaf category of the responsibility list; group is the parent category; metadata is true where GET services/{code} lists attributes.',
          security: [],
          querystring: PublicQuery,
          response: { 200: Type.Array(Service, { title: 'Open311Services' }), ...open311ErrorResponses(400) },
        },
      },
      async (_request, reply) => {
        const services = (await loadCatalogue(ctx.db)).map((e) => e.service);
        return sendOpen311(reply, format, 200, services, () =>
          xmlDocument('services', list('service', services.map(asXml))),
        );
      },
    );

    app.post(
      `/v2/requests.${format}`,
      {
        config: publicRoute,
        bodyLimit: 100 * 1024,
        schema: {
          tags,
          summary: `GeoReport v2: report a service request (${format})`,
          description:
            "Needs an API key with the open311 scope (api_key in the body or query, or X-Api-Key). Body as application/x-www-form-urlencoded or application/json: service_code; lat and long (WGS84) or address_string; attribute[code]=… as the service definition asks; description (≤ 4,000 characters); media_url; first_name, last_name and phone (sealed on the case, never shown back); email (accepted, not stored). The point must lie in the service account's area (else 404). Answers 201 [{service_request_id, service_notice, account_id}]; service_request_id is the case number.",
          security: [],
          querystring: KeyQuery,
          response: { 201: CreatedRequests, ...errors },
        },
      },
      async (request, reply) => createRequest(ctx, request, reply, format),
    );

    app.get(
      `/v2/requests.${format}`,
      {
        config: publicRoute,
        schema: {
          tags,
          summary: `GeoReport v2: service requests in the account's area (${format})`,
          description:
            'Needs an API key with the open311 scope. Filters: service_request_id (a comma list; the others are then ignored), service_code (a comma list), start_date/end_date (ISO 8601, at most 90 days apart; default the last 90 days), status (open, closed). At most 1,000, newest first.',
          security: [],
          querystring: RequestsQuery,
          response: { 200: ServiceRequests, ...errors },
        },
      },
      async (request, reply) => {
        const account = await authenticateServiceAccount(ctx, request);
        const query = request.query;
        const numbers = commaList('service_request_id', query.service_request_id, CASE_NUMBER, 100);
        let rows: FeedCase[];
        if (numbers) {
          rows = await listFeedCases(ctx.db, { within: account.within, numbers, limit: MAX_RESULTS });
        } else {
          const codes = commaList('service_code', query.service_code, SERVICE_CODE, 100);
          const statuses = commaList('status', query.status, /^(open|closed)$/, 2);
          const { from, to } = dateWindow(query, ctx.clock.now());
          rows = await listFeedCases(ctx.db, {
            within: account.within,
            categoryCodes: codes,
            statuses: statuses?.flatMap((s): CaseStatus[] => [...caseStatusesOf(s as 'open' | 'closed')]),
            from,
            to,
            limit: MAX_RESULTS,
          });
        }
        const items = await presentRequests(ctx, rows);
        return sendOpen311(reply, format, 200, items, () => requestsXml(items));
      },
    );

    app.get(
      `/v2/servicerequestupdates.${format}`,
      {
        config: publicRoute,
        schema: {
          tags,
          summary: `mySociety extension: updates of service requests (${format})`,
          description:
            "Needs an API key with the open311 scope. Every step of the timeline of the cases in the account's area between start_date and end_date (at most 90 days apart; default the last 90 days), oldest first, at most 1,000. status is mySociety's vocabulary (open, investigating, action_scheduled, in_progress, fixed, closed, duplicate, no_further_action).",
          security: [],
          querystring: UpdatesQuery,
          response: { 200: RequestUpdates, ...errors },
        },
      },
      async (request, reply) => {
        const account = await authenticateServiceAccount(ctx, request);
        const { from, to } = dateWindow(request.query, ctx.clock.now());
        const events = await listFeedEvents(ctx.db, { within: account.within, from, to, limit: MAX_RESULTS });
        const media = await mediaUrls(
          ctx.db,
          events.filter((e) => e.action === 'register').map((e) => e.case_id),
        );
        const updates = events.map((e) => ({
          update_id: String(e.id),
          service_request_id: e.number,
          status: updateStatus(e),
          updated_datetime: w3DateTime(e.at),
          description: updateDescription(e),
          media_url: e.action === 'register' ? (media.get(e.case_id) ?? null) : null,
        }));
        return sendOpen311(reply, format, 200, updates, () =>
          xmlDocument('service_requests_updates', list('request_update', updates.map(asXml))),
        );
      },
    );
  }

  // The resources named by a code carry the format in the same path segment as the code, and a
  // service code has dots of its own (CMP.NOISE.json): one route each, split at the last dot.
  app.get(
    '/v2/services/:service_code',
    {
      config: publicRoute,
      schema: {
        tags: ['open311'],
        summary: 'GeoReport v2: a service definition (services/{service_code}.json or .xml)',
        description: 'Public. The attributes the service asks for, with their datatypes and values.',
        security: [],
        params: ServiceCodeParams,
        querystring: PublicQuery,
        response: { 200: ServiceDefinition, ...open311ErrorResponses(400, 404) },
      },
    },
    async (request, reply) => {
      const [code, format] =
        splitSuffix(request.params.service_code) ?? fail404('Use services/{service_code}.json or .xml');
      const entry = SERVICE_CODE.test(code) ? await findService(ctx.db, code) : undefined;
      if (!entry) throw new Open311Error(404, `service_code: no service ${code.slice(0, 64)}`);
      const definition = serviceDefinition(entry);
      return sendOpen311(reply, format, 200, definition, () =>
        xmlDocument('service_definition', {
          service_code: definition.service_code,
          attributes: list(
            'attribute',
            definition.attributes.map((a) => ({ ...a, values: list('value', a.values) })),
          ),
        }),
      );
    },
  );

  app.get(
    '/v2/requests/:service_request_id',
    {
      config: publicRoute,
      schema: {
        tags: ['open311'],
        summary: 'GeoReport v2: one service request (requests/{service_request_id}.json or .xml)',
        description: "Needs an API key with the open311 scope; a case outside the account's area is 404.",
        security: [],
        params: RequestIdParams,
        querystring: KeyQuery,
        response: { 200: ServiceRequests, ...open311ErrorResponses(400, 403, 404, 429) },
      },
    },
    async (request, reply) => {
      const [number, format] =
        splitSuffix(request.params.service_request_id) ?? fail404('Use requests/{service_request_id}.json or .xml');
      const account = await authenticateServiceAccount(ctx, request);
      const rows = CASE_NUMBER.test(number)
        ? await listFeedCases(ctx.db, { within: account.within, numbers: [number], limit: 1 })
        : [];
      if (rows.length === 0) throw new Open311Error(404, `service_request_id: no request ${number.slice(0, 40)}`);
      const items = await presentRequests(ctx, rows);
      return sendOpen311(reply, format, 200, items, () => requestsXml(items));
    },
  );
}

function fail404(description: string): never {
  throw new Open311Error(404, description);
}

/** Errors of Concord's intake that mean "not in this account's area" to a GeoReport client. */
const OUTSIDE = new Set(['OUTSIDE_JURISDICTION', 'LOCATION_OUTSIDE_GRIDS', 'NOT_IN_ANY_GRID']);
const outsideArea = () => new Open311Error(404, 'lat/long: outside the area this service account serves');

async function createRequest(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, format: Format) {
  const fields = fieldsOf(request.body);
  const account: ServiceAccountActor = await authenticateServiceAccount(ctx, request, fields);
  const report = readReport(fields);
  const entry = SERVICE_CODE.test(report.serviceCode) ? await findService(ctx.db, report.serviceCode) : undefined;
  if (!entry) throw badRequest('service_code', `no service ${report.serviceCode.slice(0, 64)}; see services.${format}`);
  const answers = readAttributes(fields, entry);

  if (report.location) {
    try {
      const grid = await locateGrid(ctx, report.location.lng, report.location.lat, 'wgs84');
      if (!isInside(account, grid.path)) throw outsideArea();
    } catch (error) {
      if (error instanceof AppError && OUTSIDE.has(error.code)) throw outsideArea();
      throw error;
    }
  }
  const summary = describeAnswers(entry, answers);
  const text = report.description ?? `${entry.service.service_name}（Open311）`;
  let registered;
  try {
    registered = await registerCase(
      ctx,
      account.actor,
      {
        kind: entry.kind,
        categoryCode: entry.service.service_code,
        description: summary === '' ? text : `${text}\n\n${summary}`,
        channel: 'open311',
        location: report.location ? { ...report.location, crs: 'wgs84' } : undefined,
        address: report.address,
        // Without a point, the case is placed at the account's own unit.
        unitId: report.location ? undefined : account.unitId,
        reporter:
          report.reporterName !== undefined || report.phone !== undefined
            ? { name: report.reporterName, phone: report.phone }
            : undefined,
      },
      request.ip,
    );
  } catch (error) {
    if (error instanceof AppError && OUTSIDE.has(error.code)) throw outsideArea();
    throw error;
  }
  const row = registered.row;
  await recordRequest(ctx.db, {
    caseId: row.id,
    serviceAccountId: account.serviceAccountId,
    mediaUrl: report.mediaUrl,
    attributes: answers,
    at: row.created_at,
  });
  const due = row.stage_deadline ? w3DateTime(row.stage_deadline) : null;
  const created = [
    {
      service_request_id: row.number,
      service_notice: `已受理，编号 ${row.number}${due ? `，${due} 前分拨` : ''} / Received as ${row.number}${due ? `; triage by ${due}` : ''}`,
      // GeoReport's account_id names the reporting person's account; an API reporter has none here.
      account_id: null,
    },
  ];
  return sendOpen311(reply, format, 201, created, () =>
    xmlDocument('service_requests', list('request', created.map(asXml))),
  );
}
