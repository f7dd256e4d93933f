// Signed agreements bind their text (issue 13, item 9): each signature stores the SHA-256 of the
// agreement's text (the canonical JSON of what the 人民调解协议书 says: parties, facts, terms,
// performance) and of the .docx as it stood; the .docx and the court's A4 page print the text's
// hash; GET …/agreement/verify says whether the text is still the one signed. A change made to
// the stored text afterwards — edits through the API are refused once anyone has signed, so only
// behind the application's back — voids the signatures and the effect: nothing more can be
// signed, it cannot take effect, be followed up or go to court, and it is no longer shown as
// effective.
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase, buildUser, type BuiltUser } from '../../../test/support/factories.ts';

const PASSWORD = 'Agreement-bind-2718';
const COMMITTEE = '370702-cmte-territorial';
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

interface Verify {
  unchanged: boolean;
  textHash: string;
  signedHashes: { signer: string; partyId: number | null; textHash: string | null; documentHash: string | null }[];
}

const json = <T>(res: LightMyRequestResponse, status = 200): T => {
  expect(res.statusCode, res.body).toBe(status);
  return res.json() as T;
};

async function docxText(body: Buffer): Promise<string> {
  const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
}

describeEachDialect('signed agreements bind their text', (get) => {
  let people: Promise<{ mediator: BuiltUser; dispatcher: BuiltUser; court: BuiltUser }> | undefined;
  const actors = () =>
    (people ??= (async () => ({
      mediator: await buildUser(get(), { role: 'mediator', unit: COMMITTEE, password: PASSWORD }),
      dispatcher: await buildUser(get(), { role: 'dispatcher', unit: '370702-centre', password: PASSWORD }),
      court: await buildUser(get(), { role: 'department', unit: '370702-court', password: PASSWORD }),
    }))());

  const call = (who: BuiltUser, method: 'GET' | 'POST' | 'PUT', url: string, payload?: Record<string, unknown>) =>
    get().inject({ method, url, token: who.token, ...(payload !== undefined ? { payload } : {}) });

  /** A dispute in mediation with two parties and a written agreement drafted, nobody signed yet. */
  async function draftedFile() {
    const { mediator } = await actors();
    const c = await buildCase(get(), {
      kind: 'dispute',
      status: 'in_progress',
      lead: COMMITTEE,
      acceptedBy: mediator,
      description: '两户因楼道堆物发生纠纷，多次协商未果',
    });
    const file = json<{ id: number }>(await call(mediator, 'GET', `/api/v1/cases/${c.id}/mediation`));
    const url = `/api/v1/mediations/${file.id}`;
    const partyIds: number[] = [];
    for (const [role, name, phone, idNumber] of [
      ['applicant', '张三', '13800001111', '370702198003051235'],
      ['respondent', '李四', '13900002222', '370702198506120028'],
    ] as const) {
      const res = json<{ parties: { id: number }[] }>(
        await call(mediator, 'POST', `${url}/parties`, { role, kind: 'person', name, phone, idNumber }),
        201,
      );
      partyIds.push(res.parties.at(-1)!.id);
    }
    json(
      await call(mediator, 'PUT', `${url}/agreement`, {
        form: 'written',
        facts: '李四在楼道堆放杂物，阻碍张三通行，双方多次争执。',
        issues: '杂物清理及今后通道使用。',
        responsibilities: '李四对堵塞通道负主要责任。',
        terms: ['李四于三日内清理楼道杂物。', '李四赔偿张三误工费人民币伍佰元整。'],
        performanceManner: '李四自行清理，社区监督',
        performanceDeadline: '2026-12-31',
      }),
    );
    const sign = (body: Record<string, unknown>) => call(mediator, 'POST', `${url}/agreement/signatures`, body);
    const signers = [
      { signer: 'party', partyId: partyIds[0] },
      { signer: 'party', partyId: partyIds[1], method: 'fingerprint' },
      { signer: 'mediator' },
      { signer: 'committee' },
    ];
    return { id: file.id, caseId: c.id, url, partyIds, sign, signers };
  }

  const verify = async (who: BuiltUser, url: string) => json<Verify>(await call(who, 'GET', `${url}/agreement/verify`));

  it('stores with each signature the hashes of the text and of the .docx, prints the text hash, and verifies it', async () => {
    const { mediator, dispatcher, court } = await actors();
    const file = await draftedFile();
    const documentHashes: string[] = [];
    for (const signer of file.signers) {
      json(await file.sign(signer));
      // The .docx right after a signature is, byte for byte, the one whose hash that signature keeps.
      documentHashes.push(sha256((await call(mediator, 'GET', `${file.url}/agreement.docx`)).rawPayload));
    }
    const checked = await verify(mediator, file.url);
    expect(checked.unchanged).toBe(true);
    expect(checked.textHash).toMatch(/^[0-9a-f]{64}$/);
    expect(checked.signedHashes.map((s) => s.signer)).toEqual(['party', 'party', 'mediator', 'committee']);
    expect(checked.signedHashes.map((s) => s.textHash)).toEqual(Array(4).fill(checked.textHash));
    expect(checked.signedHashes.map((s) => s.documentHash)).toEqual(documentHashes);
    expect(new Set(documentHashes).size).toBe(4);

    // The document and the file show the hash of the text.
    const docx = await call(mediator, 'GET', `${file.url}/agreement.docx`);
    expect(await docxText(docx.rawPayload)).toContain(checked.textHash);
    const shown = json<{ agreement: { textHash: string; textUnchanged: boolean } }>(
      await call(mediator, 'GET', file.url),
    );
    expect(shown.agreement).toMatchObject({ textHash: checked.textHash, textUnchanged: true });

    // In effect, it goes to the court, whose A4 page prints the same hash.
    expect(
      json<{ agreement: { status: string } }>(await call(mediator, 'POST', `${file.url}/agreement/effective`)).agreement
        .status,
    ).toBe('effective');
    json(await call(mediator, 'POST', `${file.url}/judicial-confirmation`, {}), 201);
    const page = await call(court, 'GET', `${file.url}/agreement.html`);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.body).toContain(checked.textHash);

    // Whoever oversees the file verifies the text; the .docx hashes, digests of the parties'
    // numbers in clear, stay with those who may print them.
    const overseen = await verify(dispatcher, file.url);
    expect(overseen).toMatchObject({ unchanged: true, textHash: checked.textHash });
    expect(overseen.signedHashes.map((s) => s.documentHash)).toEqual(Array(4).fill(null));
    expect(JSON.stringify(overseen)).not.toContain('13800001111');

    // The audit chain (keyed, anchored outside the database) keeps the hash each signature bound.
    const audited = await get()
      .ctx.db.selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'mediation.signature')
      .where('subject_id', '=', String(file.id))
      .execute();
    expect(audited.map((r) => (JSON.parse(r.details!) as { textHash: string }).textHash)).toEqual(
      Array(4).fill(checked.textHash),
    );
  });

  it('voids the signatures and the effect when the signed text is changed in the database', async () => {
    const { mediator, dispatcher } = await actors();
    const file = await draftedFile();
    for (const signer of file.signers) json(await file.sign(signer));
    json(await call(mediator, 'POST', `${file.url}/agreement/effective`));
    const signed = (await verify(mediator, file.url)).textHash;

    // Behind the application's back: the amount agreed is raised.
    await get()
      .ctx.db.updateTable('mediation_agreement')
      .set({ terms: JSON.stringify(['李四于三日内清理楼道杂物。', '李四赔偿张三误工费人民币伍仟元整。']) })
      .where('file_id', '=', file.id)
      .execute();

    const checked = await verify(dispatcher, file.url);
    expect(checked.unchanged).toBe(false);
    expect(checked.textHash).not.toBe(signed);
    expect(checked.signedHashes.map((s) => s.textHash)).toEqual(Array(4).fill(signed));

    const shown = json<{ agreement: Record<string, unknown> }>(await call(mediator, 'GET', file.url)).agreement;
    expect(shown).toMatchObject({ status: 'altered', textUnchanged: false, textHash: checked.textHash });
    expect(shown.status).not.toBe('effective');

    const refused = [
      await call(mediator, 'POST', `${file.url}/follow-ups`, { performance: 'kept', note: '已清理' }),
      await call(mediator, 'POST', `${file.url}/judicial-confirmation`, {}),
    ];
    for (const res of refused) {
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ error: { code: 'AGREEMENT_ALTERED' } });
    }
    const caseVersion = json<{ version: number }>(await call(mediator, 'GET', `/api/v1/cases/${file.caseId}`)).version;
    const outcome = await call(mediator, 'POST', `${file.url}/outcome`, { outcome: 'agreement', caseVersion });
    expect(outcome.json()).toMatchObject({ error: { code: 'AGREEMENT_ALTERED' } });

    // The document says so, and no longer carries the date it took effect.
    const text = await docxText((await call(mediator, 'GET', `${file.url}/agreement.docx`)).rawPayload);
    expect(text).toContain('签署后被改动');
    expect(text).toContain(checked.textHash);
    expect(text).not.toContain('2026年11月27日');
  });

  it("refuses further signatures and the effect once a signed party's number has been changed", async () => {
    const { mediator } = await actors();
    const file = await draftedFile();
    json(await file.sign(file.signers[0]!));
    json(await file.sign(file.signers[1]!));
    const cipher = get().ctx.cipher;
    await get()
      .ctx.db.updateTable('mediation_party')
      .set({ phone_enc: cipher.encrypt('13700009999'), phone_hash: cipher.blindIndex('13700009999') })
      .where('id', '=', file.partyIds[1]!)
      .execute();
    expect((await verify(mediator, file.url)).unchanged).toBe(false);
    for (const res of [
      await file.sign(file.signers[2]!),
      await call(mediator, 'POST', `${file.url}/agreement/effective`),
    ]) {
      expect(res.statusCode, res.body).toBe(422);
      expect(res.json()).toMatchObject({ error: { code: 'AGREEMENT_ALTERED' } });
    }
  });
});
