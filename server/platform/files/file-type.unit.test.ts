import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TINY_PNG, tinyDocx, tinyPdf, tinyXlsx, zipOf } from '../../../test/support/uploads.ts';
import { detectFileType } from './file-type.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'concord-file-type-'));
let n = 0;
async function typeOf(bytes: Buffer): Promise<string | undefined> {
  const file = path.join(dir, `f${++n}`);
  writeFileSync(file, bytes);
  return (await detectFileType(file))?.mediaType;
}

describe('detectFileType', () => {
  it('recognises the accepted types from their bytes', async () => {
    expect(await typeOf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]))).toBe('image/jpeg');
    expect(await typeOf(TINY_PNG)).toBe('image/png');
    expect(await typeOf(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBe('image/gif');
    expect(await typeOf(Buffer.from('RIFF\x24\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(await typeOf(tinyPdf())).toBe('application/pdf');
    expect(await typeOf(tinyDocx())).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(await typeOf(tinyXlsx())).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('refuses everything else, whatever it pretends to be', async () => {
    expect(await typeOf(Buffer.alloc(0))).toBeUndefined();
    expect(await typeOf(Buffer.from('hello, this is text'))).toBeUndefined();
    expect(await typeOf(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(await typeOf(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'))).toBeUndefined();
    expect(await typeOf(Buffer.from('MZ\x90\x00', 'latin1'))).toBeUndefined();
    // A plain ZIP, a PowerPoint file (an office package we do not take), and a broken ZIP.
    expect(await typeOf(zipOf({ 'a.txt': 'a', 'word/x.txt': 'not office without a manifest' }))).toBeUndefined();
    expect(await typeOf(zipOf({ '[Content_Types].xml': '<Types/>', 'ppt/presentation.xml': '<p/>' }))).toBeUndefined();
    const broken = tinyDocx();
    broken.writeUInt32LE(0xffffff00, broken.length - 6); // central directory offset past the end
    expect(await typeOf(broken)).toBeUndefined();
    expect(await typeOf(tinyDocx().subarray(0, 40))).toBeUndefined();
  });
});
