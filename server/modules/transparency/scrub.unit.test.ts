// What the public results page may print of a case's text: nothing that names, reaches or locates
// a person. Examples as residents and handlers write them, then properties over generated text.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HIDDEN, scrubPersonalText as scrub } from './scrub.ts';

describe('scrubPersonalText: numbers', () => {
  it.each([
    ['请联系13812345678处理', '13812345678'],
    ['电话 138 1234 5678', '1234'],
    ['电话138-1234-5678', '5678'],
    ['电话+86 138 1234 5678', '1234'],
    ['手机：１３８１２３４５６７８', '５６７８'],
    ['座机0536-8123456', '8123456'],
    ['座机(0536)8123456', '8123456'],
    ['座机（0536）8123456', '8123456'],
    ['拨打 8123 4567 联系', '4567'],
    ['身份证号370702199001011234', '1234'],
    ['身份证号37070219900101123X', '123X'],
    ['身份证号37070219900101123x已核实', '123x'],
    ['老身份证370702900101123', '900101123'],
    ['号码一三八一二三四五六七八', '五六七八'],
    ['邮箱 zhang.wei@example.com', 'zhang.wei'],
  ])('%s loses its number', (text, secret) => {
    const out = scrub(text);
    expect(out).not.toContain(secret);
    expect(out).not.toMatch(/\d{4}/);
    expect(out).toContain(HIDDEN.number);
  });

  it('keeps the short numbers and dates a result needs', () => {
    const text = '2026-11-05已清理垃圾3车，修复路灯12盏，涉及30户，补偿2.5万元';
    expect(scrub(text)).toBe(text);
  });
});

describe('scrubPersonalText: addresses', () => {
  it.each([
    ['胜利西街123号门前有积水', '123号'],
    ['住在和平路8号院', '8号院'],
    ['反映阳光花园3号楼2单元501室漏水', '501'],
    ['锦绣华庭12栋楼下噪音', '锦绣华庭'],
    ['和平小区门口摊贩占道', '和平小区'],
    ['东风西街二十号附近', '二十号'],
  ])('%s loses the address', (text, secret) => {
    expect(scrub(text)).not.toContain(secret);
  });

  it('reads on naturally around what it hid', () => {
    expect(scrub('反映阳光花园3号楼楼上噪音')).toBe('反映某小区某号楼楼上噪音');
    expect(scrub('胜利西街123号门前有积水')).toBe(`${HIDDEN.address}门前有积水`);
  });

  it('keeps roads and words that are no one’s home', () => {
    for (const text of ['和平路路口早市占道经营', '咨询老旧小区改造的申请条件', '该小区物业已整改', '两个小时的施工']) {
      expect(scrub(text)).toBe(text);
    }
  });
});

describe('scrubPersonalText: names', () => {
  it.each([
    ['张先生反映噪音', '张先生'],
    ['王女士来电', '王女士'],
    ['李某某与邻居发生纠纷', '李某'],
    ['经调解，刘某同意赔偿', '刘某'],
    ['欧阳女士表示满意', '欧阳'],
    ['赵师傅已修好', '赵'],
    ['老王说问题已解决', '老王'],
    ['小张，请回电', '小张'],
  ])('%s loses the name', (text, secret) => {
    expect(scrub(text)).not.toContain(secret);
  });

  it('hides the case’s own people wherever they appear, whole or by given name, spaced or not', () => {
    const known = ['张建国', '欧阳海燕', '潍坊某物流有限公司', '胜利西街5号'];
    const out = scrub('张建国与欧阳 海燕协商，建国同意，海燕签字；潍坊某物流有限公司赔付；胜利西街5号', known);
    for (const part of ['张建国', '建国', '欧阳', '海燕', '物流', '胜利西街5号']) expect(out).not.toContain(part);
  });

  it('ignores single characters and blanks among the known names (they would wipe the text)', () => {
    expect(scrub('王府井大街东侧路灯已修复', ['王', ' ', ''])).toBe('王府井大街东侧路灯已修复');
  });

  it('keeps text that names no one', () => {
    for (const text of [
      '经现场核查，已督促相关方整改到位，群众反映问题已解决',
      '经调解，双方达成一致意见并签订调解协议',
      '小区垃圾清运不及时，异味严重',
      '社区卫生服务站工作人员服务态度差',
      '达到小康的生活水平',
    ]) {
      expect(scrub(text)).toBe(text);
    }
  });
});

// Text around the secrets: Chinese words, punctuation, spaces and short numbers.
const filler = fc
  .array(
    fc.constantFrom('反映', '问题', '已解决', '，', '。', ' ', '路灯', '噪音', '社区', '协调', '3', '12', '元', '处理'),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));
const digit = fc.integer({ min: 0, max: 9 }).map(String);
const mobile = fc
  .tuple(fc.constantFrom('13', '15', '17', '18', '19'), fc.array(digit, { minLength: 9, maxLength: 9 }))
  .map(([head, rest]) => head + rest.join(''));
const landline = fc
  .tuple(fc.constantFrom('010', '0536', '021', '0755'), fc.array(digit, { minLength: 7, maxLength: 8 }))
  .map(([area, rest]) => `${area}-${rest.join('')}`);
const idNumber = fc
  .tuple(fc.array(digit, { minLength: 17, maxLength: 17 }), fc.constantFrom('0', '7', 'X', 'x'))
  .map(([body, check]) => body.join('') + check);
/** How people space a number out when they write it. */
const spaced = (n: string) =>
  fc
    .array(fc.constantFrom('', '', '', ' ', '-'), { minLength: n.length, maxLength: n.length })
    .map((seps) => [...n].map((c, i) => (i === 0 ? c : seps[i] + c)).join(''));
const surname = fc.constantFrom('王', '李', '张', '刘', '陈', '欧阳', '诸葛', '孙', '马');
const given = fc.constantFrom('伟', '秀英', '建国', '海燕', '立新', '志强', '桂英');

describe('scrubPersonalText: properties', () => {
  it('no phone number or ID number survives, however it is written', () => {
    fc.assert(
      fc.property(
        filler,
        fc.oneof(mobile, landline, idNumber).chain((n) => fc.tuple(fc.constant(n), spaced(n))),
        filler,
        (before, [number, written], after) => {
          const out = scrub(`${before}${written}${after}`);
          const digitsOut = out.replace(/[^\dXx]/g, '');
          expect(digitsOut).not.toContain(number.replace(/[^\dXx]/g, '').slice(-7));
        },
      ),
    );
  });

  it('no known name survives, nor a surname with a form of address', () => {
    fc.assert(
      fc.property(
        filler,
        surname,
        given,
        fc.constantFrom('先生', '女士', '某某', '某', '师傅', '阿姨'),
        filler,
        (before, family, personal, address, after) => {
          const name = family + personal;
          const out = scrub(`${before}${name}说，${family}${address}${after}`, [name]);
          expect(out).not.toContain(name);
          expect(out).not.toMatch(new RegExp(`(?:王|李|张|刘|陈|欧阳|诸葛|孙|马)${address}`));
        },
      ),
    );
  });

  it('scrubbing twice changes nothing more', () => {
    fc.assert(
      fc.property(
        filler,
        fc.oneof(
          mobile,
          idNumber,
          fc.tuple(surname, given).map(([s, g]) => s + g),
        ),
        filler,
        (a, secret, b) => {
          const once = scrub(`${a}${secret}${b}`, ['张建国']);
          expect(scrub(once, ['张建国'])).toBe(once);
        },
      ),
    );
  });

  it('text without digits runs, names or places comes back unchanged', () => {
    fc.assert(
      fc.property(filler, (text) => {
        expect(scrub(text)).toBe(text);
      }),
    );
  });
});
