// Serves the built web console (web/dist) from the API's own process: hashed assets cached for a
// year, index.html for every other page path (the client routes them), JSON 404s kept for the API.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from './errors.ts';

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

async function fileAt(root: string, urlPath: string): Promise<{ file: string; size: number } | undefined> {
  const file = path.resolve(root, '.' + path.posix.normalize(urlPath));
  if (file !== root && !file.startsWith(root + path.sep)) return undefined;
  try {
    const info = await stat(file);
    return info.isFile() ? { file, size: info.size } : undefined;
  } catch {
    return undefined;
  }
}

function sendFile(reply: FastifyReply, found: { file: string; size: number }, cacheControl: string) {
  const type = MEDIA_TYPES[path.extname(found.file).toLowerCase()] ?? 'application/octet-stream';
  return reply
    .header('content-type', type)
    .header('content-length', found.size)
    .header('cache-control', cacheControl)
    .send(createReadStream(found.file));
}

/** GET / and every page path: a file of the build, or index.html for the client's own routes. */
export function registerWebClient(app: FastifyInstance, distDir: string): void {
  const root = path.resolve(distDir);
  const handler = async (request: { url: string; method: string }, reply: FastifyReply) => {
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
    if (decoded !== '/' && !decoded.endsWith('/')) {
      const found = await fileAt(root, decoded);
      // Vite names every asset after its content: a changed file gets a new name.
      if (found) {
        return sendFile(
          reply,
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
    return sendFile(reply.header('content-security-policy', PAGE_CSP), index, 'no-cache');
  };
  const options = { config: { auth: 'public' as const }, schema: { hide: true } };
  app.get('/', options, handler);
  app.get('/*', options, handler);
}
