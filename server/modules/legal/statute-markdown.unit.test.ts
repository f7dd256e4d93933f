import { describe, expect, it } from 'vitest';
import { chineseNumeral, parseChineseNumeral, splitStatute } from './statute-markdown.ts';

describe('Chinese numerals of article numbers', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['一百', 100],
    ['一百零五', 105],
    ['二百八十八', 288],
    ['一千零四十二', 1042],
    ['一千二百六十', 1260],
  ])('%s is %i, and back', (text, n) => {
    expect(parseChineseNumeral(text)).toBe(n);
    expect(chineseNumeral(n)).toBe(text);
  });

  it('refuses what is not a numeral', () => {
    expect(parseChineseNumeral('')).toBeUndefined();
    expect(parseChineseNumeral('二A')).toBeUndefined();
  });
});

const SAMPLE = `# 中华人民共和国示例法

2020年5月28日 第十三届全国人民代表大会第三次会议通过

<!-- INFO END -->

## 第二编 物权

第一分编 通则

### 第七章 相邻关系

第二百八十八条 不动产的相邻权利人应当按照有利生产、方便生活的原则，正确处理相邻关系。

第二百八十九条 法律、法规对处理相邻关系有规定的，依照其规定。

对自然流水的利用，应当合理分配。

第二百八十八条 规定的原则，这一段引用了前一条，仍属第二百八十九条。

#### 第一节 一般规定

第二百九十条\u3000不动产权利人应当提供必要的便利：

（一）用水；

（二）排水。

## 第三编 合同

### 第一章 一般规定

第四百六十三条 本编调整因合同产生的民事关系。
`;

describe('splitStatute', () => {
  const statute = splitStatute(SAMPLE);

  it('reads the title and the adoption note', () => {
    expect(statute.title).toBe('中华人民共和国示例法');
    expect(statute.note).toBe('2020年5月28日 第十三届全国人民代表大会第三次会议通过');
  });

  it('cuts one article per 第X条 with its number in Arabic figures', () => {
    expect(statute.articles.map((a) => [a.number, a.label])).toEqual([
      [288, '第二百八十八条'],
      [289, '第二百八十九条'],
      [290, '第二百九十条'],
      [463, '第四百六十三条'],
    ]);
  });

  it('keeps an article’s paragraphs, and a paragraph citing an earlier article stays in its article', () => {
    expect(statute.articles[1]!.text).toBe(
      '法律、法规对处理相邻关系有规定的，依照其规定。\n对自然流水的利用，应当合理分配。\n' +
        '第二百八十八条 规定的原则，这一段引用了前一条，仍属第二百八十九条。',
    );
    expect(statute.articles[2]!.text).toBe('不动产权利人应当提供必要的便利：\n（一）用水；\n（二）排水。');
  });

  it('places each article in its part, chapter and section; a new part or chapter resets those below', () => {
    expect(statute.articles[0]).toMatchObject({ part: '第二编 物权', chapter: '第七章 相邻关系', section: null });
    expect(statute.articles[2]).toMatchObject({ chapter: '第七章 相邻关系', section: '第一节 一般规定' });
    expect(statute.articles[3]).toMatchObject({ part: '第三编 合同', chapter: '第一章 一般规定', section: null });
  });

  it('reads a statute without parts, with ideographic spaces in its headings', () => {
    const small = splitStatute(
      '# 某法\n\n<!-- INFO END -->\n\n## 第一章　总则\n\n第一条 为了……\n\n第二条 本法所称……\n',
    );
    expect(small.articles).toEqual([
      { number: 1, label: '第一条', part: null, chapter: '第一章 总则', section: null, text: '为了……' },
      { number: 2, label: '第二条', part: null, chapter: '第一章 总则', section: null, text: '本法所称……' },
    ]);
  });
});
