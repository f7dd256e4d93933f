// A date field (YYYY-MM-DD) takes only days that exist: 9999-99-99 or 30 February would otherwise be
// stored and printed into a mediation agreement that a court is asked to confirm.
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from './support/harness.ts';
import { buildCase } from './support/factories.ts';

const NOT_DAYS = ['9999-99-99', '2026-02-30', '2026-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-12-00'];

interface ErrorJson {
  error: { code: string; details?: { field: string }[] };
}

function expectRefused(res: LightMyRequestResponse, field: string, value: string): void {
  expect(res.statusCode, `${field}=${value}: ${res.body}`).toBe(400);
  const { error } = res.json() as ErrorJson;
  expect(error.code).toBe('VALIDATION_FAILED');
  expect(error.details?.map((d) => d.field)).toContain(field);
}

describeEachDialect('dates that do not exist', (get) => {
  it('refuses them as an agreement’s performance deadline, a birth date and an extension, storing none', async () => {
    const h = get();
    const mediator = await h.login('mediator');
    const built = await buildCase(h, {
      kind: 'dispute',
      status: 'in_progress',
      lead: '370702-cmte-territorial',
      acceptedBy: { token: mediator },
    });
    const fileRes = await h.inject({ method: 'GET', url: `/api/v1/cases/${built.id}/mediation`, token: mediator });
    expect(fileRes.statusCode, fileRes.body).toBe(200);
    const fileId = (fileRes.json() as { id: number }).id;
    const agreement = (performanceDeadline: string) =>
      h.inject({
        method: 'PUT',
        url: `/api/v1/mediations/${fileId}/agreement`,
        token: mediator,
        payload: {
          form: 'written',
          facts: '双方因通道堆物发生争执。',
          issues: '堆物是否清理。',
          responsibilities: '堆物一方负责清理。',
          terms: ['三日内清理通道堆物。'],
          performanceManner: '自行清理',
          performanceDeadline,
        },
      });

    for (const day of NOT_DAYS) {
      expectRefused(await agreement(day), 'performanceDeadline', day);
      expectRefused(
        await h.inject({
          method: 'POST',
          url: `/api/v1/mediations/${fileId}/parties`,
          token: mediator,
          payload: { role: 'applicant', kind: 'person', name: '张三', birthDate: day.replace(/^\d{4}/, '1981') },
        }),
        'birthDate',
        day,
      );
      expectRefused(
        await h.inject({
          method: 'POST',
          url: `/api/v1/mediations/${fileId}/extension`,
          token: mediator,
          payload: { until: day, consent: '双方同意延期', partyIds: [1] },
        }),
        'until',
        day,
      );
      expectRefused(
        await h.inject({ method: 'GET', url: `/api/v1/stats/mediation?from=${day}`, token: mediator }),
        'from',
        day,
      );
    }
    const file = (await h.inject({ method: 'GET', url: `/api/v1/mediations/${fileId}`, token: mediator })).json() as {
      agreement: unknown;
      parties: unknown[];
    };
    expect(file.agreement).toBeNull();
    expect(file.parties).toEqual([]);

    // A day that exists, a leap day among them, is taken.
    const leap = await agreement('2028-02-29');
    expect(leap.statusCode, leap.body).toBe(200);
    expect((await agreement('2026-12-31')).statusCode).toBe(200);
  });
});
