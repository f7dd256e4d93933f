// What a signature's hashes rest on, without a database: the agreement's text as RFC 8785
// canonical JSON (so the hash does not depend on key order or spacing), a .docx that is the same
// bytes whenever it is rendered from the same document, and the hash printed on both documents.
import { createHash } from 'node:crypto';
import JSZip from 'jszip';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderAgreementDocx, renderAgreementHtml, type AgreementDocument } from './agreement-document.ts';
import { canonicalJson } from './agreement-text.ts';

const HASH = 'ab'.repeat(32);

const doc: AgreementDocument = {
  committeeName: '潍城区联合人民调解委员会',
  number: '潍城区联合调〔2026〕1号',
  parties: [{ role: 'applicant', kind: 'person', name: '张三', phone: '13800001111' }],
  facts: '楼道堆物，双方争执。',
  issues: '杂物清理。',
  responsibilities: '李四负主要责任。',
  terms: ['李四于三日内清理楼道杂物。'],
  performanceManner: '自行清理',
  performanceDeadline: '2026-12-31',
  copies: 3,
  mediatorNames: ['王调解'],
  effectiveDate: null,
  partySignatures: [null],
  mediatorSigned: false,
  committeeSealed: false,
  textHash: HASH,
  createdAt: '2026-11-27T01:00:00.000Z',
};

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('canonical JSON of the agreement text', () => {
  it('sorts keys, drops spaces and keeps arrays in order, whatever order the object was built in', () => {
    expect(canonicalJson({ b: [3, 1, { z: null, a: '中' }], a: 'x"y' })).toBe(
      '{"a":"x\\"y","b":[3,1,{"a":"中","z":null}]}',
    );
    expect(canonicalJson({ terms: ['一', '二'], form: 'written' })).toBe(
      canonicalJson({ form: 'written', terms: ['一', '二'] }),
    );
    expect(canonicalJson({ terms: ['一', '二'] })).not.toBe(canonicalJson({ terms: ['二', '一'] }));
  });

  it('orders keys by UTF-16 code units, as RFC 8785 does (its own example, §3.2.3)', () => {
    const keys = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6'];
    const sorted = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    // U+FB33 after the surrogate pair of U+1F600: code units, not code points.
    expect(canonicalJson(Object.fromEntries(keys.map((k) => [k, 0])))).toBe(
      `{${sorted.map((k) => `${JSON.stringify(k)}:0`).join(',')}}`,
    );
  });
});

describe('the agreement document', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('renders the same .docx bytes at any time of day, with the document’s own time inside', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T08:00:00Z'));
    const first = await renderAgreementDocx(doc);
    vi.setSystemTime(new Date('2027-03-05T17:45:13Z'));
    const second = await renderAgreementDocx(doc);
    expect(sha256(second)).toBe(sha256(first));
    const zip = await JSZip.loadAsync(first);
    expect(await zip.file('docProps/core.xml')!.async('string')).toContain('2026-11-27T01:00:00Z');
    expect(zip.file('word/document.xml')!.date.toISOString()).toBe('2026-11-27T01:00:00.000Z');
    // A different document is a different file.
    expect(sha256(await renderAgreementDocx({ ...doc, terms: ['李四于五日内清理楼道杂物。'] }))).not.toBe(
      sha256(first),
    );
  });

  it('prints the text’s hash on the .docx and on the A4 page, and marks an altered text as void', async () => {
    const xml = await (
      await JSZip.loadAsync(await renderAgreementDocx(doc))
    )
      .file('word/document.xml')!
      .async('string');
    expect(xml).toContain(`协议文本指纹（SHA-256）：${HASH}`);
    expect(renderAgreementHtml(doc)).toContain(`协议文本指纹（SHA-256）：${HASH}`);
    const altered = renderAgreementHtml({ ...doc, altered: true, effectiveDate: null });
    expect(altered).toContain('签署后被改动');
    expect(altered).not.toContain('草稿（未生效）');
    // Without a hash (a document rendered outside the binding), nothing is printed for it.
    expect(renderAgreementHtml({ ...doc, textHash: null })).not.toContain('SHA-256');
  });
});
