import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project root (where package.json and data/ live), independent of the working directory and
 * of whether this module runs from server/ (tsx) or from the compiled build/server/ (`npm start`).
 */
export const projectRoot = findRoot(import.meta.dirname);
export const referenceDataDir = path.join(projectRoot, 'data');

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`package.json not found above ${from}`);
  }
}
