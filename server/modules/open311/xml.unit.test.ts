import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { childText, parseXml } from '../../../test/support/xml-check.ts';
import { escapeXmlText, list, xmlDocument } from './xml.ts';

describe('the XML writer', () => {
  it('writes nested elements, lists and empty values', () => {
    const xml = xmlDocument('services', list('service', [{ service_code: 'A.B', metadata: true, group: null }]));
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?><services><service><service_code>A.B</service_code><metadata>true</metadata><group/></service></services>',
    );
  });

  it('escapes the five markup characters', () => {
    expect(escapeXmlText(`<a href="x">Tom & 'Jerry'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;',
    );
  });

  it('drops characters XML 1.0 cannot carry: controls, lone surrogates, U+FFFE/U+FFFF', () => {
    expect(escapeXmlText('a\u0000b\u0001c\u000bd\ud800e\udfff\ufffe\uffff')).toBe('abcde');
    expect(escapeXmlText('tab\tnl\ncr\r😀中')).toBe('tab\tnl\ncr\r😀中');
  });

  it('refuses an element name that is not one', () => {
    expect(() => xmlDocument('a b', 'x')).toThrow();
    expect(() => xmlDocument('xmlfoo', 'x')).toThrow();
  });

  it('always gives a well-formed document that reads back as the text given, less what XML cannot carry', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.string({ unit: 'grapheme', maxLength: 20 }),
        (a, b) => {
          const root = parseXml(xmlDocument('request', { description: a, status_notes: b, lat: 36.7 }));
          expect(root.name).toBe('request');
          expect(childText(root, 'description')).toBe(
            a.replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, ''),
          );
          expect(childText(root, 'lat')).toBe('36.7');
        },
      ),
    );
  });
});
