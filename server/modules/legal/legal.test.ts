// The legal library over HTTP on both databases: the statutes shipped in data/legal/ are loaded
// at start, found by Chinese words with the words highlighted, read with their version and source,
// and a changed statute file updates the articles in place (ids that citations hold stay valid).
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildUser, type BuiltUser } from '../../../test/support/factories.ts';
import { loadLegalLibrary, readLawFiles } from './use-cases/load-library.ts';

interface Item {
  id: number;
  lawCode: string;
  lawTitle: string;
  label: string;
  number: number;
  chapter: string | null;
  snippet: string;
  highlights: string[];
}

describeEachDialect('legal library', (get) => {
  let mediator: BuiltUser;
  let resident: BuiltUser;

  const search = async (query: string, who = mediator) => {
    const res = await get().inject({ method: 'GET', url: `/api/v1/legal-bases?${query}`, token: who.token });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: Item[]; nextCursor: string | null };
  };
  const q = (text: string) => `q=${encodeURIComponent(text)}`;

  it('finds 民法典 第二百八十八条 by 相邻, and first by 相邻关系的原则, with the words marked', async () => {
    mediator = await buildUser(get(), { role: 'mediator', unit: '370702001001' });
    resident = await buildUser(get(), { role: 'resident' });
    const neighbours = await search(q('相邻'));
    expect(neighbours.items.map((i) => `${i.lawCode} ${i.label}`)).toContain('minfadian 第二百八十八条');
    expect(neighbours.items.every((i) => i.lawCode === 'minfadian' && i.chapter === '第七章 相邻关系')).toBe(true);
    const page = await search(q('相邻关系的原则'));
    const first = page.items[0]!;
    expect(first).toMatchObject({
      lawCode: 'minfadian',
      lawTitle: '中华人民共和国民法典',
      label: '第二百八十八条',
      number: 288,
      chapter: '第七章 相邻关系',
    });
    expect(first.highlights).toContain('相邻');
    expect(first.snippet).toContain('相邻权利人');
    expect(first.highlights).toEqual(expect.arrayContaining(['相邻', '关系', '原则']));
  });

  it('reads an article with its statute, version date and source', async () => {
    const [hit] = (await search(q('司法确认 三十日'))).items;
    expect(hit).toMatchObject({ lawCode: 'renmin-tiaojie-fa', label: '第三十三条' });
    const res = await get().inject({ method: 'GET', url: `/api/v1/legal-bases/${hit!.id}`, token: mediator.token });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      lawTitle: '中华人民共和国人民调解法',
      label: '第三十三条',
      issuingBody: '全国人民代表大会常务委员会',
      versionDate: '2010-08-28',
      effectiveDate: '2011-01-01',
      coverage: 'full',
      inForce: true,
      citation: '《中华人民共和国人民调解法》第三十三条',
      source: { path: '诉讼与非诉讼程序法/人民调解法.md', official: 'https://flk.npc.gov.cn' },
    });
    expect((res.json() as { text: string }).text).toMatch(
      /^经人民调解委员会调解达成调解协议后.*\n人民法院依法确认调解协议有效/s,
    );
  });

  it('finds the statutes mediators cite most by the words of their disputes', async () => {
    const first = async (text: string) => {
      const [hit] = (await search(q(text))).items;
      return `${hit?.lawCode} ${hit?.label}`;
    };
    const probation = (await search(q('试用期'))).items.map((i) => `${i.lawCode} ${i.label}`);
    expect(probation).toContain('laodong-hetong-fa 第十九条');
    expect(await first('试用期不得超过')).toBe('laodong-hetong-fa 第十九条');
    expect(await first('业主逾期不交纳物业服务费用')).toBe('wuye-guanli-tiaoli 第六十四条');
    expect(await first('医患双方对死因有异议')).toBe('yiliao-jiufen-tiaoli 第二十六条');
    expect(await first('欺诈行为 增加赔偿 三倍')).toBe('xiaofeizhe-quanyi-baohu-fa 第五十五条');
    expect(await first('请求公安机关交通管理部门调解')).toBe('daolu-jiaotong-anquan-fa 第七十四条');
    expect(await first('因感情不和分居满二年')).toBe('minfadian 第一千零七十九条');
    expect(await first('停止供电、供水、供热、供燃气等方式催交物业费')).toBe('minfadian 第九百四十四条');
    expect(await first('信访人对信访处理意见不服 请求复查')).toBe('xinfang-gongzuo-tiaoli 第三十五条');
    // 民法典 合同编: the general part (通则) and the typical contracts mediators meet most.
    const penalty = (await search(q('违约金'))).items.map((i) => `${i.lawCode} ${i.label}`);
    expect(penalty).toContain('minfadian 第五百八十五条');
    expect(await first('约定的违约金过分高于造成的损失')).toBe('minfadian 第五百八十五条');
    const term = (await search(q('租赁期限'))).items.map((i) => `${i.lawCode} ${i.label}`);
    expect(term).toEqual(expect.arrayContaining(['minfadian 第七百零五条', 'minfadian 第七百三十条']));
    expect(await first('租赁期限不得超过二十年')).toBe('minfadian 第七百零五条');
    expect(await first('借款的利息不得预先在本金中扣除')).toBe('minfadian 第六百七十条');
    expect(await first('当事人一方迟延履行主要债务，经催告后在合理期限内仍未履行')).toBe('minfadian 第五百六十三条');
  });

  it('keeps to one statute with `law`, pages through it, and lists the statutes', async () => {
    const first = await search('law=renmin-tiaojie-fa&limit=20');
    expect(first.items.map((i) => i.number)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const second = await search(`law=renmin-tiaojie-fa&limit=20&cursor=${first.nextCursor!}`);
    expect(second.items.map((i) => i.number)).toEqual(Array.from({ length: 15 }, (_, i) => i + 21));
    expect(second.nextCursor).toBeNull();
    const laws = await get().inject({ method: 'GET', url: '/api/v1/legal-laws', token: mediator.token });
    expect(laws.statusCode).toBe(200);
    expect((laws.json() as { items: { code: string; articleCount: number }[] }).items).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'renmin-tiaojie-fa', articleCount: 35 })]),
    );
  });

  it('finds nothing for words no article has, 404 for an unknown id, and is for staff only', async () => {
    expect((await search(q('量子纠缠'))).items).toEqual([]);
    const missing = await get().inject({ method: 'GET', url: '/api/v1/legal-bases/999999', token: mediator.token });
    expect(missing.statusCode).toBe(404);
    const res = await get().inject({ method: 'GET', url: `/api/v1/legal-bases?${q('相邻')}`, token: resident.token });
    expect(res.statusCode).toBe(403);
    const anonymous = await get().inject({ method: 'GET', url: '/api/v1/legal-bases' });
    expect(anonymous.statusCode).toBe(401);
  });

  it('loads an unchanged library once, and updates a changed statute in place', async () => {
    const ctx = get().ctx;
    expect(await loadLegalLibrary(ctx)).toBe(0);
    const [hit] = (await search(q('相邻关系的原则'))).items;
    expect(hit!.label).toBe('第二百八十八条');
    const files = readLawFiles().filter((f) => f.law.code === 'minfadian');
    const amended = files.map(({ law }) => ({
      sha256: 'amended',
      law: {
        ...law,
        versionDate: '2030-01-01',
        articles: law.articles
          .filter((a) => a.number !== 289)
          .map((a) => (a.number === 288 ? { ...a, text: `${a.text}（修正文本：睦邻友好）` } : a)),
      },
    }));
    expect(await loadLegalLibrary(ctx, amended)).toBe(1);
    const res = await get().inject({ method: 'GET', url: `/api/v1/legal-bases/${hit!.id}`, token: mediator.token });
    expect(res.json()).toMatchObject({ label: '第二百八十八条', versionDate: '2030-01-01', inForce: true });
    expect((await search(q('睦邻友好'))).items.map((i) => i.id)).toEqual([hit!.id]);
    // 第二百八十九条 is gone from the new text: no longer found, still readable by id.
    expect((await search('law=minfadian&limit=50')).items.map((i) => i.number)).not.toContain(289);
    // Back to the shipped text for the other tests of this file.
    expect(await loadLegalLibrary(ctx)).toBe(1);
  });
});
