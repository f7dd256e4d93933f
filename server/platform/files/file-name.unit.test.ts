import { describe, expect, it } from 'vitest';
import { attachmentDisposition, sanitizeFileName, withExtension } from './file-name.ts';

describe('sanitizeFileName', () => {
  it('keeps Chinese names and drops directories, control and format characters', () => {
    expect(sanitizeFileName('现场照片 2026-11-27.jpg', 'x')).toBe('现场照片 2026-11-27.jpg');
    expect(sanitizeFileName('../../etc/passwd', 'x')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\张三\\调解协议.pdf', 'x')).toBe('调解协议.pdf');
    expect(sanitizeFileName('报告\u0000\u0007\u001b\u007f.pdf', 'x')).toBe('报告.pdf');
    expect(sanitizeFileName('invoice\u202egpj.exe', 'x')).toBe('invoicegpj.exe');
    expect(sanitizeFileName('a\r\n\tb.png', 'x')).toBe('a b.png');
    expect(sanitizeFileName('..', '附件.png')).toBe('附件.png');
    expect(sanitizeFileName(undefined, '附件.png')).toBe('附件.png');
    expect(sanitizeFileName('   ', '附件.png')).toBe('附件.png');
  });

  it('cuts long names to 120 characters, keeping the extension and whole characters', () => {
    const cut = sanitizeFileName(`${'调'.repeat(300)}.docx`, 'x');
    expect([...cut]).toHaveLength(120);
    expect(cut.endsWith('调.docx')).toBe(true);
    const emoji = sanitizeFileName('😀'.repeat(130), 'x');
    expect([...emoji]).toHaveLength(120);
    expect(emoji).toBe('😀'.repeat(120));
  });
});

describe('withExtension', () => {
  it('puts the content’s extension in place of the client’s, or after a name that has none', () => {
    expect(withExtension('x.pdf', 'png')).toBe('x.png');
    expect(withExtension('现场照片.JPG', 'jpg')).toBe('现场照片.jpg');
    expect(withExtension('invoice.pdf.exe', 'pdf')).toBe('invoice.pdf.pdf');
    expect(withExtension('scan', 'docx')).toBe('scan.docx');
    expect(withExtension('张三.李四的照片', 'png')).toBe('张三.李四的照片.png');
    expect(withExtension('a.', 'gif')).toBe('a.gif');
    expect(withExtension('.', 'gif')).toBe('附件.gif');
  });

  it('stays within 120 characters, cutting the name, not the extension', () => {
    const long = withExtension(`${'调'.repeat(116)}.doc`, 'xlsx');
    expect([...long]).toHaveLength(120);
    expect(long.endsWith('调.xlsx')).toBe(true);
    expect(withExtension('😀'.repeat(120), 'png')).toBe(`${'😀'.repeat(116)}.png`);
  });
});

describe('attachmentDisposition', () => {
  it('sends the UTF-8 name per RFC 5987 and an ASCII fallback', () => {
    expect(attachmentDisposition('现场 照片(1).png')).toBe(
      `attachment; filename="__ __(1).png"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87%281%29.png`,
    );
    expect(attachmentDisposition('a"b\\c.pdf')).toBe(
      `attachment; filename="a_b_c.pdf"; filename*=UTF-8''a%22b%5Cc.pdf`,
    );
  });
});
