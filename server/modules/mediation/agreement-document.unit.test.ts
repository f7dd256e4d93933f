// What a committee clerk sees in the printed 人民调解协议书: the .docx opens as a Word package with every party,
// term and date in it, and the HTML shows the same text, escaped and self-contained.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import {
  agreementFileName,
  renderAgreementDocx,
  renderAgreementHtml,
  type AgreementDocument,
  type AgreementPartyDoc,
} from './agreement-document.ts';

const applicant: AgreementPartyDoc = {
  role: 'applicant',
  kind: 'person',
  name: '张三',
  gender: '男',
  ethnicity: '汉族',
  birthDate: '1980-03-05',
  idNumber: '370702198003051234',
  phone: '13800001111',
  address: '潍坊市潍城区城关街道',
};

const respondent: AgreementPartyDoc = {
  role: 'respondent',
  kind: 'organisation',
  name: '潍坊某物业服务有限公司',
  creditCode: '91370702MA3C123456',
  representative: '李四',
  address: '潍坊市潍城区胜利西街 88 号',
  phone: '0536-8123456',
};

const FACTS =
  '2026年10月8日，被申请人管理的小区 3 号楼 502 室水管爆裂，漏水渗入申请人所有的 402 室，' +
  '致使客厅吊顶、木地板及墙面受损。申请人多次要求被申请人维修赔偿未果，遂申请调解。';
const TERMS = [
  '被申请人于 2026 年 12 月 31 日前一次性赔偿申请人房屋修复费用人民币 8600 元。',
  '申请人收到上述款项后，不再就本次漏水事件向被申请人主张任何权利。',
];

function buildAgreement(overrides: Partial<AgreementDocument> = {}): AgreementDocument {
  return {
    committeeName: '潍城区联合人民调解委员会',
    number: '潍城调字〔2026〕第 12 号',
    parties: [applicant, respondent],
    facts: FACTS,
    issues: '双方就漏水造成的损失数额及赔偿责任的承担产生争议。',
    responsibilities: '被申请人未及时处置管道隐患，对损失承担主要责任；申请人未及时报修，承担次要责任。',
    terms: TERMS,
    performanceManner: '被申请人通过银行转账方式支付至申请人指定账户，地点为潍城区联合人民调解委员会。',
    performanceDeadline: '2026-12-31',
    copies: 3,
    mediatorNames: ['王五', '赵六'],
    effectiveDate: '2026-11-27',
    partySignatures: ['signature', 'seal'],
    mediatorSigned: true,
    committeeSealed: true,
    ...overrides,
  };
}

function decodeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

interface DocxContents {
  files: string[];
  xml: string;
  /** One entry per Word paragraph: its `<w:t>` runs joined. */
  paragraphs: string[];
}

async function readDocx(doc: AgreementDocument): Promise<DocxContents> {
  const zip = await JSZip.loadAsync(await renderAgreementDocx(doc));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map(([paragraph]) =>
    [...paragraph.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map(([, text]) => decodeXml(text ?? '')).join(''),
  );
  return { files: Object.keys(zip.files), xml, paragraphs };
}

/** The HTML's visible text, one line per element, with entities decoded. */
function htmlText(html: string): string[] {
  const body = html.slice(html.indexOf('<body>'));
  return body
    .split('\n')
    .map((line) => decodeXml(line.replace(/<[^>]*>/g, '').replace(/&#39;/g, "'")))
    .filter((line) => line !== '');
}

// Both outputs must carry the same visible text, so every content check runs against each of them.
const renderings: [string, (doc: AgreementDocument) => Promise<string[]>][] = [
  ['docx', async (doc) => (await readDocx(doc)).paragraphs],
  ['html', (doc) => Promise.resolve(htmlText(renderAgreementHtml(doc)))],
];

describe('renderAgreementDocx', () => {
  it('produces a Word package with an A4 document body', async () => {
    const { files, xml } = await readDocx(buildAgreement());
    expect(files).toContain('[Content_Types].xml');
    expect(files).toContain('word/document.xml');
    expect(xml).toContain('<w:document');
    expect(xml.trimEnd().endsWith('</w:document>')).toBe(true);
    expect(xml).toMatch(/<w:pgSz[^>]*w:w="11906"[^>]*w:h="16838"/);
  });

  it('escapes markup in party names so the package stays well-formed', async () => {
    const hostile = { ...applicant, name: '<script>alert(1)</script> & "甲"' };
    const { xml, paragraphs } = await readDocx(buildAgreement({ parties: [hostile, respondent] }));
    expect(xml).not.toContain('<script>');
    expect(paragraphs.join('\n')).toContain('<script>alert(1)</script> & "甲"');
  });
});

describe('renderAgreementHtml', () => {
  it('is a standalone zh-CN page sized for A4 printing', () => {
    const html = renderAgreementHtml(buildAgreement());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toMatch(/<title>人民调解协议书 潍城调字〔2026〕第 12 号<\/title>/);
    expect(html).toContain('@page { size: A4; margin: 25mm 20mm; }');
    expect(html).toContain('font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif;');
  });

  it('fetches nothing from elsewhere', () => {
    const html = renderAgreementHtml(buildAgreement());
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).not.toMatch(/<(script|link|img|iframe)\b/i);
    expect(html).not.toMatch(/url\(|@import/);
  });

  it('shows a hostile party name as text, never as markup', () => {
    const hostile = { ...applicant, name: `<script>alert(1)</script><img src=x onerror='x'>` };
    const html = renderAgreementHtml(buildAgreement({ parties: [hostile, respondent], number: '<b>12</b>' }));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&#39;x&#39;&gt;');
    expect(htmlText(html)).toContain(`申请人：<script>alert(1)</script><img src=x onerror='x'>（已签名）`);
    expect(htmlText(html)).toContain('编号：<b>12</b>');
  });
});

describe.each(renderings)('%s content', (_format, render) => {
  it('carries the title, number, every party, the facts, the terms, the deadline and the committee', async () => {
    const text = (await render(buildAgreement())).join('\n');
    for (const expected of [
      '人民调解协议书',
      '编号：潍城调字〔2026〕第 12 号',
      '张三',
      '370702198003051234',
      '潍坊某物业服务有限公司',
      '91370702MA3C123456',
      FACTS,
      ...TERMS,
      '履行期限：2026年12月31日前',
      '潍城区联合人民调解委员会',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('describes each party in the customary order', async () => {
    const lines = await render(buildAgreement());
    expect(lines).toContain(
      '申请人：张三，男，汉族，1980年3月5日出生，身份证号码：370702198003051234，' +
        '住址：潍坊市潍城区城关街道，联系电话：13800001111。',
    );
    expect(lines).toContain(
      '被申请人：潍坊某物业服务有限公司，统一社会信用代码：91370702MA3C123456，法定代表人（负责人）：李四，' +
        '住所：潍坊市潍城区胜利西街 88 号，联系电话：0536-8123456。',
    );
  });

  it('numbers several parties of one role 申请人一, 申请人二', async () => {
    const second = { ...applicant, name: '张小三', idNumber: '370702200501011234' };
    const lines = await render(buildAgreement({ parties: [applicant, second, respondent] }));
    expect(lines.some((line) => line.startsWith('申请人一：张三，'))).toBe(true);
    expect(lines.some((line) => line.startsWith('申请人二：张小三，'))).toBe(true);
    expect(lines.some((line) => line.startsWith('被申请人：潍坊某物业服务有限公司，'))).toBe(true);
  });

  it('numbers the terms 一、二、三 … 十一、十二', async () => {
    const terms = Array.from({ length: 12 }, (_, i) => `第${i + 1}项约定。`);
    const lines = await render(buildAgreement({ terms }));
    const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];
    const termLines = lines.filter((line) => /^[一二三四五六七八九十]+、第\d+项约定。$/.test(line));
    expect(termLines).toEqual(numerals.map((numeral, i) => `${numeral}、第${i + 1}项约定。`));
  });

  it('lays the sections out in the customary order', async () => {
    const text = (await render(buildAgreement())).join('\n');
    const order = [
      '人民调解协议书',
      '编号：',
      '申请人：张三',
      '被申请人：潍坊某物业服务有限公司',
      '纠纷主要事实、争议事项：',
      FACTS,
      '双方就漏水造成的损失数额',
      '各方当事人的责任：',
      '经调解，自愿达成如下协议：',
      `一、${TERMS[0]}`,
      `二、${TERMS[1]}`,
      '履行协议的方式、地点、期限：',
      '被申请人通过银行转账方式',
      '履行期限：2026年12月31日前',
      '本协议一式三份',
      '当事人（签名、盖章或按指印）：',
      '人民调解员（签名）：',
      '人民调解委员会（印）：',
      '2026年11月27日',
    ].map((piece) => text.indexOf(piece));
    expect(order).not.toContain(-1);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('records how each signature was given once the agreement is in effect', async () => {
    const lines = await render(
      buildAgreement({ parties: [applicant, respondent, { ...applicant, role: 'third_party', name: '孙七' }] }),
    );
    expect(lines).toContain('申请人：张三（已签名）');
    expect(lines).toContain('被申请人：潍坊某物业服务有限公司（已盖章）');
    expect(lines).toContain('第三人：孙七 __________');
    expect(lines).toContain('人民调解员（签名）：王五、赵六（已签名）');
    expect(lines).toContain('人民调解委员会（印）：潍城区联合人民调解委员会（已盖章）');
    expect(lines).toContain('2026年11月27日');
    expect(lines.join('\n')).not.toContain('草稿');
  });

  it('marks a draft and leaves every signature and the date blank', async () => {
    const lines = await render(
      buildAgreement({
        effectiveDate: null,
        partySignatures: [null, null],
        mediatorSigned: false,
        committeeSealed: false,
      }),
    );
    expect(lines).toContain('草稿（未生效）');
    expect(lines).toContain('申请人：张三 __________');
    expect(lines).toContain('被申请人：潍坊某物业服务有限公司 __________');
    expect(lines).toContain('人民调解员（签名）：王五、赵六 __________');
    expect(lines).toContain('人民调解委员会（印）：潍城区联合人民调解委员会');
    expect(lines).toContain('    年  月  日');
    expect(lines.join('\n')).not.toContain('已签名');
  });

  it('omits missing optional fields cleanly', async () => {
    const bare = buildAgreement({
      parties: [
        { role: 'applicant', kind: 'person', name: '王五', gender: null, birthDate: null, idNumber: '  ' },
        { role: 'respondent', kind: 'organisation', name: '某公司', creditCode: null, representative: undefined },
      ],
      partySignatures: [],
      mediatorNames: [],
      mediatorSigned: false,
      committeeSealed: false,
    });
    const lines = await render(bare);
    const text = lines.join('\n');
    expect(text).not.toMatch(/null|undefined|NaN/);
    expect(text).not.toMatch(/，，|，。|：，|：。/);
    expect(lines).toContain('申请人：王五。');
    expect(lines).toContain('被申请人：某公司。');
    expect(lines).toContain('申请人：王五 __________');
    expect(lines).toContain('人民调解员（签名）： __________');
  });
});

describe('agreementFileName', () => {
  it('names the download after the document number', () => {
    expect(agreementFileName(buildAgreement())).toBe('人民调解协议书-潍城调字〔2026〕第 12 号.docx');
  });

  it('flags a draft in the file name', () => {
    expect(agreementFileName(buildAgreement({ effectiveDate: null }))).toBe(
      '人民调解协议书（草稿）-潍城调字〔2026〕第 12 号.docx',
    );
  });

  it('never yields a path or a header-splitting character', () => {
    const name = agreementFileName(buildAgreement({ number: '../../etc/passwd\r\nX-Evil: 1\\"' }));
    expect(name).not.toMatch(/[/\\\r\n"]/);
    expect(name.endsWith('.docx')).toBe(true);
  });
});
