// The factories make what the tests then rely on: a user who can sign in with the role asked for,
// a unit placed in the tree, a case carried through the real workflow to the status asked for.
import { expect, it } from 'vitest';
import { describeEachDialect } from './support/harness.ts';
import { buildCase, buildUnit, buildUser } from './support/factories.ts';

describeEachDialect('test factories', (get) => {
  it('builds a unit under its parent, a user in it and a case it handles', async () => {
    const h = get();
    const county = await h.unit('370702');
    const unit = await buildUnit(h, { type: 'department', kind: 'housing', name: '测试局' });
    expect(unit).toMatchObject({ parent_id: county.id, path: `${county.path}${unit.id}/`, level: 'county' });

    const handler = await buildUser(h, { role: 'department', unit: { id: unit.id } });
    const me = await h.inject({ method: 'GET', url: '/api/v1/me', token: handler.token });
    expect(me.json()).toMatchObject({ memberships: [{ unitId: unit.id, role: 'department' }] });

    const registered = await buildCase(h);
    expect(registered).toMatchObject({ status: 'registered', version: 1, leadUnitId: null });
    const accepted = await buildCase(h, { status: 'in_progress', lead: { id: unit.id }, acceptedBy: handler });
    expect(accepted).toMatchObject({ status: 'in_progress', version: 3, leadUnitId: unit.id });
    const seen = await h.inject({ method: 'GET', url: `/api/v1/cases/${accepted.id}`, token: handler.token });
    expect((seen.json() as { allowedActions: string[] }).allowedActions).toContain('resolve');
  });

  it('registers the mediation file when a committee accepts, as the workflow does', async () => {
    const h = get();
    const c = await buildCase(h, { kind: 'dispute', status: 'in_progress', lead: '370702001-cmte-territorial' });
    const file = await h.ctx.db.selectFrom('mediation_file').select('status').where('case_id', '=', c.id).execute();
    expect(file).toEqual([{ status: 'open' }]);
  });
});
