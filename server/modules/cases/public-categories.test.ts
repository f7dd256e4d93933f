// The residents' page lists the categories before anyone signs in (issue 15): the public list is
// the signed-in one, active categories only.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';

describeEachDialect('the public category list', (get) => {
  it('answers anyone with the same list a signed-in resident gets', async () => {
    const h = get();
    const open = await h.inject({ method: 'GET', url: '/api/v1/public/categories' });
    expect(open.statusCode, open.body).toBe(200);
    expect(open.headers['cache-control']).toContain('public');
    const items = open.json<{ items: { code: string; ownerLevel: string | null }[] }>().items;
    expect(items.some((c) => c.code === 'CMP.NOISE' && c.ownerLevel !== null)).toBe(true);
    const resident = await h.inject({ method: 'GET', url: '/api/v1/categories', token: await h.login('resident') });
    expect(resident.json()).toEqual(open.json());
  });
});
