// A .docx that is the same bytes every time it is rendered from the same document: the `docx`
// package stamps the time of rendering into docProps/core.xml and into every zip entry, so two
// renders of one agreement would never hash alike. Here the package records the document's own
// time instead, and the zip's entries carry it too (its DEFLATE output is already deterministic).
// docx is loaded with the first document, not at start: these are its live bindings.
import { Packer, type Document, loadDocx } from '../../platform/lazy-libraries.ts';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

interface PackageFacts {
  title: string;
  subject: string;
  creator: string;
  /** ISO time recorded as the document's creation and last change. */
  at: string;
}

function coreProperties(facts: PackageFacts, stamp: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' +
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ' +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:title>${escapeXml(facts.title)}</dc:title><dc:subject>${escapeXml(facts.subject)}</dc:subject>` +
    `<dc:creator>${escapeXml(facts.creator)}</dc:creator><cp:revision>1</cp:revision>` +
    `<dcterms:created xsi:type="dcterms:W3CDTF">${stamp}</dcterms:created>` +
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${stamp}</dcterms:modified>` +
    '</cp:coreProperties>'
  );
}

/** Sets every entry's modification time (local headers and central directory) to `at`, in UTC. */
export function stampZip(zip: Buffer, at: Date): Buffer {
  const time = (at.getUTCHours() << 11) | (at.getUTCMinutes() << 5) | (at.getUTCSeconds() >> 1);
  const date = ((at.getUTCFullYear() - 1980) << 9) | ((at.getUTCMonth() + 1) << 5) | at.getUTCDate();
  // The end-of-central-directory record: its last 22 bytes unless the zip has a comment.
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file');
  const entries = zip.readUInt16LE(end + 10);
  let entry = zip.readUInt32LE(end + 16);
  for (let i = 0; i < entries; i++) {
    if (zip.readUInt32LE(entry) !== 0x02014b50) throw new Error('broken zip central directory');
    zip.writeUInt16LE(time, entry + 12);
    zip.writeUInt16LE(date, entry + 14);
    const local = zip.readUInt32LE(entry + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('broken zip local header');
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    entry += 46 + zip.readUInt16LE(entry + 28) + zip.readUInt16LE(entry + 30) + zip.readUInt16LE(entry + 32);
  }
  return zip;
}

export async function packStableDocx(document: Document, facts: PackageFacts): Promise<Buffer> {
  await loadDocx();
  const at = new Date(facts.at);
  const zip = await Packer.toBuffer(document, undefined, [
    { path: 'docProps/core.xml', data: coreProperties(facts, `${at.toISOString().slice(0, 19)}Z`) },
  ]);
  return stampZip(zip, at);
}
