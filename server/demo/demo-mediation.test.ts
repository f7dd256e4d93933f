import { expect, it } from 'vitest';
import { isValidIdNumber } from '../platform/crypto/personal-data.ts';
import { describeEachDialect } from '../../test/support/harness.ts';
import { seedDemoCases } from './demo-cases.ts';
import { demoIdNumber, seedDemoMediation } from './demo-mediation.ts';

interface FileJson {
  number: string;
  status: string;
  parties: { role: string; phone: string | null; idNumber: string | null }[];
  sessions: unknown[];
  agreement: { status: string; missingSignatures: string[] } | null;
  abilities: { work: boolean };
}

const outline: string[] = [];

describeEachDialect('demo mediation files', (get) => {
  it('give the demo mediator open files with parties, sessions and a draft, once, the same on every run', async () => {
    const h = get();
    expect(await seedDemoMediation(h.ctx)).toBe(0); // no demo cases yet
    await seedDemoCases(h.ctx, 3000);
    const seeded = await seedDemoMediation(h.ctx);
    expect(seeded).toBeGreaterThan(0);
    expect(await seedDemoMediation(h.ctx)).toBe(0);

    const token = await h.login('mediator');
    const list = await h.inject({ method: 'GET', url: '/api/v1/mediations?status=open&limit=50', token });
    expect(list.statusCode).toBe(200);
    const items = (list.json() as { items: { id: number; caseId: number; number: string }[] }).items;
    expect(items).toHaveLength(seeded);
    const files: FileJson[] = [];
    for (const item of [...items].reverse()) {
      const res = await h.inject({ method: 'GET', url: `/api/v1/mediations/${item.id}`, token });
      expect(res.statusCode).toBe(200);
      files.push(res.json() as FileJson);
    }
    expect(files.map((f) => f.number)).toEqual(files.map((_, i) => `潍城区联合调〔2026〕${i + 1}号`));
    for (const file of files) {
      expect(file.status).toBe('open');
      expect(file.abilities.work).toBe(true);
      expect(file.parties.map((p) => p.role)).toEqual(['applicant', 'respondent']);
      expect(file.parties[0]!.phone).toMatch(/\*/);
    }
    expect(files.filter((f) => f.sessions.length > 0).length).toBeGreaterThan(0);
    expect(files[0]!.agreement?.status).toBe('draft');
    expect(files[0]!.agreement?.missingSignatures).toHaveLength(4);

    // The newest dispute in mediation is left for 登记调解卷宗.
    const committee = await h.unit('370702-cmte-territorial');
    const open = await h.ctx.db
      .selectFrom('case_record')
      .select('id')
      .where('lead_unit_id', '=', committee.id)
      .where('status', '=', 'in_progress')
      .execute();
    expect(open).toHaveLength(seeded + 1);
    const unfiled = open.find((c) => !items.some((i) => i.caseId === c.id))!;
    const missing = await h.inject({ method: 'GET', url: `/api/v1/cases/${unfiled.id}/mediation`, token });
    // No file yet: 200 with null (issue 14), so the case page shows 登记调解卷宗 without a 404 in the console.
    expect(missing.statusCode).toBe(200);
    expect(missing.json()).toBeNull();

    outline.push(JSON.stringify(files.map((f) => [f.number, f.parties, f.sessions.length, f.agreement?.status])));
    if (outline.length === 2) expect(outline[1]).toBe(outline[0]);
  });

  it('numbers parties with valid ID numbers', () => {
    for (let i = 0; i < 50; i++) expect(isValidIdNumber(demoIdNumber('1975-06-01', i, i % 2 === 0))).toBe(true);
  });
});
