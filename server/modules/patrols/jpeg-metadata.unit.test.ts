import { describe, expect, it } from 'vitest';
import { stripJpegMetadata } from './jpeg-metadata.ts';

const segment = (marker: number, body: Buffer) => {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([head, body]);
};
const SOI = Buffer.from([0xff, 0xd8]);
const jfif = segment(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1'));
const exif = segment(0xe1, Buffer.from('Exif\0\0GPS 36.7 119.1', 'latin1'));
const iptc = segment(0xed, Buffer.from('Photoshop 3.0\0', 'latin1'));
const dqt = segment(0xdb, Buffer.alloc(65, 1));
const scan = Buffer.concat([segment(0xda, Buffer.alloc(10, 2)), Buffer.from([9, 9, 9, 0xff, 0xd9])]);

describe('stripJpegMetadata', () => {
  it('drops EXIF and IPTC segments and keeps the picture byte for byte', () => {
    const out = stripJpegMetadata(Buffer.concat([SOI, jfif, exif, dqt, iptc, scan]));
    expect(out).toEqual(Buffer.concat([SOI, jfif, dqt, scan]));
    expect(out.includes(Buffer.from('GPS'))).toBe(false);
  });

  it('returns a JPEG without metadata, and anything malformed, unchanged', () => {
    const clean = Buffer.concat([SOI, jfif, dqt, scan]);
    expect(stripJpegMetadata(clean)).toBe(clean);
    const cut = Buffer.concat([SOI, exif.subarray(0, 8)]);
    expect(stripJpegMetadata(cut)).toBe(cut);
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    expect(stripJpegMetadata(png)).toBe(png);
  });
});
