// 调解依据 (issue 17, item 7): a mediator finds articles in the legal library, cites them in the
// mediation file, and the 人民调解协议书 (.docx and the A4 page) prints them with their text; the
// citations are part of the signed text, so they are fixed once anyone has signed and a signature
// binds them. Both databases.
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltUser } from '../../../test/support/factories.ts';

const COMMITTEE = '370702-cmte-territorial';

const json = <T>(res: LightMyRequestResponse, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

async function docxText(body: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('\n');
}

interface FileOut {
  id: number;
  legalBases: { articleId: number; lawTitle: string; label: string; text: string; versionDate: string }[];
  agreement: { textHash: string } | null;
}

describeEachDialect('citing the legal library in a mediation file', (get) => {
  let mediator: BuiltUser;
  let dispatcher: BuiltUser;
  const call = (who: BuiltUser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    get().inject({ method, url, token: who.token, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const find = async (q: string, label: string) => {
    const page = json<{ items: { id: number; label: string; lawCode: string }[] }>(
      await call(mediator, 'GET', `/api/v1/legal-bases?q=${encodeURIComponent(q)}`),
    );
    const hit = page.items.find((i) => i.label === label);
    expect(hit, `${q} → ${label}`).toBeDefined();
    return hit!.id;
  };

  async function draftedFile() {
    const c = await buildCase(get(), {
      kind: 'dispute',
      status: 'in_progress',
      lead: COMMITTEE,
      acceptedBy: mediator,
      description: '两户因排水管道改造发生相邻纠纷',
    });
    const file = json<{ id: number }>(await call(mediator, 'GET', `/api/v1/cases/${c.id}/mediation`));
    const url = `/api/v1/mediations/${file.id}`;
    const partyIds: number[] = [];
    for (const [role, name] of [
      ['applicant', '王五'],
      ['respondent', '赵六'],
    ] as const) {
      const res = json<{ parties: { id: number }[] }>(
        await call(mediator, 'POST', `${url}/parties`, { role, kind: 'person', name }),
        201,
      );
      partyIds.push(res.parties.at(-1)!.id);
    }
    json(
      await call(mediator, 'PUT', `${url}/agreement`, {
        form: 'written',
        facts: '赵六改造排水管道，堵塞王五家排水，双方争执。',
        issues: '排水管道恢复及损失承担。',
        responsibilities: '赵六负主要责任。',
        terms: ['赵六于五日内恢复排水管道。'],
        performanceManner: '赵六自行施工，社区监督',
        performanceDeadline: '2026-12-31',
      }),
    );
    return { url, partyIds };
  }

  it('cites two articles found by Chinese words; the .docx and the A4 page print them with their text', async () => {
    mediator = await buildUser(get(), { role: 'mediator', unit: COMMITTEE });
    dispatcher = await buildUser(get(), { role: 'dispatcher', unit: '370702-centre' });
    const { url } = await draftedFile();
    const drainage = await find('排水 便利', '第二百九十条');
    const principle = await find('明法析理 主持公道', '第二十一条');

    const file = json<FileOut>(
      await call(mediator, 'PUT', `${url}/legal-bases`, { articleIds: [drainage, principle] }),
    );
    expect(file.legalBases.map((b) => [b.lawTitle, b.label])).toEqual([
      ['中华人民共和国民法典', '第二百九十条'],
      ['中华人民共和国人民调解法', '第二十一条'],
    ]);
    expect(file.legalBases[0]!.text).toContain('不动产权利人应当为相邻权利人用水、排水提供必要的便利');

    const docx = await docxText((await call(mediator, 'GET', `${url}/agreement.docx`)).rawPayload);
    expect(docx).toContain('调解依据：');
    expect(docx).toContain('依据《中华人民共和国民法典》第二百九十条和《中华人民共和国人民调解法》第二十一条的规定。');
    expect(docx).toContain(
      '《中华人民共和国民法典》第二百九十条：不动产权利人应当为相邻权利人用水、排水提供必要的便利。',
    );
    expect(docx).toContain('对自然流水的利用，应当在不动产的相邻权利人之间合理分配。');
    expect(docx).toContain(
      '《中华人民共和国人民调解法》第二十一条：人民调解员调解民间纠纷，应当坚持原则，明法析理，主持公道。',
    );
    // The citations come before what was agreed, as the document reads.
    expect(docx.indexOf('调解依据：')).toBeLessThan(docx.indexOf('经调解，自愿达成如下协议：'));

    const html = await call(mediator, 'GET', `${url}/agreement.html`);
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<h2>调解依据：</h2>');
    expect(html.body).toContain(
      '依据《中华人民共和国民法典》第二百九十条和《中华人民共和国人民调解法》第二十一条的规定。',
    );
    expect(html.body).toContain('《中华人民共和国人民调解法》第二十一条：人民调解员调解民间纠纷');
  });

  it('changes the agreement’s text hash with the citations, and fixes them once anyone has signed', async () => {
    const { url, partyIds } = await draftedFile();
    const before = json<FileOut>(await call(mediator, 'GET', url)).agreement!.textHash;
    const neighbours = await find('相邻关系的原则', '第二百八十八条');
    const cited = json<FileOut>(await call(mediator, 'PUT', `${url}/legal-bases`, { articleIds: [neighbours] }));
    expect(cited.agreement!.textHash).not.toBe(before);
    // Citing none gives the text (and its hash) back as it was without citations.
    const none = json<FileOut>(await call(mediator, 'PUT', `${url}/legal-bases`, { articleIds: [] }));
    expect(none.legalBases).toEqual([]);
    expect(none.agreement!.textHash).toBe(before);

    json(await call(mediator, 'PUT', `${url}/legal-bases`, { articleIds: [neighbours] }));
    json(await call(mediator, 'POST', `${url}/agreement/signatures`, { signer: 'party', partyId: partyIds[0] }));
    const refused = await call(mediator, 'PUT', `${url}/legal-bases`, { articleIds: [] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ error: { code: 'AGREEMENT_SIGNED' } });
    const verify = json<{ unchanged: boolean }>(await call(mediator, 'GET', `${url}/agreement/verify`));
    expect(verify.unchanged).toBe(true);
    expect(json<FileOut>(await call(mediator, 'GET', url)).legalBases.map((b) => b.label)).toEqual(['第二百八十八条']);
  });

  it('refuses an unknown article with nothing cited, and a dispatcher (oversight) cannot cite', async () => {
    const { url } = await draftedFile();
    const unknown = await call(mediator, 'PUT', `${url}/legal-bases`, { articleIds: [999999] });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ error: { code: 'LEGAL_BASIS_UNKNOWN', details: { articleIds: [999999] } } });
    expect(json<FileOut>(await call(mediator, 'GET', url)).legalBases).toEqual([]);
    const principle = await find('明法析理', '第二十一条');
    const oversight = await call(dispatcher, 'PUT', `${url}/legal-bases`, { articleIds: [principle] });
    expect(oversight.statusCode).toBe(403);
    expect(json<FileOut>(await call(mediator, 'GET', url)).legalBases).toEqual([]);
  });
});
