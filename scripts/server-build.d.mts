/**
 * Makes `<root>/build` current for the sources under `<root>/server` and `<root>/common`. Returns
 * how many files were compiled, or null when the build was current.
 */
export function ensureServerBuild(root: string): Promise<number | null>;
