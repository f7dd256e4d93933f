// Fixed settings every test shares.
export const TEST_NOW = '2026-11-27T09:00:00+08:00';
/** A fixed personal-data key for tests (base64 of 32 bytes). */
export const testDataKey = Buffer.alloc(32, 7).toString('base64');

/** PostgreSQL for tests: TEST_DATABASE_URL names the server (its database is only for admin). */
export function adminUrl(database?: string): string {
  const base = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (!database) return base;
  const url = new URL(base);
  url.pathname = `/${database}`;
  return url.toString();
}
