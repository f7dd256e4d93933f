// Grid tasks over HTTP on both databases: a township dispatcher assigns a standard task to a grid
// or one of its workers with a due date; the worker finds it in `mine=1` and marks it done once;
// another grid's worker neither sees nor completes it; bad assignments are refused, nothing written.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';

interface Task {
  id: number;
  kind: string;
  title: string;
  unitId: number;
  unitName: string;
  assigneeId: number | null;
  assigneeName: string | null;
  dueDate: string;
  status: string;
  overdue: boolean;
  doneAt: string | null;
  doneNote: string | null;
  abilities: { complete: boolean };
}

describeEachDialect('grid tasks', (get) => {
  it('assigns a task to a grid and a worker, lists it as the worker’s own, marks it done once', async () => {
    const h = get();
    const grid = await h.unit('370702001001G01');
    const township = await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' });
    const worker = await buildUser(h, { role: 'grid_worker', unit: '370702001001G01', displayName: '网格员甲' });
    const colleague = await buildUser(h, { role: 'grid_worker', unit: '370702001001G01' });
    const elsewhere = await buildUser(h, { role: 'grid_worker', unit: '370702002001G01' });
    const assign = (payload: Record<string, unknown>) =>
      h.inject({ method: 'POST', url: '/api/v1/grid-tasks', token: township.token, payload });
    const mine = async (who: { token: string }) =>
      (
        (await h.inject({ method: 'GET', url: '/api/v1/grid-tasks?mine=1', token: who.token })).json() as {
          items: Task[];
        }
      ).items;

    const forWorker = await assign({
      kind: 'visit',
      title: '走访独居老人',
      note: '重点了解取暖情况',
      unitId: grid.id,
      assigneeId: worker.id,
      dueDate: '2026-11-30',
    });
    expect(forWorker.statusCode, forWorker.body).toBe(201);
    const task = forWorker.json() as Task;
    expect(task).toMatchObject({
      kind: 'visit',
      unitId: grid.id,
      assigneeId: worker.id,
      assigneeName: '网格员甲',
      status: 'open',
      overdue: false,
      abilities: { complete: false },
    });
    const forGrid = (
      await assign({ kind: 'publicity', title: '反诈宣传', unitId: grid.id, dueDate: '2026-11-27' })
    ).json() as Task;

    // The worker sees both (its own and its grid's); a colleague only the grid's; another grid's worker neither.
    const own = await mine(worker);
    expect(own.map((t) => t.id).sort()).toEqual([task.id, forGrid.id].sort());
    expect(own.every((t) => t.abilities.complete)).toBe(true);
    expect((await mine(colleague)).map((t) => t.id)).toEqual([forGrid.id]);
    expect(await mine(elsewhere)).toEqual([]);
    const all = (
      (await h.inject({ method: 'GET', url: '/api/v1/grid-tasks', token: township.token })).json() as { items: Task[] }
    ).items.map((t) => t.id);
    expect(all).toEqual(expect.arrayContaining([task.id, forGrid.id]));

    const done = `/api/v1/grid-tasks/${task.id}/done`;
    expect((await h.inject({ method: 'POST', url: done, token: colleague.token, payload: {} })).statusCode).toBe(404);
    expect((await h.inject({ method: 'POST', url: done, token: elsewhere.token, payload: {} })).statusCode).toBe(404);
    const ok = await h.inject({ method: 'POST', url: done, token: worker.token, payload: { note: '已走访 3 户' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ status: 'done', doneNote: '已走访 3 户', abilities: { complete: false } });
    const again = await h.inject({ method: 'POST', url: done, token: worker.token, payload: {} });
    expect(again.statusCode).toBe(422);
    expect(again.json()).toMatchObject({ error: { code: 'GRID_TASK_DONE' } });
    expect((again.json() as { error: { message: string } }).error.message).toContain('该任务已完成');

    // A day later the grid's task is overdue.
    h.clock.advance(2 * 86_400_000);
    colleague.token = await h.login(colleague.username, colleague.password);
    expect((await mine(colleague)).find((t) => t.id === forGrid.id)).toMatchObject({ overdue: true });
  });

  it('refuses a past date, a stranger as assignee, a non-grid and another township’s grid, writing nothing', async () => {
    const h = get();
    const grid = await h.unit('370702001001G01');
    const township = await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' });
    const worker = await buildUser(h, { role: 'grid_worker', unit: '370702001001G01' });
    const otherGridWorker = await buildUser(h, { role: 'grid_worker', unit: '370702001002G01' });
    const before = await h.ctx.db.selectFrom('grid_task').select('id').execute();
    const assign = (payload: Record<string, unknown>) =>
      h.inject({
        method: 'POST',
        url: '/api/v1/grid-tasks',
        token: township.token,
        payload: { kind: 'patrol', title: '夜间巡查', unitId: grid.id, dueDate: '2026-12-01', ...payload },
      });
    const past = await assign({ dueDate: '2026-11-01' });
    expect(past.statusCode).toBe(400);
    expect(past.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ field: 'dueDate' }] } });
    expect((await assign({ dueDate: '2026-02-30' })).statusCode).toBe(400);
    const stranger = await assign({ assigneeId: otherGridWorker.id });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json()).toMatchObject({ error: { code: 'GRID_TASK_ASSIGNEE_INVALID' } });
    const town = await h.unit('370702001');
    expect((await assign({ unitId: town.id })).json()).toMatchObject({ error: { code: 'PATROL_UNIT_NOT_GRID' } });
    const outside = await h.unit('370702002001G01');
    expect((await assign({ unitId: outside.id })).statusCode).toBe(404);
    expect((await assign({ kind: 'dance' })).statusCode).toBe(400);
    const byWorker = await h.inject({
      method: 'POST',
      url: '/api/v1/grid-tasks',
      token: worker.token,
      payload: { kind: 'patrol', title: '夜间巡查', unitId: grid.id, dueDate: '2026-12-01' },
    });
    expect(byWorker.statusCode).toBe(403);
    expect(await h.ctx.db.selectFrom('grid_task').select('id').execute()).toHaveLength(before.length);
  });
});
