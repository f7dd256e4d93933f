// A small XML writer for the GeoReport v2 answers: elements and text only (no attributes, no
// namespaces), which is all the specification uses. Text is escaped (& < > " ') and characters
// XML 1.0 cannot carry at all (controls, lone surrogates, U+FFFE/U+FFFF) are dropped, so any
// stored text — whatever a client once sent — still gives a well-formed document.

/** A repeated element: `<services><service>…</service>…</services>` is `list('service', […])`. */
export class XmlList {
  constructor(
    readonly item: string,
    readonly items: readonly XmlValue[],
  ) {}
}

export type XmlValue = string | number | boolean | null | undefined | XmlList | { readonly [key: string]: XmlValue };

export const list = (item: string, items: readonly XmlValue[]): XmlList => new XmlList(item, items);

// Char ::= #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function escapeXmlText(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function checkedName(name: string): string {
  // Element names are ours (field names of the specification), never client text.
  if (!NAME.test(name) || /^xml/i.test(name)) throw new Error(`not an XML element name: ${name}`);
  return name;
}

function scalarText(value: string | number | boolean): string {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  return typeof value === 'boolean' ? String(value) : value;
}

function writeElement(out: string[], name: string, value: XmlValue): void {
  const tag = checkedName(name);
  if (value === null || value === undefined) {
    out.push(`<${tag}/>`);
    return;
  }
  if (value instanceof XmlList) {
    out.push(`<${tag}>`);
    for (const item of value.items) writeElement(out, value.item, item);
    out.push(`</${tag}>`);
    return;
  }
  if (typeof value === 'object') {
    out.push(`<${tag}>`);
    for (const [key, child] of Object.entries(value)) writeElement(out, key, child);
    out.push(`</${tag}>`);
    return;
  }
  const text = escapeXmlText(scalarText(value));
  out.push(text === '' ? `<${tag}/>` : `<${tag}>${text}</${tag}>`);
}

/** A whole document with its declaration: `xmlDocument('services', list('service', rows))`. */
export function xmlDocument(root: string, value: XmlValue): string {
  const out: string[] = ['<?xml version="1.0" encoding="utf-8"?>'];
  writeElement(out, root, value);
  return out.join('');
}
