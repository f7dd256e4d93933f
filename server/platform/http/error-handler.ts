// One error handler for the whole API: every failure leaves as
// {"error":{"code","message","details"}} with a documented status, never a stack trace or SQL.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors.ts';
import { isConnectionFailure } from '../db/multi-host.ts';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function fieldOf(issue: ValidationIssue, context: string | undefined): string {
  const base = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  // A oneOf with a discriminator names its tag property (`action`) when the tag is missing or unknown.
  const missing = issue.params?.['missingProperty'] ?? issue.params?.['additionalProperty'] ?? issue.params?.['tag'];
  const field = [base, typeof missing === 'string' ? missing : ''].filter(Boolean).join('.');
  return field === '' ? (context ?? 'body') : field;
}

function messageOf(issue: ValidationIssue): string {
  switch (issue.keyword) {
    case 'required':
      return '必填 / Required';
    case 'additionalProperties':
      return '不允许的字段 / Unknown field';
    case 'type':
      return `类型错误，应为 ${String(issue.params?.['type'])} / Must be ${String(issue.params?.['type'])}`;
    case 'maxLength':
      return `过长，最多 ${String(issue.params?.['limit'])} 个字符 / Too long`;
    case 'minLength':
      return `过短，至少 ${String(issue.params?.['limit'])} 个字符 / Too short`;
    case 'pattern':
      // The only pattern of free-text fields: something besides spaces.
      return issue.params?.['pattern'] === '\\S'
        ? '不能为空 / Must not be blank'
        : `格式无效 / ${issue.message ?? 'Invalid'}`;
    case 'discriminator':
      return issue.params?.['error'] === 'tag' && issue.params['tagValue'] === undefined
        ? '必填 / Required'
        : '取值无效 / Not an allowed value';
    case 'enum':
    case 'anyOf':
    case 'const':
      return '取值无效 / Not an allowed value';
    case undefined:
    default:
      return `格式无效 / ${issue.message ?? 'Invalid'}`;
  }
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  const body: { error: { code: string; message: string; details?: unknown } } = {
    error: { code: error.code, message: error.message },
  };
  if (error.details !== undefined) body.error.details = error.details;
  return reply.status(error.status).type('application/json; charset=utf-8').send(body);
}

export function toAppError(
  error: FastifyError & { validation?: ValidationIssue[]; validationContext?: string },
): AppError {
  if (error instanceof AppError) return error;
  if (error.validation) {
    const details = error.validation.map((issue) => ({
      field: fieldOf(issue, error.validationContext),
      message: messageOf(issue),
    }));
    return new AppError('VALIDATION_FAILED', '请求参数有误 / The request is invalid', details);
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', '请求体过大 / The request body is too large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型 / Unsupported content type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new AppError('INVALID_JSON', '请求体不是有效的 JSON / The body is not valid JSON');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('VALIDATION_FAILED', '请求长度无效 / Invalid content length');
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError('VALIDATION_FAILED', '请求地址无效 / The URL is invalid');
    default:
      break;
  }
  // The database went away (a failover, a restart): the request may be retried, and says so.
  if (isConnectionFailure(error)) {
    return new AppError('UNAVAILABLE', '数据库暂时不可用，请稍后重试 / The database is unavailable; try again shortly');
  }
  if (error instanceof SyntaxError || (error.statusCode === 400 && /JSON/i.test(error.message))) {
    return new AppError('INVALID_JSON', '请求体不是有效的 JSON / The body is not valid JSON');
  }
  if (error.statusCode === 429) return new AppError('RATE_LIMITED', '请求过于频繁，请稍后再试 / Too many requests');
  if (error.statusCode === 404) return new AppError('NOT_FOUND', '记录不存在 / Not found');
  if (error.statusCode === 415) {
    return new AppError('UNSUPPORTED_MEDIA_TYPE', '不支持的内容类型 / Unsupported content type');
  }
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', '请求无效 / The request is invalid');
  }
  return new AppError('INTERNAL', '服务器内部错误，请稍后再试 / Internal error');
}

/** Fastify answers a malformed URL (bad percent-encoding, an over-long path parameter) before
 * routing, past the error handler: pass this as the `frameworkErrors` option to keep the shape. */
export function handleFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  void sendError(reply, toAppError(error));
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.status >= 500) request.log.error({ err: error }, 'request failed');
    return sendError(reply, appError);
  });
  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new AppError('ROUTE_NOT_FOUND', `没有这个接口 / No route ${request.method} ${request.url.split('?')[0]}`),
    ),
  );
}
