// The categories are kept in memory (platform/db/kept-read.ts): an administrator's edit is seen by
// the very next read, on both databases.
import { afterEach, expect, it, vi } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { KEEP_MAX_AGE_MS } from '../../platform/db/write-watch.ts';
import { findCategory, listCategories } from './category.repository.ts';

describeEachDialect('kept categories', (get) => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shows a category edited by an administrator at the next read', async () => {
    // Long after any earlier write, so that what is read is kept.
    await new Promise((resolve) => setTimeout(resolve, 200));
    vi.useFakeTimers({ toFake: ['performance'], now: 0 });
    vi.advanceTimersByTime(performance.now() + 1_000 * KEEP_MAX_AGE_MS);
    expect((await listCategories(get().ctx.db)).length).toBeGreaterThan(40);
    const { ctx } = get();
    const token = await get().login('admin');
    const before = (await findCategory(ctx.db, 'DSP.MEDICAL'))!.handle_days;
    const res = await get().inject({
      method: 'PATCH',
      url: '/api/v1/categories/DSP.MEDICAL',
      token,
      payload: { handleDays: before + 3 },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await findCategory(ctx.db, 'DSP.MEDICAL'))!.handle_days).toBe(before + 3);
    await get().inject({
      method: 'PATCH',
      url: '/api/v1/categories/DSP.MEDICAL',
      token,
      payload: { handleDays: before },
    });
    expect((await findCategory(ctx.db, 'DSP.MEDICAL'))!.handle_days).toBe(before);
  });
});
