// The audit log reads as people and things (issue 14, item 6): each entry carries the actor's
// display name and unit, its subject in words (a case's number, a user's name) and the names of
// the ids in its details, resolved for the whole page at once.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase, buildUser } from '../../../test/support/factories.ts';
import { refKindOf } from '../../../common/audit-refs.ts';
import { refsIn } from './audit-names.ts';

interface Entry {
  action: string;
  actorUserId: number | null;
  actorName: string | null;
  actorUnitName: string | null;
  subjectType: string | null;
  subjectId: string | null;
  subjectName: string | null;
  details: Record<string, unknown> | null;
  names: Record<string, string>;
}

it('finds the ids in details by their keys, at any depth', () => {
  expect(['unitId', 'toUnitId', 'assistUnitIds', 'committeeId'].map(refKindOf)).toEqual([
    'unit',
    'unit',
    'unit',
    'unit',
  ]);
  expect(
    ['caseId', 'caseIds', 'intoCaseId', 'userId', 'attachmentId', 'retryAfterSeconds', 'unitIdentity'].map(refKindOf),
  ).toEqual(['case', 'case', 'case', 'user', null, null, null]);
  const refs = refsIn({
    memberships: [{ unitId: 4, role: 'operator' }],
    caseId: 9,
    assistUnitIds: [5, 6],
    failures: 3,
  });
  expect(Object.fromEntries([...refs].map(([kind, ids]) => [kind, [...ids].sort()]))).toEqual({
    unit: [4, 5, 6],
    case: [9],
  });
});

describeEachDialect('the audit log in words', (get) => {
  const audit = async (query: string) => {
    const admin = await get().login('admin');
    const res = await get().inject({ method: 'GET', url: `/api/v1/audit?${query}`, token: admin });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { items: Entry[] }).items;
  };

  it('names the actor, the case by its number and its unit', async () => {
    const operator = await buildUser(get(), { role: 'operator', unit: '370702-centre', displayName: '受理员李四' });
    const created = await buildCase(get(), { by: { token: operator.token } });
    const [entry] = await audit(`subjectType=case&subjectId=${created.id}&action=case.register`);
    expect(entry).toMatchObject({
      actorUserId: operator.id,
      actorName: '受理员李四',
      actorUnitName: '潍城区综治中心',
      subjectName: created.number,
    });
  });

  it('names a user subject and the units inside the details', async () => {
    const admin = await get().login('admin');
    const centre = await get().unit('370702-centre');
    const res = await get().inject({
      method: 'POST',
      url: '/api/v1/users',
      token: admin,
      payload: {
        username: 'auditnamed',
        displayName: '王审计',
        password: 'Concord-audit-2026!',
        memberships: [{ unitId: centre.id, role: 'operator' }],
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    const [entry] = await audit('action=user.create');
    expect(entry!.actorName).toBe('系统管理员');
    expect(entry!.subjectName).toBe('王审计');
    expect(entry!.names).toEqual({ [`unit:${centre.id}`]: centre.name });
  });

  it('leaves what it cannot name as null, never as a guess', async () => {
    const items = await audit('limit=200');
    for (const item of items) {
      if (item.actorUserId === null) expect(item.actorName).toBeNull();
      if (item.subjectType === 'person' || item.subjectType === 'category') expect(item.subjectName).toBeNull();
    }
  });
});
