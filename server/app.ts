// buildApp(config) → a ready Fastify instance and its context, without listening, so tests use
// app.inject() and main.ts adds the socket.
import Fastify, { LogController, type FastifyReply, type FastifyRequest } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Config } from './config.ts';
import type { AppContext } from './context.ts';
import type { DB } from './schema.ts';
import { openDatabase, ping, type DatabaseHandle } from './platform/db/database.ts';
import { ReadReplica, type ReplicaState } from './platform/db/read-replica.ts';
import { migrateToLatest } from './platform/db/migrator.ts';
import { migrations } from './migrations/index.ts';
import { fixedClock, systemClock, type Clock } from './platform/clock.ts';
import { PersonalDataCipher, loadDataKey } from './platform/crypto/personal-data.ts';
import { AuditLog } from './platform/audit/audit.ts';
import { loadAuditKey } from './platform/audit/checkpoints.ts';
import { handleFrameworkError, registerErrorHandling } from './platform/http/error-handler.ts';
import { rejectNulCharacters } from './platform/http/nul-guard.ts';
import { registerSecurityHeaders } from './platform/http/security-headers.ts';
import { registerJsonBodyParser } from './platform/http/json-body.ts';
import { sharedSerializerCompiler } from './platform/http/serializers.ts';
import { registerCsrfGuard } from './platform/http/csrf-guard.ts';
import { AppError } from './platform/http/errors.ts';
import { errorCatalogue, errorResponses } from './platform/http/schemas.ts';
import { registerWebClient } from './platform/http/web-client.ts';
import {
  authRoutes,
  authorize,
  jurisdictionPaths,
  auditActorOf,
  registerAuthHook,
  registerDenialAudit,
  userRoutes,
  serviceAccountRoutes,
} from './modules/auth/index.ts';
// The composition root names the session cookie to the CSRF guard (platform knows no module).
import { SESSION_COOKIE } from './modules/auth/sessions.ts';
import { orgEditRoutes, orgRoutes } from './modules/org/index.ts';
import { baseDataImportRoutes, baseDataRoutes, peopleRoutes } from './modules/people/index.ts';
import { auditRoutes } from './modules/audit/index.ts';
import { calendarRoutes } from './modules/calendar/index.ts';
import {
  caseRoutes,
  categoryRoutes,
  countCasesOfUnit,
  notificationRoutes,
  statsRoutes,
  trackRoutes,
} from './modules/cases/index.ts';
import { mediationModule } from './modules/mediation/index.ts';
import { open311FrameworkError, open311Routes } from './modules/open311/index.ts';
import { inboxModule } from './modules/inbox/index.ts';
import { knowledgeRoutes } from './modules/knowledge/index.ts';
import { legalRoutes } from './modules/legal/index.ts';
import { stabilityRoutes } from './modules/stability/index.ts';
import { suggestionRoutes } from './modules/suggestions/index.ts';
import { assessmentRoutes } from './modules/assessment/index.ts';
import { evaluationRoutes } from './modules/evaluation/index.ts';
import { leaderRoutes } from './modules/cases/index.ts';
import { reportRoutes } from './modules/reports/index.ts';
import { smsModule } from './modules/sms/index.ts';
import { publicRecognitionRoutes, transparencyRoutes } from './modules/transparency/index.ts';
import { safetyModule } from './modules/safety/index.ts';
import { patrolsModule } from './modules/patrols/index.ts';
import { warningsModule } from './modules/warnings/index.ts';
import { psychModule } from './modules/psych/index.ts';
import { workforceModule } from './modules/workforce/index.ts';
import { emergencyModule } from './modules/emergency/index.ts';
import { pointsModule } from './modules/points/index.ts';
import { creditModule } from './modules/credit/index.ts';
import { meetingsModule } from './modules/meetings/index.ts';
import { consultationsModule } from './modules/consultations/index.ts';
import { communityModule } from './modules/community/index.ts';
import { findCaseBriefs } from './modules/cases/index.ts';

export interface BuildOptions {
  clock?: Clock;
  /** Reuse an open database (tests); otherwise one is opened from config. */
  database?: DatabaseHandle<DB>;
  /** false silences the log; a stream receives it (tests read what was logged). */
  logger?: false | { stream: NodeJS.WritableStream };
  /** Serve the built web console from this directory (main.ts); tests leave it out. */
  webClientDir?: string;
  /** Where the replica's changes of state are told (default: stderr). */
  replicaLog?: (state: ReplicaState, detail: string) => void;
}

/** One line per change of the replica's state: which way reads go now, and why (nothing personal). */
function replicaLine(state: ReplicaState, detail: string): void {
  const [zh, en] = state === 'fresh' ? ['只读副本', 'the replica'] : ['主库', 'the primary'];
  process.stderr.write(`只读副本状态 ${state}，读取改走${zh} / replica ${state}: reads go to ${en} (${detail})\n`);
}

/** Query parameters whose values may be personal data: never written to the request log. */
const SECRET_QUERY = /([?&](?:phone|phonelast4|idnumber|q)=)[^&]*/gi;
/** A case's tracking code opens its public view: a secret of its reporter's (issue 15). */
const TRACKING_CODE_QUERY = /(\/api\/v1\/track\?(?:[^&#]*&)*code=)[^&#]*/gi;
/** Anything shaped like a mobile or ID-card number, wherever it appears in a URL. */
const PERSONAL_NUMBER = /(?<![\dA-Za-z])(?:1[3-9]\d{9}|\d{17}[\dXx])(?![\dA-Za-z])/g;

export function redactUrl(url: string): string {
  return url.replace(SECRET_QUERY, '$1***').replace(TRACKING_CODE_QUERY, '$1***').replace(PERSONAL_NUMBER, '***');
}

// Query strings and path parameters arrive as text and are coerced to the schema's types; JSON
// bodies are not, so {"username": 5} is a 400, not the string "5".
// `discriminator` makes a oneOf told apart by a property (the case actions' `action`) report the
// errors of the branch the client chose, not of every branch.
const AJV_OPTIONS = {
  removeAdditional: false,
  allErrors: true,
  useDefaults: true,
  strict: false,
  discriminator: true,
} as const;
// ajv-formats is CommonJS with an ES-style default in its typings.
const addFormats = ajvFormats as unknown as typeof ajvFormats.default;
const bodyValidator = withCalendarDates(
  withParseableDateTimes(addFormats(new Ajv({ ...AJV_OPTIONS, coerceTypes: false }))),
);
const textValidator = withCalendarDates(
  withParseableDateTimes(addFormats(new Ajv({ ...AJV_OPTIONS, coerceTypes: 'array' }))),
);

/** RFC 3339 admits a leap second (…T23:59:60Z), which no JavaScript Date can hold: refused as a
 * 400 here rather than failing later as an Invalid Date (a 500). */
function withParseableDateTimes(ajv: Ajv): Ajv {
  const rfc3339 = ajv.formats['date-time'] as {
    validate: (value: string) => boolean;
    compare: (a: string, b: string) => number | undefined;
  };
  return ajv.addFormat('date-time', {
    type: 'string',
    validate: (value: string) => rfc3339.validate(value) && !Number.isNaN(Date.parse(value)),
    compare: rfc3339.compare,
  });
}

/** `format: 'date'` is a day that exists on the calendar: 2026-02-30 or 9999-99-99 is a 400, never a
 * date stored or printed into an agreement. Said here rather than left to ajv-formats' mode. */
function withCalendarDates(ajv: Ajv): Ajv {
  return ajv.addFormat('date', {
    type: 'string',
    validate: (value: string) => {
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
      const day = new Date(`${value}T00:00:00Z`);
      return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === value;
    },
    // Fixed-width days compare as text.
    compare: (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0),
  });
}

/**
 * One log line per request, when it is answered, with what Fastify's "incoming request" line
 * carried (method, redacted URL, address): half the log writes of Fastify's two lines.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (error)
      reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else reply.log.info({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

export async function createContext(
  config: Config,
  options: BuildOptions = {},
): Promise<{ ctx: AppContext; database: DatabaseHandle<DB> }> {
  const database = options.database ?? openDatabase<DB>({ url: config.databaseUrl, sqlitePath: config.sqlitePath });
  await migrateToLatest(database.db as never, migrations);
  const key = loadDataKey({ configured: config.dataKey, dataDir: config.dataDir, demo: config.mode === 'demo' });
  const ctx: AppContext = {
    config,
    db: database.db,
    dialect: database.dialect,
    clock: options.clock ?? (config.fixedNow ? fixedClock(config.fixedNow) : systemClock),
    cipher: new PersonalDataCipher(key),
    audit: new AuditLog(database.dialect, loadAuditKey({ configured: config.auditKey, dataDir: config.dataDir })),
    replica:
      config.databaseReplicaUrl && config.databaseUrl && database.dialect === 'postgres'
        ? new ReadReplica<DB>(database.db, {
            url: config.databaseReplicaUrl,
            primaryUrl: config.databaseUrl,
            maxLagMs: config.replicaMaxLagSeconds * 1000,
            log: options.replicaLog ?? replicaLine,
          })
        : null,
  };
  if ((await ctx.audit.upgradeLegacyChain(ctx.db)) === 'refused') {
    // Re-signing a chain that is already broken would launder the break under the new key.
    process.emitWarning(
      'the audit log predates the keyed chain and is broken: it was not re-signed (run `concord audit verify`)',
    );
  }
  return { ctx, database };
}

export async function buildApp(config: Config, options: BuildOptions = {}) {
  const { ctx, database } = await createContext(config, options);
  // Audit rows a stopped process left unchained are linked before serving (ADR 0038); the CLI,
  // which also builds a context, must not write when it only verifies. A row edited while it
  // waited is not linked, and must not keep Concord from starting: `audit verify` names it.
  try {
    await ctx.audit.chainPending(ctx.db);
  } catch (error) {
    process.emitWarning(
      `the audit chain could not be linked: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            ...(options.logger ? { stream: options.logger.stream } : {}),
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            serializers: {
              req: (req: { method: string; url: string; ip?: string }) => ({
                method: req.method,
                url: redactUrl(req.url),
                remoteAddress: req.ip,
              }),
            },
          },
    bodyLimit: 1024 * 1024,
    logController: new OneLinePerRequest(),
    trustProxy: config.trustProxy,
    // A malformed URL is answered before routing: GeoReport's paths in GeoReport's error shape.
    frameworkErrors: (error, request, reply) =>
      request.url.startsWith('/open311/')
        ? open311FrameworkError(error, request, reply)
        : handleFrameworkError(error, request, reply),
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyValidator : textValidator).compile(schema),
  );
  app.setSerializerCompiler(sharedSerializerCompiler());
  // Before any plugin or route: child scopes copy the parsers they find.
  registerJsonBodyParser(app);

  // Every route as registered, for the access-matrix test and the OpenAPI completeness check.
  const routes: { method: string; url: string; auth: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({ method, url: route.url, auth: (route.config as { auth?: string } | undefined)?.auth ?? 'session' });
    }
  });

  // SQLite commits transactions in groups: no answer leaves before what it shows is durable.
  app.addHook('onSend', async (_request, _reply, payload) => {
    await database.whenDurable();
    return payload;
  });

  app.addHook('onClose', async () => {
    await ctx.replica?.close();
    if (!options.database) await database.close();
  });

  // Read-your-writes (ADR 0041): after a caller's successful change, their reads stay on the
  // primary until the replica is known to hold it.
  if (ctx.replica) {
    const replica = ctx.replica;
    app.addHook('onResponse', async (request, reply) => {
      if (request.method === 'GET' || request.method === 'HEAD' || request.method === 'OPTIONS') return;
      if (reply.statusCode >= 400 || !request.actor) return;
      replica.noteWrite(`user:${request.actor.userId}`);
    });
  }

  // Before any plugin: a plugin's routes (the API docs) keep the error handler set when registered.
  registerErrorHandling(app);
  await app.register(cookie);
  registerSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
      },
    },
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: () =>
      new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试 / Too many requests, try again later'),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Concord API',
        description: '基层社会治理与矛盾纠纷多元化解平台 / Grassroots governance and dispute resolution',
        version: '1',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'concord_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
    // The error catalogue (common/errors.ts): each code's status and meaning, for clients that
    // generate code from this document; docs/errors.md is the same list for people.
    transformObject: (documents) =>
      'openapiObject' in documents
        ? { ...documents.openapiObject, 'x-error-codes': errorCatalogue() }
        : documents.swaggerObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  // Before the session is resolved: a forged request is refused without a session lookup.
  registerCsrfGuard(app, { sessionCookie: SESSION_COOKIE });
  registerAuthHook(app, ctx);
  app.addHook('preValidation', rejectNulCharacters);
  registerDenialAudit(app, ctx);

  app.get(
    '/healthz',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['system'],
        summary: '健康检查 / Health check',
        security: [],
        response: {
          200: Type.Object({
            status: Type.Literal('ok'),
            db: Type.Union([Type.Literal('sqlite'), Type.Literal('postgres')]),
          }),
          ...errorResponses(503),
        },
      },
    },
    async () => {
      try {
        await ping(ctx.db as never);
      } catch {
        throw new AppError('UNAVAILABLE', '数据库不可用 / The database is unavailable');
      }
      return { status: 'ok' as const, db: ctx.dialect };
    },
  );
  app.get('/api/v1/openapi.json', { config: { auth: 'public' }, schema: { hide: true } }, () => app.swagger());

  authRoutes(app, ctx);
  userRoutes(app, ctx);
  serviceAccountRoutes(app, ctx);
  // Org sits below auth (memberships point into its tree): its routes get auth's checks from here.
  orgRoutes(app, ctx, { authorize, jurisdictionPaths, auditActor: auditActorOf });
  // Editing the tree asks cases (above org) whether a unit still has cases: handed in here.
  orgEditRoutes(app, ctx, { authorize, auditActor: auditActorOf, cases: { countCases: countCasesOfUnit } });
  peopleRoutes(app, ctx);
  baseDataRoutes(app, ctx);
  baseDataImportRoutes(app, ctx);
  // Audit reads below cases: the case numbers it shows come from here.
  auditRoutes(app, ctx, { caseNumbers: findCaseBriefs });
  calendarRoutes(app, ctx);
  caseRoutes(app, ctx);
  statsRoutes(app, ctx);
  trackRoutes(app, ctx);
  notificationRoutes(app, ctx);
  categoryRoutes(app, ctx);
  knowledgeRoutes(app, ctx);
  legalRoutes(app, ctx);
  suggestionRoutes(app, ctx);
  assessmentRoutes(app, ctx);
  evaluationRoutes(app, ctx);
  leaderRoutes(app, ctx);
  reportRoutes(app, ctx);
  mediationModule(app, ctx);
  stabilityRoutes(app, ctx);
  open311Routes(app, ctx);
  inboxModule(app, ctx);
  smsModule(app, ctx);
  transparencyRoutes(app, ctx);
  safetyModule(app, ctx);
  warningsModule(app, ctx);
  patrolsModule(app, ctx);
  psychModule(app, ctx);
  workforceModule(app, ctx);
  emergencyModule(app, ctx);
  pointsModule(app, ctx);
  publicRecognitionRoutes(app, ctx);
  creditModule(app, ctx);
  meetingsModule(app, ctx);
  consultationsModule(app, ctx);
  communityModule(app, ctx);
  // Last: its catch-all page route answers only paths no API route took.
  if (options.webClientDir !== undefined) registerWebClient(app, options.webClientDir);

  await app.ready();
  return { app, ctx, routes };
}
