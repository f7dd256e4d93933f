// Materialised paths look like "/1/23/456/". Everything under a unit is the half-open range
// [path, path with its final "/" replaced by "0"): digits and "/" sort below "0" only at that
// position, so one indexed range query serves both SQLite and PostgreSQL (column collation "C").
export function subtreeUpperBound(path: string): string {
  if (!path.endsWith('/')) throw new Error(`not a materialised path: ${path}`);
  return path.slice(0, -1) + '0';
}

export function isWithin(path: string, ancestorPath: string): boolean {
  return path.startsWith(ancestorPath);
}

export function pathIds(path: string): number[] {
  return path
    .split('/')
    .filter((s) => s !== '')
    .map(Number);
}
