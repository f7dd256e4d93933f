// `npm start`: runs the server as compiled JavaScript (ADR 0043). scripts/server-build.mjs makes
// build/ current (esbuild, a second or two, only when server/ or common/ changed), then
// build/server/main.js runs in this process. Running through tsx instead kept a loader thread and
// every module's transformed source and source map in memory: ~65 MB of resident memory.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ensureServerBuild } from './server-build.mjs';

const root = path.resolve(import.meta.dirname, '..');
const started = Date.now();
const compiled = await ensureServerBuild(root);
if (compiled !== null) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`已编译服务端 / compiled the server (${compiled} files, ${seconds} s)\n`);
}
await import(pathToFileURL(path.join(root, 'build', 'server', 'main.js')).href);
