import path from 'node:path';

/** The project root (where package.json and data/ live), independent of the working directory. */
export const projectRoot = path.resolve(import.meta.dirname, '..', '..');
export const referenceDataDir = path.join(projectRoot, 'data');
