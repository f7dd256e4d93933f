// What the resident API shows of a case (issue 13, item 10): its status, the public reply (the
// result), the deadlines and the acting units — never the staff's names, their internal notes,
// the cards of the evaluation or the assignments. The resident's own routes answer with a schema
// of their own (ResidentCaseDetail, typed in the web client); the staff routes a resident may
// call (intake, the case, its actions) answer with those fields withheld.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltUser } from '../../../test/support/factories.ts';

const PASSWORD = 'Resident-view-5150';
const DISPATCH_NOTE = '内部备注：该户多次来电，态度强硬';
const SUPERVISE_NOTE = '督办：住建局三日内必须上门';
const RESULT = '已约谈施工方，晚上八点后停止装修';
const STAFF_NAMES = ['调度员周某', '承办人吴某'];

describeEachDialect('the resident view of a case', (get) => {
  let fixture: Promise<{ resident: BuiltUser; dispatcher: BuiltUser; department: BuiltUser; caseId: number }>;

  /** A resident's report, dispatched with an internal note, supervised, and resolved. */
  function reported() {
    fixture ??= (async () => {
      const h = get();
      const resident = await buildUser(h, { role: 'resident', unit: '370702001001', password: PASSWORD });
      const dispatcher = await buildUser(h, {
        role: 'dispatcher',
        unit: '370702-centre',
        displayName: STAFF_NAMES[0],
        password: PASSWORD,
      });
      const department = await buildUser(h, {
        role: 'department',
        unit: '370702-dept-housing',
        displayName: STAFF_NAMES[1],
        password: PASSWORD,
      });
      const created = await buildCase(h, { by: resident, description: '楼上每晚装修到十一点，噪音很大' });
      let version = created.version;
      const act = async (who: BuiltUser, body: Record<string, unknown>) => {
        const res = await h.inject({
          method: 'POST',
          url: `/api/v1/cases/${created.id}/actions`,
          token: who.token,
          payload: { version, ...body },
        });
        expect(res.statusCode, `${String(body.action)}: ${res.body}`).toBe(200);
        version = (res.json() as { version: number }).version;
      };
      const housing = await h.unit('370702-dept-housing');
      await act(dispatcher, { action: 'dispatch', leadUnitId: housing.id, note: DISPATCH_NOTE });
      await act(department, { action: 'accept' });
      await act(dispatcher, { action: 'supervise', note: SUPERVISE_NOTE });
      await act(department, { action: 'resolve', result: RESULT });
      return { resident, dispatcher, department, caseId: created.id };
    })();
    return fixture;
  }

  const leaksNothingInternal = (body: string) => {
    for (const secret of [DISPATCH_NOTE, SUPERVISE_NOTE, ...STAFF_NAMES]) expect(body).not.toContain(secret);
  };

  it("answers the resident's own route with the resident schema: status, reply, deadlines, acting units", async () => {
    const { resident, caseId } = await reported();
    const res = await get().inject({ method: 'GET', url: `/api/v1/my/cases/${caseId}`, token: resident.token });
    expect(res.statusCode, res.body).toBe(200);
    leaksNothingInternal(res.body);
    const body = res.json() as Record<string, unknown> & {
      timeline: { action: string; reply?: string; unitName?: string }[];
    };
    expect(Object.keys(body).sort()).toEqual(
      [
        'id',
        'number',
        'title',
        'kind',
        'categoryCode',
        'channel',
        'status',
        'version',
        'createdAt',
        'updatedAt',
        'description',
        // The reporter's own tracking code (issue 15), to follow the case without signing in.
        'trackingCode',
        'address',
        'location',
        'reporter',
        'deadlines',
        'result',
        'resolvedAt',
        'closedAt',
        'rating',
        'attachments',
        'allowedActions',
        'timeline',
      ].sort(),
    );
    expect(body).toMatchObject({ id: caseId, status: 'resolved', result: RESULT, allowedActions: ['rate'] });
    expect(Object.keys(body.deadlines as object).sort()).toEqual(['current', 'handle', 'stage']);
    // Changes of status only: supervision (督办) is the evaluation's business, not the resident's.
    expect(body.timeline.map((e) => e.action)).toEqual(['register', 'dispatch', 'accept', 'resolve']);
    expect(body.timeline.find((e) => e.action === 'resolve')).toMatchObject({ reply: RESULT });
    expect(body.timeline.find((e) => e.action === 'accept')?.unitName).toBe(
      (await get().unit('370702-dept-housing')).name,
    );
    for (const entry of body.timeline) expect(Object.keys(entry)).not.toContain('actor');

    const list = await get().inject({ method: 'GET', url: '/api/v1/my/cases', token: resident.token });
    expect(list.statusCode, list.body).toBe(200);
    leaksNothingInternal(list.body);
    expect((list.json() as { items: { id: number; result: string }[] }).items).toEqual([
      expect.objectContaining({ id: caseId, result: RESULT }),
    ]);
  });

  it('withholds the internal fields when a resident calls the staff routes', async () => {
    const { resident, dispatcher, caseId } = await reported();
    const staff = await get().inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, token: dispatcher.token });
    // Staff still see everything.
    expect(staff.body).toContain(DISPATCH_NOTE);
    expect(staff.body).toContain(STAFF_NAMES[1]);
    expect(staff.json()).toMatchObject({ cards: { supervised: true } });

    const res = await get().inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, token: resident.token });
    expect(res.statusCode, res.body).toBe(200);
    leaksNothingInternal(res.body);
    expect(res.json()).toMatchObject({
      status: 'resolved',
      result: RESULT,
      leadUnitId: null,
      assignments: [],
      cards: { yellow: false, red: false, supervised: false },
      extensionPending: null,
      suggestedLeadUnit: null,
      allowedActions: ['rate'],
    });
    const list = await get().inject({ method: 'GET', url: '/api/v1/cases', token: resident.token });
    expect((list.json() as { items: { id: number; leadUnitId: unknown }[] }).items).toContainEqual(
      expect.objectContaining({ id: caseId, leadUnitId: null }),
    );
    // Rating answers with the case as the resident may see it.
    const version = (res.json() as { version: number }).version;
    const rated = await get().inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/actions`,
      token: resident.token,
      payload: { action: 'rate', version, rating: 'satisfied', comment: '满意' },
    });
    expect(rated.statusCode, rated.body).toBe(200);
    leaksNothingInternal(rated.body);
    expect(rated.json()).toMatchObject({ status: 'closed', assignments: [] });
  });

  it("refuses the resident routes to staff (403) and another resident's case (404)", async () => {
    const { dispatcher, caseId } = await reported();
    for (const url of ['/api/v1/my/cases', `/api/v1/my/cases/${caseId}`]) {
      const res = await get().inject({ method: 'GET', url, token: dispatcher.token });
      expect(res.statusCode, url).toBe(403);
    }
    const neighbour = await buildUser(get(), { role: 'resident', unit: '370702001001', password: PASSWORD });
    const res = await get().inject({ method: 'GET', url: `/api/v1/my/cases/${caseId}`, token: neighbour.token });
    expect(res.statusCode).toBe(404);
    expect((await get().inject({ method: 'GET', url: '/api/v1/my/cases', token: neighbour.token })).json()).toEqual({
      items: [],
      nextCursor: null,
    });
  });

  it('publishes ResidentCaseDetail in the OpenAPI document, for the generated client to name', async () => {
    type Schema = { title?: string; properties?: Record<string, unknown> };
    const doc = (await get().inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, { get?: { responses: Record<string, { content: Record<string, { schema: Schema }> }> } }>;
    };
    const answer = (path: string) => doc.paths[path]?.get?.responses['200']?.content['application/json']?.schema;
    const detail = answer('/api/v1/my/cases/{id}')!;
    expect(detail.title).toBe('ResidentCaseDetail');
    for (const internal of ['assignments', 'cards', 'suggestedLeadUnit', 'extensionPending', 'leadUnitId']) {
      expect(Object.keys(detail.properties!)).not.toContain(internal);
    }
    expect(JSON.stringify(answer('/api/v1/my/cases'))).toContain('"title":"ResidentCaseDetail"');
  });
});
