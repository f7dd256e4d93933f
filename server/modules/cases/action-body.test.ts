// The action body is one branch per action (common/actions/): the OpenAPI document describes it
// as a oneOf, and a client that leaves out a field of the branch it chose is told which field.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { ACTION_SPECS, CASE_ACTIONS } from '../../../common/workflow.ts';

interface ErrorJson {
  error: { code: string; details?: { field: string; message: string }[] };
}

interface Branch {
  // OpenAPI 3.0 has no `const`: the document gives a one-value enum.
  properties: Record<string, { enum?: string[] }>;
  required: string[];
  additionalProperties: boolean;
}

describeEachDialect('the action body, one branch per action', (get) => {
  let caseId = 0;
  let version = 0;
  let token = '';

  it('is a oneOf in the OpenAPI document, each branch with its own required fields', async () => {
    const doc = (await get().inject({ method: 'GET', url: '/api/v1/openapi.json' })).json() as {
      paths: Record<string, { post?: { requestBody?: { content: Record<string, { schema: unknown }> } } }>;
    };
    const schema = doc.paths['/api/v1/cases/{id}/actions']?.post?.requestBody?.content['application/json']?.schema as {
      oneOf: Branch[];
      discriminator: { propertyName: string };
    };
    expect(schema.discriminator).toEqual({ propertyName: 'action' });
    expect(schema.oneOf.map((b) => b.properties.action?.enum?.[0])).toEqual([...CASE_ACTIONS]);
    const resolve = schema.oneOf.find((b) => b.properties.action?.enum?.[0] === 'resolve')!;
    expect(resolve.required.sort()).toEqual(['action', 'result', 'version']);
    expect(resolve.additionalProperties).toBe(false);
    const dispatch = schema.oneOf.find((b) => b.properties.action?.enum?.[0] === 'dispatch')!;
    expect(dispatch.required.sort()).toEqual(['action', 'leadUnitId', 'version']);
    for (const branch of schema.oneOf) {
      const spec = ACTION_SPECS[branch.properties.action!.enum![0] as keyof typeof ACTION_SPECS];
      expect(Object.keys(branch.properties).sort()).toEqual(['action', 'version', ...Object.keys(spec.fields)].sort());
    }
  });

  it('answers a resolve without its result with a 400 naming `result`, before any rule is asked', async () => {
    const h = get();
    token = await h.login('gridworker');
    const created = await h.inject({
      method: 'POST',
      url: '/api/v1/cases',
      token,
      payload: {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'grid_patrol',
        description: '巡查发现：夜间施工噪音',
        unitId: (await h.unit('370702001001G01')).id,
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    ({ id: caseId, version } = created.json() as { id: number; version: number });

    const missing = await h.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/actions`,
      token,
      payload: { action: 'resolve', version },
    });
    expect(missing.statusCode).toBe(400);
    const body = missing.json() as ErrorJson;
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toEqual([{ field: 'result', message: '必填 / Required' }]);
  });

  it('refuses a body that is no object (a bare JSON string, number, array or null) with a 400', async () => {
    const h = get();
    for (const raw of ['"\' OR 1=1 --"', '42', '[]', 'null', 'true']) {
      const res = await h.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/actions`,
        token,
        headers: { 'content-type': 'application/json' },
        payload: raw,
      });
      expect(res.statusCode, `${raw}: ${res.body}`).toBe(400);
      expect((res.json() as ErrorJson).error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('names the field for blank text, a field of another action, and an unknown or missing action', async () => {
    const h = get();
    const send = (payload: Record<string, unknown>) =>
      h.inject({ method: 'POST', url: `/api/v1/cases/${caseId}/actions`, token, payload });
    const fields = async (payload: Record<string, unknown>) => {
      const res = await send(payload);
      expect(res.statusCode, res.body).toBe(400);
      return (res.json() as ErrorJson).error.details?.map((d) => d.field);
    };
    expect(await fields({ action: 'resolve', version, result: '   ' })).toEqual(['result']);
    expect(await fields({ action: 'resolve', version, result: '已处理', leadUnitId: 5 })).toEqual(['leadUnitId']);
    expect(await fields({ action: 'teleport', version })).toEqual(['action']);
    expect(await fields({ version, result: '已处理' })).toEqual(['action']);
    expect(await fields({ action: 'rate', version, rating: 'delighted' })).toEqual(['rating']);

    // The same grid worker, with the body complete, resolves the case on the spot.
    const done = await send({ action: 'resolve', version, result: '已劝停施工，现场恢复安静' });
    expect(done.statusCode, done.body).toBe(200);
    expect((done.json() as { status: string }).status).toBe('resolved');
  });
});
