// The console's files leave compressed: brotli or gzip written once beside each hashed asset at
// build time, the one the browser accepts sent with Content-Encoding and Vary, and cache headers
// that let a browser keep a hashed file for a year but ask again for index.html.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandling } from './error-handler.ts';
import { registerWebClient } from './web-client.ts';
import { precompressBuild, webBuildStaleness } from './web-build.ts';

const SCRIPT = Buffer.from(
  Array.from({ length: 400 }, (_, i) => `export const message${i} = "办理进度 / progress ${i}";`).join('\n'),
);
const STYLE = Buffer.from(Array.from({ length: 200 }, (_, i) => `.row-${i}{color:#333;margin:${i}px}`).join('\n'));
const PAGE = Buffer.from(
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Concord</title>${'<link rel="modulepreload" href="/assets/chunk.js">'.repeat(30)}</head><body><div id="root"></div><script type="module" src="/assets/index-Ab12Cd34.js"></script></body></html>`,
);
/** Already compressed bytes: not worth compressing again. */
const IMAGE = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251));
const TINY = Buffer.from('export{};');

let root: string;
let dist: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = mkdtempSync(path.join(tmpdir(), 'concord-web-'));
  dist = path.join(root, 'dist');
  mkdirSync(path.join(dist, 'assets'), { recursive: true });
  writeFileSync(path.join(dist, 'index.html'), PAGE);
  writeFileSync(path.join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(path.join(dist, 'assets', 'index-Ab12Cd34.js'), SCRIPT);
  writeFileSync(path.join(dist, 'assets', 'index-Ef56Gh78.css'), STYLE);
  writeFileSync(path.join(dist, 'assets', 'logo-Ij90Kl12.png'), IMAGE);
  writeFileSync(path.join(dist, 'assets', 'tiny-Mn34Op56.js'), TINY);
  await precompressBuild(dist);
  // A file of a build made before precompression: with no compressed copy it is served as is.
  writeFileSync(path.join(dist, 'assets', 'old-Qr78St90.js'), SCRIPT);
  app = Fastify();
  registerErrorHandling(app);
  registerWebClient(app, dist);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  app.inject({
    method: 'GET',
    url,
    headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding },
  });

describe('precompressed console files', () => {
  it('writes .br and .gz beside text files worth compressing, and nothing beside images or tiny files', () => {
    const assets = readdirSync(path.join(dist, 'assets')).sort();
    expect(assets).toEqual(
      [
        'index-Ab12Cd34.js',
        'index-Ab12Cd34.js.br',
        'index-Ab12Cd34.js.gz',
        'index-Ef56Gh78.css',
        'index-Ef56Gh78.css.br',
        'index-Ef56Gh78.css.gz',
        'logo-Ij90Kl12.png',
        'old-Qr78St90.js',
        'tiny-Mn34Op56.js',
      ].sort(),
    );
    expect(readdirSync(dist)).toEqual(expect.arrayContaining(['index.html.br', 'index.html.gz']));
  });

  it('sends brotli to a browser that takes it, with Content-Encoding, Vary and a year of caching', async () => {
    const res = await get('/assets/index-Ab12Cd34.js', 'gzip, deflate, br, zstd');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.headers['vary']).toMatch(/accept-encoding/i);
    expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.rawPayload.length).toBeLessThan(SCRIPT.length / 4);
    expect(brotliDecompressSync(res.rawPayload).equals(SCRIPT)).toBe(true);
  });

  it('sends gzip when brotli is not accepted, and the file itself when neither is', async () => {
    for (const accept of ['gzip', 'gzip, deflate', 'br;q=0, gzip;q=0.8', 'x-gzip, gzip']) {
      const res = await get('/assets/index-Ef56Gh78.css', accept);
      expect(res.headers['content-encoding'], accept).toBe('gzip');
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(gunzipSync(res.rawPayload).equals(STYLE)).toBe(true);
    }
    for (const accept of [undefined, '', 'identity', 'deflate', 'gzip;q=0, br;q=0', 'br;q=0.0,gzip;q=0']) {
      const res = await get('/assets/index-Ef56Gh78.css', accept);
      expect(res.headers['content-encoding'], String(accept)).toBeUndefined();
      expect(res.headers['vary']).toMatch(/accept-encoding/i);
      expect(res.rawPayload.equals(STYLE)).toBe(true);
    }
    const anything = await get('/assets/index-Ef56Gh78.css', '*');
    expect(anything.headers['content-encoding']).toBe('br');
  });

  it('serves files without a compressed copy as they are', async () => {
    for (const url of ['/assets/logo-Ij90Kl12.png', '/assets/tiny-Mn34Op56.js', '/assets/old-Qr78St90.js']) {
      const res = await get(url, 'gzip, br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-encoding'], url).toBeUndefined();
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await get('/assets/logo-Ij90Kl12.png', 'br')).rawPayload.equals(IMAGE)).toBe(true);
  });

  it('compresses the page too, which every visit asks again for (no-cache)', async () => {
    for (const url of ['/', '/cases/12', '/index.html']) {
      const res = await get(url, 'gzip, br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.headers['content-encoding']).toBe('br');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(brotliDecompressSync(res.rawPayload).equals(PAGE)).toBe(true);
    }
    const plain = await get('/', undefined);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(PAGE)).toBe(true);
    // Files at the root are not hashed: cached for an hour, not a year.
    expect((await get('/favicon.svg')).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('does not serve the build’s own bookkeeping files', async () => {
    const marker = await get('/.precompressed');
    expect(marker.statusCode).toBe(404);
  });

  it('counts a build that was never precompressed as stale, so start-up rebuilds it once', () => {
    const webDir = mkdtempSync(path.join(tmpdir(), 'concord-web-stale-'));
    try {
      mkdirSync(path.join(webDir, 'src'), { recursive: true });
      writeFileSync(path.join(webDir, 'src', 'main.tsx'), 'export {};');
      const past = new Date(Date.now() - 60_000);
      utimesSync(path.join(webDir, 'src', 'main.tsx'), past, past);
      mkdirSync(path.join(webDir, 'dist'));
      writeFileSync(path.join(webDir, 'dist', 'index.html'), PAGE);
      expect(webBuildStaleness(webDir)).toBe('stale');
      writeFileSync(path.join(webDir, 'dist', '.precompressed'), '');
      expect(webBuildStaleness(webDir)).toBeNull();
    } finally {
      rmSync(webDir, { recursive: true, force: true });
    }
  });
});
