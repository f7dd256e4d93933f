// Serves the built web console (web/dist) from the API's own process: hashed assets cached for a
// year, index.html for every other page path (the client routes them), JSON 404s kept for the API.
// Text files leave as the brotli or gzip copy the build wrote beside them (web-build.ts), as the
// browser's Accept-Encoding allows: nothing is compressed per request.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from './errors.ts';

type Encoding = 'br' | 'gzip';
const FILE_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };
/** Types the build may hold a compressed copy of (the others always leave as they are). */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.txt', '.map']);

/**
 * The encodings the client accepts among those the build holds, most wanted first (brotli on a
 * tie): `q=0` refuses one, `*` stands for any not named, `x-gzip` is gzip's old name.
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  if (!header) return [];
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (name === '') continue;
    const q = params.map((p) => /^q=([0-9.]+)$/.exec(p)?.[1]).find((v) => v !== undefined);
    const weight = q === undefined ? 1 : Number(q);
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const weightOf = (encoding: Encoding) =>
    weights.get(encoding) ?? (encoding === 'gzip' ? weights.get('x-gzip') : undefined) ?? weights.get('*') ?? 0;
  return (['br', 'gzip'] as const).filter((e) => weightOf(e) > 0).sort((a, b) => weightOf(b) - weightOf(a));
}

const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The pages' policy. Helmet's default adds `upgrade-insecure-requests`, which makes a browser fetch
 * the console's own scripts over https: a county server reached as http://10.x.x.x:3000 on the
 * office network would show a blank page. Ant Design writes its styles into <style> tags at run
 * time, hence 'unsafe-inline' for styles only; scripts stay 'self' (the build has no inline script).
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

const isApiPath = (p: string) =>
  p === '/api' || p.startsWith('/api/') || p === '/open311' || p.startsWith('/open311/') || p === '/healthz';

async function sizeOf(file: string): Promise<number | undefined> {
  try {
    const info = await stat(file);
    return info.isFile() ? info.size : undefined;
  } catch {
    return undefined;
  }
}

async function fileAt(root: string, urlPath: string): Promise<{ file: string; size: number } | undefined> {
  const normalized = path.posix.normalize(urlPath);
  // Dot-files are the build's bookkeeping (the precompression marker), not the console's.
  if (normalized.split('/').some((segment) => segment.startsWith('.'))) return undefined;
  const file = path.resolve(root, '.' + normalized);
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  const size = await sizeOf(file);
  return size === undefined ? undefined : { file, size };
}

async function sendFile(
  reply: FastifyReply,
  acceptEncoding: string | undefined,
  found: { file: string; size: number },
  cacheControl: string,
) {
  const extension = path.extname(found.file).toLowerCase();
  const type = MEDIA_TYPES[extension] ?? 'application/octet-stream';
  reply.header('content-type', type).header('cache-control', cacheControl);
  let file = found.file;
  let size = found.size;
  if (COMPRESSIBLE.has(extension)) {
    // Caches in between keep one copy per encoding.
    reply.header('vary', 'Accept-Encoding');
    for (const encoding of acceptedEncodings(acceptEncoding)) {
      const compressed = await sizeOf(found.file + FILE_SUFFIX[encoding]);
      if (compressed === undefined) continue;
      reply.header('content-encoding', encoding);
      file = found.file + FILE_SUFFIX[encoding];
      size = compressed;
      break;
    }
  }
  return reply.header('content-length', size).send(createReadStream(file));
}

/** GET / and every page path: a file of the build, or index.html for the client's own routes. */
export function registerWebClient(app: FastifyInstance, distDir: string): void {
  const root = path.resolve(distDir);
  const handler = async (
    request: { url: string; method: string; headers: { 'accept-encoding'?: string | undefined } },
    reply: FastifyReply,
  ) => {
    const acceptEncoding = request.headers['accept-encoding'];
    const urlPath = request.url.split('?')[0] ?? '/';
    if (isApiPath(urlPath)) {
      throw new AppError('ROUTE_NOT_FOUND', `没有这个接口 / No route ${request.method} ${urlPath}`);
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(urlPath);
    } catch {
      throw new AppError('VALIDATION_FAILED', '请求地址无效 / The URL is invalid');
    }
    // The page itself always goes out as a page (no-cache, its CSP), however it is asked for.
    if (decoded !== '/' && !decoded.endsWith('/') && decoded !== '/index.html') {
      const found = await fileAt(root, decoded);
      // Vite names every asset after its content: a changed file gets a new name.
      if (found) {
        return sendFile(
          reply,
          acceptEncoding,
          found,
          decoded.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'public, max-age=3600',
        );
      }
      // A missing script or stylesheet is a 404, not the page (which the browser would refuse).
      if (decoded.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(decoded)) {
        throw new AppError('NOT_FOUND', '文件不存在 / No such file');
      }
    }
    const index = await fileAt(root, '/index.html');
    if (!index) {
      throw new AppError('NOT_FOUND', '网页客户端尚未构建 / The web console has not been built');
    }
    return sendFile(reply.header('content-security-policy', PAGE_CSP), acceptEncoding, index, 'no-cache');
  };
  const options = { config: { auth: 'public' as const }, schema: { hide: true } };
  app.get('/', options, handler);
  app.get('/*', options, handler);
}
