// Renders the 人民调解协议书 (People's Mediation Agreement, 人民调解法 Art. 28–31) as .docx and as printable
// HTML. Pure: no I/O, no clock — the caller supplies every date, so a re-render is the same document,
// byte for byte (the .docx's package dates come from the document, not from the time of rendering):
// a signature keeps the SHA-256 of the .docx as it stood, which a copy can be checked against.
import { packStableDocx } from './stable-docx.ts';
// docx is loaded with the first document, not at start: these are its live bindings.
import { AlignmentType, Document, LineRuleType, Paragraph, TextRun, loadDocx } from '../../platform/lazy-libraries.ts';

export interface AgreementPartyDoc {
  role: 'applicant' | 'respondent' | 'third_party';
  kind: 'person' | 'organisation';
  name: string;
  gender?: string | null; // person: 男/女
  ethnicity?: string | null; // person: 汉族 …
  birthDate?: string | null; // YYYY-MM-DD
  idNumber?: string | null; // person: 居民身份证号码, clear text (the document is the legal original)
  phone?: string | null;
  address?: string | null;
  representative?: string | null; // organisation: 法定代表人/负责人
  creditCode?: string | null; // organisation: 统一社会信用代码
}

export interface AgreementDocument {
  committeeName: string; // e.g. 潍城区联合人民调解委员会
  number: string; // document number, e.g. 潍城调字〔2026〕第 12 号
  parties: AgreementPartyDoc[];
  facts: string; // 纠纷主要事实
  issues: string; // 争议事项
  responsibilities: string; // 各方当事人的责任
  terms: string[]; // 经调解，自愿达成如下协议 — numbered items
  performanceManner: string; // 履行协议的方式、地点
  performanceDeadline: string; // YYYY-MM-DD
  copies: number; // 本协议一式 N 份
  /** 调解依据 (issue 17): the articles cited, as they read when cited, in order; none prints nothing. */
  legalBases?: { law: string; article: string; text: string }[] | undefined;
  mediatorNames: string[];
  /** Date the agreement took effect (YYYY-MM-DD), or null for a draft. */
  effectiveDate: string | null;
  /** For each party (same order as `parties`): how they signed, or null if not yet. */
  partySignatures: ('signature' | 'seal' | 'fingerprint' | null)[];
  mediatorSigned: boolean;
  committeeSealed: boolean;
  /** SHA-256 (hex) of the agreement's text (agreement-binding.ts), printed at the foot. */
  textHash?: string | null;
  /** The text no longer matches what was signed: the signatures and the effect do not hold. */
  altered?: boolean;
  /** ISO time the .docx's package records as created and modified (default: a fixed date). */
  createdAt?: string;
}

const TITLE = '人民调解协议书';
const DRAFT_MARKER = '草稿（未生效）';
const ALTERED_MARKER = '本协议内容在签署后被改动，与签署时的文本不一致，各方签名及协议效力不成立。';
const FINGERPRINT_LABEL = '协议文本指纹（SHA-256）：';
const SIGNATURE_BLANK = '__________';

// Both renderers walk the same block list, so the .docx and the HTML cannot drift apart in content or order.
type BlockKind =
  | 'title'
  | 'draft'
  | 'number'
  | 'party'
  | 'heading'
  | 'body'
  | 'closing'
  | 'signatureHeading'
  | 'signature'
  | 'date'
  | 'fingerprint';

interface Block {
  kind: BlockKind;
  text: string;
}

const ROLE_LABELS: Record<AgreementPartyDoc['role'], string> = {
  applicant: '申请人',
  respondent: '被申请人',
  third_party: '第三人',
};

const SIGNATURE_LABELS: Record<'signature' | 'seal' | 'fingerprint', string> = {
  signature: '（已签名）',
  seal: '（已盖章）',
  fingerprint: '（已按指印）',
};

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const UNITS = ['', '十', '百', '千'];

/** 1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五; beyond 9999 (never an agreement's term count) falls back to digits. */
function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) return String(n);
  if (n === 0) return DIGITS[0]!;
  const digits = String(n).split('').map(Number);
  let out = '';
  let pendingZero = false;
  digits.forEach((digit, i) => {
    const unit = UNITS[digits.length - 1 - i]!;
    if (digit === 0) {
      pendingZero = out !== '';
      return;
    }
    if (pendingZero) out += DIGITS[0];
    pendingZero = false;
    out += DIGITS[digit]! + unit;
  });
  // 十二 is written without the leading 一 (一十二 reads as a bank cheque).
  return out.startsWith('一十') ? out.slice(1) : out;
}

/** 2026-03-05 → 2026年3月5日; anything that is not a plain date is shown as given rather than lost. */
function chineseDate(value: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value.trim());
  if (!match) return value.trim();
  return `${match[1]}年${Number(match[2])}月${Number(match[3])}日`;
}

/** Trimmed text, or null for missing/blank values — so nothing prints as "null", "undefined" or an empty field. */
function present(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

/** Free text typed with line breaks becomes several paragraphs; blank lines are dropped. */
function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** 申请人 / 被申请人 / 第三人, numbered 申请人一, 申请人二 … only when a role has several parties. */
function roleLabels(parties: readonly AgreementPartyDoc[]): string[] {
  const totals = new Map<AgreementPartyDoc['role'], number>();
  for (const party of parties) totals.set(party.role, (totals.get(party.role) ?? 0) + 1);
  const seen = new Map<AgreementPartyDoc['role'], number>();
  return parties.map((party) => {
    const index = (seen.get(party.role) ?? 0) + 1;
    seen.set(party.role, index);
    const label = ROLE_LABELS[party.role];
    return (totals.get(party.role) ?? 0) > 1 ? `${label}${chineseNumeral(index)}` : label;
  });
}

function labelled(label: string, value: string | null | undefined): string | null {
  const text = present(value);
  return text === null ? null : `${label}：${text}`;
}

function partyDescription(party: AgreementPartyDoc): string {
  const birthDate = present(party.birthDate);
  const fields: (string | null)[] =
    party.kind === 'person'
      ? [
          present(party.name),
          present(party.gender),
          present(party.ethnicity),
          birthDate === null ? null : `${chineseDate(birthDate)}出生`,
          labelled('身份证号码', party.idNumber),
          labelled('住址', party.address),
          labelled('联系电话', party.phone),
        ]
      : [
          present(party.name),
          labelled('统一社会信用代码', party.creditCode),
          labelled('法定代表人（负责人）', party.representative),
          labelled('住所', party.address),
          labelled('联系电话', party.phone),
        ];
  return `${fields.filter((field): field is string => field !== null).join('，')}。`;
}

/** 《民法典》第二百八十八条、第二百九十条和《人民调解法》第二十一条: one title per run of the same statute. */
function citationList(bases: readonly { law: string; article: string }[]): string {
  const runs: { law: string; articles: string[] }[] = [];
  for (const basis of bases) {
    const last = runs.at(-1);
    if (last?.law === basis.law) last.articles.push(basis.article);
    else runs.push({ law: basis.law, articles: [basis.article] });
  }
  const parts = runs.map((run) => `《${run.law}》${run.articles.join('、')}`);
  return parts.length > 1 ? `${parts.slice(0, -1).join('、')}和${parts.at(-1)}` : parts[0]!;
}

function copiesText(copies: number): string {
  // 一式两份 is how the phrase is said; every other count uses the plain numeral.
  return copies === 2 ? '两' : chineseNumeral(copies);
}

function buildBlocks(doc: AgreementDocument): Block[] {
  const blocks: Block[] = [{ kind: 'title', text: TITLE }];
  if (doc.altered) blocks.push({ kind: 'draft', text: ALTERED_MARKER });
  else if (doc.effectiveDate === null) blocks.push({ kind: 'draft', text: DRAFT_MARKER });
  blocks.push({ kind: 'number', text: `编号：${doc.number.trim()}` });

  const labels = roleLabels(doc.parties);
  doc.parties.forEach((party, i) => {
    blocks.push({ kind: 'party', text: `${labels[i]}：${partyDescription(party)}` });
  });

  const body = (text: string): Block[] => paragraphsOf(text).map((line) => ({ kind: 'body', text: line }));

  blocks.push({ kind: 'heading', text: '纠纷主要事实、争议事项：' }, ...body(doc.facts), ...body(doc.issues));
  blocks.push({ kind: 'heading', text: '各方当事人的责任：' }, ...body(doc.responsibilities));

  const bases = doc.legalBases ?? [];
  if (bases.length > 0) {
    blocks.push({ kind: 'heading', text: '调解依据：' }, { kind: 'body', text: `依据${citationList(bases)}的规定。` });
    for (const basis of bases) {
      const [first = '', ...rest] = paragraphsOf(basis.text);
      blocks.push({ kind: 'body', text: `《${basis.law}》${basis.article}：${first}` });
      for (const line of rest) blocks.push({ kind: 'body', text: line });
    }
  }

  blocks.push({ kind: 'heading', text: '经调解，自愿达成如下协议：' });
  doc.terms
    .map(paragraphsOf)
    .filter((lines) => lines.length > 0)
    .forEach(([first, ...rest], i) => {
      blocks.push({ kind: 'body', text: `${chineseNumeral(i + 1)}、${first}` });
      for (const line of rest) blocks.push({ kind: 'body', text: line });
    });

  blocks.push({ kind: 'heading', text: '履行协议的方式、地点、期限：' }, ...body(doc.performanceManner), {
    kind: 'body',
    text: `履行期限：${chineseDate(doc.performanceDeadline)}前。`,
  });

  blocks.push({
    kind: 'closing',
    text:
      `本协议一式${copiesText(doc.copies)}份，当事人、人民调解委员会各持一份，` +
      '自各方当事人签名（盖章或按指印）、人民调解员签名并加盖人民调解委员会印章之日起生效。',
  });

  blocks.push({ kind: 'signatureHeading', text: '当事人（签名、盖章或按指印）：' });
  doc.parties.forEach((party, i) => {
    const signedBy = doc.partySignatures[i] ?? null;
    const mark = signedBy === null ? ` ${SIGNATURE_BLANK}` : SIGNATURE_LABELS[signedBy];
    blocks.push({ kind: 'signature', text: `${labels[i]}：${party.name.trim()}${mark}` });
  });

  const mediators = doc.mediatorNames.map((name) => name.trim()).filter((name) => name !== '');
  const mediatorMark = doc.mediatorSigned ? '（已签名）' : ` ${SIGNATURE_BLANK}`;
  blocks.push({ kind: 'signature', text: `人民调解员（签名）：${mediators.join('、')}${mediatorMark}` });
  blocks.push({
    kind: 'signature',
    text: `人民调解委员会（印）：${doc.committeeName.trim()}${doc.committeeSealed ? '（已盖章）' : ''}`,
  });
  // A draft leaves the date for the parties to fill in by hand at signing.
  blocks.push({ kind: 'date', text: doc.effectiveDate === null ? '    年  月  日' : chineseDate(doc.effectiveDate) });
  // Whoever holds a copy can check it against the text the parties signed (…/agreement/verify).
  if (doc.textHash) blocks.push({ kind: 'fingerprint', text: `${FINGERPRINT_LABEL}${doc.textHash}` });
  return blocks;
}

// --- .docx -----------------------------------------------------------------------------------------------

// Word measures in twips (1/20 pt) and half-points.
const BODY_SIZE = 24; // 小四, 12 pt
const TITLE_SIZE = 44; // 二号, 22 pt
const TWO_CHARS = 2 * 12 * 20; // first-line indent of two 12 pt characters, for readers that ignore firstLineChars
const A4 = { width: 11906, height: 16838 };
// Word's default Chinese margins: 2.54 cm top/bottom, 3.17 cm left/right.
const MARGINS = { top: 1440, bottom: 1440, left: 1797, right: 1797 };
const BODY_FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', cs: 'Times New Roman', eastAsia: '宋体' };
const TITLE_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', cs: 'SimHei', eastAsia: '黑体' };
const FINGERPRINT_SIZE = 18; // 小五, 9 pt

function docxParagraph(block: Block): Paragraph {
  const run = (extra: { bold?: boolean; size?: number; color?: string } = {}) =>
    new TextRun({ text: block.text, ...extra });
  switch (block.kind) {
    case 'title':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 120 },
        children: [new TextRun({ text: block.text, bold: true, size: TITLE_SIZE, font: TITLE_FONT })],
      });
    case 'draft':
      return new Paragraph({ alignment: AlignmentType.CENTER, children: [run({ bold: true, color: 'C00000' })] });
    case 'number':
      return new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { after: 240 }, children: [run()] });
    case 'party':
      return new Paragraph({ alignment: AlignmentType.BOTH, children: [run()] });
    case 'heading':
      return new Paragraph({ spacing: { before: 120 }, keepNext: true, children: [run({ bold: true })] });
    case 'body':
      return new Paragraph({
        alignment: AlignmentType.BOTH,
        indent: { firstLine: TWO_CHARS, firstLineChars: 200 },
        children: [run()],
      });
    case 'closing':
      // keepNext down to the date line: the signature page always carries the clause the parties sign under.
      return new Paragraph({
        alignment: AlignmentType.BOTH,
        indent: { firstLine: TWO_CHARS, firstLineChars: 200 },
        spacing: { before: 120 },
        keepNext: true,
        children: [run()],
      });
    case 'signatureHeading':
      return new Paragraph({ spacing: { before: 480 }, keepNext: true, children: [run()] });
    case 'signature':
      return new Paragraph({ spacing: { before: 240 }, keepNext: true, children: [run()] });
    case 'date':
      return new Paragraph({ alignment: AlignmentType.RIGHT, spacing: { before: 240 }, children: [run()] });
    case 'fingerprint':
      return new Paragraph({ spacing: { before: 480 }, children: [run({ size: FINGERPRINT_SIZE, color: '595959' })] });
  }
}

export async function renderAgreementDocx(doc: AgreementDocument): Promise<Buffer> {
  await loadDocx();
  const document = new Document({
    title: TITLE,
    subject: doc.number,
    creator: doc.committeeName,
    styles: {
      default: {
        document: {
          run: { font: BODY_FONT, size: BODY_SIZE, language: { value: 'en-US', eastAsia: 'zh-CN' } },
          paragraph: { spacing: { line: 360, lineRule: LineRuleType.AUTO } }, // 1.5 lines
        },
      },
    },
    sections: [
      {
        properties: { page: { size: A4, margin: MARGINS } },
        children: buildBlocks(doc).map(docxParagraph),
      },
    ],
  });
  return packStableDocx(document, {
    title: TITLE,
    subject: doc.number,
    creator: doc.committeeName,
    at: doc.createdAt ?? FIXED_TIME,
  });
}

/** When a document says nothing of its own time. */
const FIXED_TIME = '2000-01-01T00:00:00Z';

// --- HTML ------------------------------------------------------------------------------------------------

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

function htmlElement(block: Block): string {
  const text = escapeHtml(block.text);
  switch (block.kind) {
    case 'title':
      return `<h1>${text}</h1>`;
    case 'draft':
      return `<p class="draft">${text}</p>`;
    case 'number':
      return `<p class="number">${text}</p>`;
    case 'party':
      return `<p class="party">${text}</p>`;
    case 'heading':
      return `<h2>${text}</h2>`;
    case 'body':
      return `<p class="body">${text}</p>`;
    case 'closing':
      return `<p class="body closing">${text}</p>`;
    case 'signatureHeading':
      return `<p class="signature-heading">${text}</p>`;
    case 'signature':
      return `<p class="signature">${text}</p>`;
    case 'date':
      return `<p class="date">${text}</p>`;
    case 'fingerprint':
      return `<p class="fingerprint">${text}</p>`;
  }
}

const HTML_STYLE = `
@page { size: A4; margin: 25mm 20mm; }
html { background: #fff; color: #000; }
body { margin: 0; font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", serif; font-size: 12pt; line-height: 1.5; }
main { max-width: 170mm; margin: 0 auto; }
h1 { margin: 0 0 0.3em; text-align: center; font-size: 22pt; font-weight: bold; letter-spacing: 0.1em; }
h2 { margin: 0.5em 0 0; font-size: 12pt; font-weight: bold; break-after: avoid; page-break-after: avoid; }
p { margin: 0; text-align: justify; }
.draft { text-align: center; font-weight: bold; color: #c00000; }
.number { text-align: right; margin-bottom: 1em; }
.body { text-indent: 2em; }
.closing { margin-top: 0.5em; }
.signature-heading { margin-top: 2em; }
.signature { margin-top: 1em; }
.closing, .signature-heading, .signature { break-after: avoid; page-break-after: avoid; }
.date { margin-top: 1em; text-align: right; white-space: pre; }
.fingerprint { margin-top: 2em; font-size: 9pt; color: #595959; word-break: break-all; }
@media screen { main { padding: 25mm 20mm; box-shadow: 0 0 4px #999; } }
`;

export function renderAgreementHtml(doc: AgreementDocument): string {
  const title = `${TITLE}${doc.altered ? '（已被改动）' : doc.effectiveDate === null ? '（草稿）' : ''} ${doc.number.trim()}`;
  // The CSP stops anything from loading or running even if a future edit forgets to escape a field.
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...buildBlocks(doc).map(htmlElement),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// --- file name -------------------------------------------------------------------------------------------

/** A download name: no path separators, no characters Windows rejects, no control characters that could split a header. */
export function agreementFileName(doc: AgreementDocument): string {
  const number = doc.number
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 100);
  const prefix = doc.effectiveDate === null ? `${TITLE}（草稿）` : TITLE;
  return number === '' ? `${prefix}.docx` : `${prefix}-${number}.docx`;
}
