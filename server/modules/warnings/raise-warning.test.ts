// The contract the safety module relies on, on both databases: a situation raises one warning,
// raised again it is updated (cases merged, level and sentence refreshed), closed it makes room for
// a new one; a red warning reaches the leaders over the unit at once; counts per level by subtree.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase, buildUser } from '../../../test/support/factories.ts';
import { countWarningsByLevel, raiseWarning } from './index.ts';

describeEachDialect('raising a warning once per situation', (get) => {
  it('updates the active warning of the same kind and situation instead of adding one', async () => {
    const h = get();
    const grid = await h.unit('370702001001G01');
    const [a, b, c] = [await buildCase(h), await buildCase(h), await buildCase(h)];
    const at = h.clock.now();
    const first = await h.ctx.db.transaction().execute((trx) =>
      raiseWarning(trx, h.ctx, {
        kind: 'screening_overdue',
        level: 'yellow',
        unitId: grid.id,
        situationKey: 'contract-test-1',
        title: '网格未按期排查',
        explanation: { zh: '本周未排查', en: 'Not screened this week' },
        caseIds: [a.id, b.id],
        at,
      }),
    );
    const second = await h.ctx.db.transaction().execute((trx) =>
      raiseWarning(trx, h.ctx, {
        kind: 'screening_overdue',
        level: 'orange',
        unitId: grid.id,
        situationKey: 'contract-test-1',
        title: '网格未按期排查',
        explanation: { zh: '连续两周未排查', en: 'Not screened for two weeks' },
        caseIds: [b.id, c.id],
        at,
      }),
    );
    expect(first.isNew).toBe(true);
    expect(second).toEqual({ id: first.id, isNew: false });
    const row = await h.ctx.db.selectFrom('warning').selectAll().where('id', '=', first.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ level: 'orange', explanation_zh: '连续两周未排查', raise_count: 2 });
    const cases = await h.ctx.db
      .selectFrom('warning_case')
      .select('case_id')
      .where('warning_id', '=', first.id)
      .execute();
    expect(cases.map((r) => r.case_id).sort((x, y) => x - y)).toEqual([a.id, b.id, c.id]);
    // The history line names only the case the second raise added.
    const update = await h.ctx.db
      .selectFrom('warning_event')
      .select('data')
      .where('warning_id', '=', first.id)
      .where('action', '=', 'update')
      .executeTakeFirstOrThrow();
    expect((JSON.parse(update.data!) as { addedCaseIds: number[] }).addedCaseIds).toEqual([c.id]);

    // Closed, the situation coming back is a new warning.
    await h.ctx.db
      .updateTable('warning')
      .set({ status: 'closed', open_key: null })
      .where('id', '=', first.id)
      .execute();
    const third = await h.ctx.db.transaction().execute((trx) =>
      raiseWarning(trx, h.ctx, {
        kind: 'screening_overdue',
        level: 'yellow',
        unitId: grid.id,
        situationKey: 'contract-test-1',
        title: '网格未按期排查',
        explanation: '又未排查',
        caseIds: [],
        at,
      }),
    );
    expect(third.isNew).toBe(true);
    expect(third.id).not.toBe(first.id);
  });

  it('counts warnings per level within a unit and a time range, leaving dismissed ones out', async () => {
    const h = get();
    const township = await h.unit('370702002');
    const grid = await h.ctx.db
      .selectFrom('org_unit')
      .select(['id', 'path'])
      .where('parent_id', '=', township.id)
      .where('type', '=', 'region')
      .executeTakeFirstOrThrow();
    const at = new Date('2026-10-10T02:00:00Z');
    const raise = (key: string, level: 'red' | 'blue') =>
      h.ctx.db.transaction().execute((trx) =>
        raiseWarning(trx, h.ctx, {
          kind: 'screening_overdue',
          level,
          unitId: grid.id,
          situationKey: key,
          title: 't',
          explanation: 'e',
          caseIds: [],
          at,
        }),
      );
    await raise('count-1', 'red');
    await raise('count-2', 'blue');
    const dismissed = await raise('count-3', 'blue');
    await h.ctx.db
      .updateTable('warning')
      .set({ status: 'dismissed', open_key: null })
      .where('id', '=', dismissed.id)
      .execute();
    expect(await countWarningsByLevel(h.ctx.db, township.path, '2026-10-01T00:00:00Z', '2026-11-01T00:00:00Z')).toEqual(
      {
        red: 1,
        orange: 0,
        yellow: 0,
        blue: 1,
      },
    );
    expect(await countWarningsByLevel(h.ctx.db, township.path, '2026-11-01T00:00:00Z', '2026-12-01T00:00:00Z')).toEqual(
      {
        red: 0,
        orange: 0,
        yellow: 0,
        blue: 0,
      },
    );
  });

  it('tells the leaders over the unit of a red warning in the same transaction', async () => {
    const h = get();
    const township = await h.unit('370702003');
    const leader = await buildUser(h, { role: 'leader', unit: { id: township.id }, signIn: false });
    const grid = await h.ctx.db
      .selectFrom('org_unit')
      .select('id')
      .where('parent_id', '=', township.id)
      .where('type', '=', 'region')
      .executeTakeFirstOrThrow();
    const { id } = await h.ctx.db.transaction().execute((trx) =>
      raiseWarning(trx, h.ctx, {
        kind: 'screening_overdue',
        level: 'red',
        unitId: grid.id,
        situationKey: 'leader-notice',
        title: 't',
        explanation: 'e',
        caseIds: [],
        at: h.clock.now(),
      }),
    );
    const notices = await h.ctx.db
      .selectFrom('outbox')
      .select(['recipient', 'topic', 'subject_type', 'subject_id'])
      .where('topic', '=', 'warning.red')
      .where('subject_id', '=', String(id))
      .execute();
    expect(notices).toEqual([
      { recipient: String(leader.id), topic: 'warning.red', subject_type: 'warning', subject_id: String(id) },
    ]);
  });
});
