// The machine's own ceilings for comparison: a bare Fastify route, and a Fastify route that does
// one durable insert with Concord's storage settings (SQLite WAL + synchronous=FULL, or PostgreSQL).
import Fastify from 'fastify';
import { sql } from 'kysely';
import { openDatabase } from '../server/platform/db/database.ts';

const handle = openDatabase<{ bench_ceiling: { id: number; body: string; at: string } }>({
  url: process.env.DATABASE_URL,
  sqlitePath: process.env.CONCORD_SQLITE_PATH,
});
const db = handle.db;
await sql`drop table if exists bench_ceiling`.execute(db);
await sql`create table bench_ceiling (id ${sql.raw(handle.dialect === 'postgres' ? 'bigserial' : 'integer')} primary key, body text not null, at text not null)`.execute(
  db,
);

const app = Fastify({ logger: false });
app.get('/bare', () => ({ ok: true }));
app.post('/durable', async (request) => {
  await db
    .insertInto('bench_ceiling')
    .values({ body: JSON.stringify(request.body), at: new Date().toISOString() } as never)
    .execute();
  return { ok: true };
});
await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`ceiling listening: http://127.0.0.1:${(app.server.address() as { port: number }).port}\n`);
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => handle.close())
    .then(() => process.exit(0));
});
