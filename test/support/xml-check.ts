// A strict reader for the XML Concord writes (elements and text, no attributes): it fails on
// anything not well-formed — unbalanced tags, a bare & or <, characters XML 1.0 cannot carry — and
// gives the element tree, so tests check both the syntax and the data. Tests only.

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const BAD_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function decodeText(raw: string): string {
  if (raw.includes('<') || raw.includes('>')) throw new Error(`bare < or > in text: ${raw.slice(0, 40)}`);
  return raw.replace(/&([^;]*);?/g, (whole, entity: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare & in text: ${raw.slice(0, 40)}`);
    const value = ENTITIES[entity];
    if (value === undefined) throw new Error(`unknown entity &${entity};`);
    return value;
  });
}

export function parseXml(xml: string): XmlElement {
  if (BAD_CHAR.test(xml)) throw new Error('a character XML 1.0 does not allow');
  const declaration = /^<\?xml version="1\.0" encoding="utf-8"\?>/.exec(xml);
  if (!declaration) throw new Error('no XML declaration');
  let at = declaration[0].length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < xml.length) {
    const open = xml.indexOf('<', at);
    const text = open < 0 ? xml.slice(at) : xml.slice(at, open);
    const current = stack[stack.length - 1];
    if (current) current.text += decodeText(text);
    else if (text.trim() !== '') throw new Error('text outside the root element');
    if (open < 0) break;
    const close = xml.indexOf('>', open);
    if (close < 0) throw new Error('unterminated tag');
    const tag = xml.slice(open + 1, close);
    at = close + 1;
    if (tag.startsWith('/')) {
      const name = tag.slice(1);
      const element = stack.pop();
      if (!element || element.name !== name) throw new Error(`</${name}> closes ${element?.name ?? 'nothing'}`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const name = selfClosing ? tag.slice(0, -1) : tag;
    if (!NAME.test(name)) throw new Error(`not an element name: ${name}`);
    const element: XmlElement = { name, children: [], text: '' };
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(element);
    else if (root) throw new Error('a second root element');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1]!.name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}

/** The text of the first child element called `name`. */
export function childText(element: XmlElement, name: string): string | undefined {
  return element.children.find((c) => c.name === name)?.text;
}
