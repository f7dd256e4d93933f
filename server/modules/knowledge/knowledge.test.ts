// The knowledge base over HTTP on both databases: Chinese word search ranked and scoped to the
// articles that apply in the caller's area, administrators' edits with optimistic concurrency,
// archiving and review dates.
import { expect, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';

interface Item {
  id: number;
  title: string;
  unitId: number;
  snippet: string;
  highlights: string[];
  reviewOverdue: boolean;
  status: string;
  version: number;
  abilities: { edit: boolean };
}
interface Article extends Item {
  body: string;
  tags: string[];
  reviewDue: string;
}

const PROPERTY_FEE = {
  title: '物业费缴纳与收费争议',
  body:
    '业主应按物业服务合同约定交纳物业费。对收费标准有异议的，可先与物业服务企业协商；协商不成的，' +
    '可向社区居委会或街道物业办反映，也可申请人民调解。物业服务企业不得以停水停电方式催交物业费。',
  tags: ['物业', '收费'],
  categoryCode: 'CMP',
};

describeEachDialect('knowledge base', (get) => {
  let admin: BuiltUser;
  let operator: BuiltUser;

  const post = (who: { token: string }, payload: Record<string, unknown>) =>
    get().inject({ method: 'POST', url: '/api/v1/knowledge', token: who.token, payload });
  const create = async (who: { token: string }, payload: Record<string, unknown>) => {
    const res = await post(who, payload);
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as Article;
  };
  const search = async (who: { token: string }, query: string) => {
    const res = await get().inject({ method: 'GET', url: `/api/v1/knowledge?${query}`, token: who.token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; nextCursor: string | null };
  };
  const q = (text: string) => `q=${encodeURIComponent(text)}`;

  const setUp = async (h: Harness) => {
    admin ??= await buildUser(h, { role: 'admin', unit: '370702-centre' });
    operator ??= await buildUser(h, { role: 'operator', unit: '370702001-centre' });
  };

  it('finds an article by Chinese words, ranked, with a snippet around the words found', async () => {
    const h = get();
    await setUp(h);
    const fee = await create(admin, PROPERTY_FEE);
    expect(fee).toMatchObject({
      unitId: (await h.unit('370702')).id,
      version: 1,
      status: 'active',
      tags: ['物业', '收费'],
    });
    await create(admin, {
      title: '噪音投诉受理时间',
      body: '夜间施工和社会生活噪音可拨打 12345 投诉，物业管理区域内的噪音也可先找物业。',
      tags: ['噪音'],
    });

    const noise = (await search(admin, q('噪音投诉受理时间'))).items.find((i) => i.title === '噪音投诉受理时间')!;
    const byWord = await search(operator, q('物业'));
    const ids = byWord.items.map((i) => i.id);
    // Both mention 物业; the one about it in its title and tags ranks first.
    expect(ids).toContain(fee.id);
    expect(ids.indexOf(fee.id)).toBeLessThan(ids.indexOf(noise.id));
    const feeItem = byWord.items.find((i) => i.id === fee.id)!;
    expect(feeItem.highlights).toContain('物业');
    expect(feeItem.snippet).toContain('物业费');
    expect(byWord.items.every((i) => i.highlights.includes('物业'))).toBe(true);

    // A caller's question: filler words do not stop the article from being found.
    const question = await search(operator, q('物业费怎么交啊'));
    expect(question.items[0]!.title).toContain('物业费');
    const asked = question.items.find((i) => i.id === fee.id)!;
    expect(asked.highlights).toContain('物业费');
    expect(asked.abilities.edit).toBe(false);

    expect((await search(operator, q('量子纠缠'))).items).toEqual([]);
    const byCategory = await search(operator, 'categoryCode=CMP&limit=50');
    expect(byCategory.items.map((i) => i.id)).toContain(fee.id);
    expect(byCategory.items.map((i) => i.id)).not.toContain(noise.id);

    const read = await h.inject({ method: 'GET', url: `/api/v1/knowledge/${fee.id}`, token: operator.token });
    expect(read.statusCode).toBe(200);
    expect((read.json() as Article).body).toBe(PROPERTY_FEE.body);
  });

  it('shows an article within its unit and under it, never in another county', async () => {
    const h = get();
    await setUp(h);
    const provinceAdmin = await buildUser(h, { role: 'admin', unit: '37' });
    const otherAdmin = await buildUser(h, { role: 'admin', unit: '370703' });
    const otherOperator = await buildUser(h, { role: 'operator', unit: '370703' });

    const provincial = await create(provinceAdmin, {
      unitId: (await h.unit('37')).id,
      title: '法律援助申请条件',
      body: '经济困难的公民因追索劳动报酬等事项需要代理而没有委托律师的，可以向法律援助机构申请法律援助。',
    });
    const elsewhere = await create(otherAdmin, {
      title: '奎文区法律援助窗口时间',
      body: '法律援助窗口工作日上午九点到下午五点办理。',
    });

    // The province-wide article applies in the county; the other county's does not exist here.
    const found = (await search(operator, q('法律援助'))).items.map((i) => i.id);
    expect(found).toContain(provincial.id);
    expect(found).not.toContain(elsewhere.id);
    const hidden = await h.inject({ method: 'GET', url: `/api/v1/knowledge/${elsewhere.id}`, token: operator.token });
    expect(hidden.statusCode).toBe(404);
    const there = (await search(otherOperator, `${q('法律援助')}&limit=50`)).items.map((i) => i.id);
    expect(there).toEqual(expect.arrayContaining([provincial.id, elsewhere.id]));

    // A county administrator reads the province's article but edits only its own county's.
    const patch = await h.inject({
      method: 'PATCH',
      url: `/api/v1/knowledge/${provincial.id}`,
      token: admin.token,
      payload: { version: 1, title: '改名' },
    });
    expect(patch.statusCode).toBe(403);
    const other = await h.inject({
      method: 'PATCH',
      url: `/api/v1/knowledge/${elsewhere.id}`,
      token: admin.token,
      payload: { version: 1, title: '改名' },
    });
    expect(other.statusCode).toBe(404);
    // Nor does it write into another county.
    const outside = await post(admin, { unitId: (await h.unit('370703')).id, title: '标题', body: '正文内容' });
    expect(outside.statusCode).toBe(404);
    expect((await search(otherOperator, q('标题'))).items).toEqual([]);
  });

  it('refuses a stale version (409) and keeps the first change', async () => {
    const h = get();
    await setUp(h);
    const article = await create(admin, {
      title: '户籍办理地点',
      body: '户籍业务到派出所户籍窗口办理，需带身份证和户口簿。',
    });
    const patch = (payload: Record<string, unknown>) =>
      h.inject({ method: 'PATCH', url: `/api/v1/knowledge/${article.id}`, token: admin.token, payload });

    const first = await patch({ version: 1, body: '户籍业务到辖区派出所户籍窗口办理，请携带身份证和户口簿原件。' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ version: 2 });
    const stale = await patch({ version: 1, title: '另一个标题' });
    expect(stale.statusCode).toBe(409);
    expect((stale.json() as { error: { code: string } }).error.code).toBe('VERSION_CONFLICT');
    const now = (
      await h.inject({ method: 'GET', url: `/api/v1/knowledge/${article.id}`, token: operator.token })
    ).json<Article>();
    expect(now).toMatchObject({ title: '户籍办理地点', version: 2 });
    // The new words are searched, the old ones no more.
    expect((await search(operator, q('户口簿原件'))).items.map((i) => i.id)).toContain(article.id);

    // Archived: out of the operators' search, listed among the archived, edited only once restored.
    expect((await patch({ version: 2, status: 'archived' })).statusCode).toBe(200);
    expect((await search(operator, q('户籍'))).items.map((i) => i.id)).not.toContain(article.id);
    expect((await search(operator, `status=archived&${q('户籍')}`)).items.map((i) => i.id)).toContain(article.id);
    const edit = await patch({ version: 3, title: '新标题' });
    expect(edit.statusCode).toBe(422);
    expect((await patch({ version: 3, status: 'active' })).statusCode).toBe(200);
  });

  it('flags articles past their review date and lists them earliest first', async () => {
    const h = get();
    await setUp(h);
    const late = await create(admin, { title: '旧的办事指南', body: '这条指南需要复核。', reviewDue: '2020-01-01' });
    const later = await create(admin, { title: '较旧的指南', body: '这条也要复核。', reviewDue: '2021-06-30' });
    const fresh = await create(admin, { title: '新的指南', body: '刚写好的内容。', reviewDue: '2099-01-01' });
    const overdue = await search(admin, 'overdue=true&sort=reviewDue&limit=50');
    const ids = overdue.items.map((i) => i.id);
    expect(ids.slice(0, 2)).toEqual([late.id, later.id]);
    expect(ids).not.toContain(fresh.id);
    expect(overdue.items.every((i) => i.reviewOverdue)).toBe(true);
    const all = await search(admin, 'sort=reviewDue&limit=50');
    expect(all.items.find((i) => i.id === fresh.id)!.reviewOverdue).toBe(false);
  });

  it('pages through results with a cursor', async () => {
    const h = get();
    await setUp(h);
    for (let i = 0; i < 3; i++) await create(admin, { title: `分页测试条目${i}`, body: '分页测试内容。' });
    const first = await search(operator, `${q('分页测试')}&limit=2`);
    expect(first.items).toHaveLength(2);
    const second = await search(operator, `${q('分页测试')}&limit=2&cursor=${first.nextCursor}`);
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((i) => i.id)).size).toBe(3);
  });

  it('refuses bad input and other roles, and writes nothing then', async () => {
    const h = get();
    await setUp(h);
    const count = async () =>
      Number(
        (
          await h.ctx.db
            .selectFrom('knowledge_article')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    expect((await post(operator, { title: '标题', body: '正文' })).statusCode).toBe(403);
    expect((await post(admin, { title: '   ', body: '正文' })).statusCode).toBe(400);
    expect((await post(admin, { title: '标题', body: 'x'.repeat(20_001) })).statusCode).toBe(400);
    expect((await post(admin, { title: '标题', body: '正文', reviewDue: '2026-02-30' })).statusCode).toBe(400);
    expect((await post(admin, { title: '标题', body: '正文', unitId: 2_000_000_000 })).statusCode).toBe(404);
    expect(await count()).toBe(before);
    const resident = await buildUser(h, { role: 'resident', unit: '370702001001' });
    expect((await search(admin, q('"物业" OR *'))).items).toBeDefined();
    const res = await h.inject({ method: 'GET', url: `/api/v1/knowledge?${q('物业')}`, token: resident.token });
    expect(res.statusCode).toBe(403);
    expect(
      (await h.inject({ method: 'GET', url: '/api/v1/knowledge/2000000000', token: operator.token })).statusCode,
    ).toBe(404);
    expect(
      (await h.inject({ method: 'GET', url: '/api/v1/knowledge?cursor=bad', token: operator.token })).statusCode,
    ).toBe(400);
  });
});
