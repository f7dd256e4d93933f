// The signed-in actors a process keeps between requests (sessions.ts, write-watch.ts): a change
// made through the process — sign-out, a disabled account, a removed membership, a renamed unit —
// counts from the next request; one made by another process (here: a second connection, as the
// CLI's password reset or another server would) within KEEP_MAX_AGE_MS.
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  UnknownRow,
} from 'kysely';
import { expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { openDatabase } from '../../platform/db/database.ts';
import { KEEP_MAX_AGE_MS, KEEP_SETTLE_MS, registerWriteWatch, writeWatchOf } from '../../platform/db/write-watch.ts';
import type { DB } from '../../schema.ts';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Me {
  user: { displayName: string };
  memberships: { id: number; unitName: string }[];
}

async function me(get: () => Harness, token: string) {
  return get().inject({ method: 'GET', url: '/api/v1/me', token });
}

/** Signed in, settled and asked once, so that the next request is answered from what is kept. */
async function keptUser(get: () => Harness, role = 'dispatcher', unit = '370702') {
  const user = await get().userWith(role, unit);
  await sleep(KEEP_SETTLE_MS + 50);
  expect((await me(get, user.token)).statusCode).toBe(200);
  return user;
}

/** Records the tables each SELECT of the app it is plugged into reads. */
class SelectSpy implements KyselyPlugin {
  selects: string[] = [];
  transformQuery(args: PluginTransformQueryArgs) {
    if (args.node.kind === 'SelectQueryNode') this.selects.push(JSON.stringify(args.node));
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

describeEachDialect('signed-in actors kept between requests', (get, dialect) => {
  it('reads a session once for the requests that arrive together without a kept actor', async () => {
    const h = get();
    const user = await h.userWith('dispatcher', '370702');
    await sleep(KEEP_SETTLE_MS + 50);
    // A second app on the same database (nothing kept yet), its statements spied on.
    const spy = new SelectSpy();
    const db = h.ctx.db.withPlugin(spy);
    registerWriteWatch(db, writeWatchOf(h.ctx.db)!);
    const { app } = await buildApp(h.ctx.config, {
      clock: h.clock,
      logger: false,
      database: { db, dialect: h.dialect, whenDurable: () => Promise.resolve(), close: () => Promise.resolve() },
    });
    try {
      const answers = await Promise.all(
        Array.from({ length: 16 }, () =>
          app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${user.token}` } }),
        ),
      );
      expect(answers.map((a) => a.statusCode)).toEqual(Array.from({ length: 16 }, () => 200));
      expect(new Set(answers.map((a) => a.json<Me>().user.displayName))).toEqual(new Set(['测试dispatcher']));
      expect(spy.selects.filter((q) => q.includes('"name":"user_session"'))).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('keeps an actor between requests: a change from another connection shows only after the keep time', async () => {
    const user = await keptUser(get);
    const { database } = get();
    const other = openDatabase<DB>({ url: database.url, sqlitePath: database.sqlitePath, poolSize: 1 });
    try {
      await other.db
        .withoutPlugins()
        .updateTable('app_user')
        .set({ display_name: '改名于别处' })
        .where('id', '=', user.id)
        .execute();
    } finally {
      await other.close();
    }
    // Still the kept actor: nothing in this process said the account changed.
    expect((await me(get, user.token)).json<Me>().user.displayName).toBe('测试dispatcher');
    await sleep(KEEP_MAX_AGE_MS + 100);
    expect((await me(get, user.token)).json<Me>().user.displayName).toBe('改名于别处');
  });

  it('refuses a signed-out token on the very next request', async () => {
    const user = await keptUser(get);
    const out = await get().inject({ method: 'POST', url: '/api/v1/auth/logout', token: user.token });
    expect(out.statusCode).toBe(200);
    const res = await me(get, user.token);
    expect(res.statusCode).toBe(401);
  });

  it('refuses a disabled account on its next request, and takes an added membership and a renamed unit at once', async () => {
    const admin = await get().login('admin');
    const disabled = await keptUser(get);
    expect(
      (await get().inject({ method: 'POST', url: `/api/v1/users/${disabled.id}/disable`, token: admin })).statusCode,
    ).toBe(200);
    expect((await me(get, disabled.token)).statusCode).toBe(401);

    // A membership added counts at once; one removed ends the account's sessions (manage-users.ts).
    const member = await keptUser(get);
    const gridUnit = await get().unit('370702001001G01');
    const added = await get().inject({
      method: 'POST',
      url: `/api/v1/users/${member.id}/memberships`,
      token: admin,
      payload: { unitId: gridUnit.id, role: 'grid_worker' },
    });
    expect(added.statusCode).toBe(200);
    const memberships = (await me(get, member.token)).json<Me>().memberships;
    expect(memberships.map((m) => m.unitName)).toContain(gridUnit.name);
    const removed = await get().inject({
      method: 'DELETE',
      url: `/api/v1/users/${member.id}/memberships/${memberships[0]!.id}`,
      token: admin,
    });
    expect(removed.statusCode).toBe(200);
    expect((await me(get, member.token)).statusCode).toBe(401);

    const township = await get().unit('370702001001G01');
    const grid = await keptUser(get, 'grid_worker', '370702001001G01');
    expect((await me(get, grid.token)).json<Me>().memberships[0]!.unitName).toBe(township.name);
    const renamed = await get().inject({
      method: 'PATCH',
      url: `/api/v1/units/${township.id}`,
      token: admin,
      payload: { name: `${township.name}（新）` },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await me(get, grid.token)).json<Me>().memberships[0]!.unitName).toBe(`${township.name}（新）`);
  });

  // PostgreSQL only (not registered on SQLite, whose one connection is the writer's until it
  // commits: no request is answered meanwhile).
  (dialect === 'postgres' ? it : ((() => undefined) as unknown as typeof it))(
    'refuses a token revoked by a transaction that stayed open, on the first request after its commit',
    async () => {
      const user = await keptUser(get);
      const { ctx } = get();
      await ctx.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('user_session')
          .set({ revoked_at: ctx.clock.now().toISOString() })
          .where('user_id', '=', user.id)
          .execute();
        // Open past the settle time: a request now reads the committed row — the session still
        // standing — and keeps it.
        await sleep(KEEP_SETTLE_MS + 100);
        expect((await me(get, user.token)).statusCode).toBe(200);
      });
      expect((await me(get, user.token)).statusCode).toBe(401);
    },
  );

  it('still ends an idle session after 30 minutes though its actor is kept', async () => {
    const user = await keptUser(get);
    get().clock.advance(31 * 60 * 1000);
    const res = await me(get, user.token);
    expect(res.statusCode).toBe(401);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('SESSION_EXPIRED');
  });
});
