// The browser's EXIF reader (web/src/features/photos/exif-gps.ts) finds the position a phone wrote,
// in either byte order and hemisphere, and answers null, never throws, for anything else.
import { describe, expect, it } from 'vitest';
import { readExifGps } from '../web/src/features/photos/exif-gps.ts';
import { exifGpsSegment, withExifGps } from './e2e/jpeg-exif.ts';

/** Start of image, a JFIF APP0, start of scan and end: enough JPEG for the reader. */
const JFIF = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00,
  0x00, 0xff, 0xda, 0x00, 0x02, 0xff, 0xd9,
]);

const bytes = (buffer: Buffer): ArrayBuffer =>
  buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength) as ArrayBuffer;

describe('readExifGps', () => {
  it('reads the position in little- and big-endian EXIF, to a metre', () => {
    for (const little of [true, false]) {
      const point = readExifGps(bytes(withExifGps(JFIF, { lng: 119.101234, lat: 36.712345 }, little)));
      expect(point!.lng).toBeCloseTo(119.101234, 5);
      expect(point!.lat).toBeCloseTo(36.712345, 5);
    }
  });

  it('signs southern and western positions', () => {
    const point = readExifGps(bytes(withExifGps(JFIF, { lng: -70.5, lat: -33.25 })));
    expect(point).toEqual({ lng: -70.5, lat: -33.25 });
  });

  it('finds the EXIF block after a JFIF segment', () => {
    const segment = exifGpsSegment({ lng: 119.1, lat: 36.7 });
    const jpeg = Buffer.concat([JFIF.subarray(0, 20), segment, JFIF.subarray(20)]);
    expect(readExifGps(bytes(jpeg))!.lat).toBeCloseTo(36.7, 6);
  });

  it('answers null without EXIF, for (0, 0), for a non-JPEG and for a cut or corrupt header', () => {
    expect(readExifGps(bytes(JFIF))).toBeNull();
    expect(readExifGps(bytes(withExifGps(JFIF, { lng: 0, lat: 0 })))).toBeNull();
    expect(readExifGps(bytes(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1')))).toBeNull();
    const whole = withExifGps(JFIF, { lng: 119.1, lat: 36.7 });
    for (let cut = 0; cut < whole.length; cut += 7) {
      expect(() => readExifGps(bytes(whole.subarray(0, cut)))).not.toThrow();
    }
    const corrupt = Buffer.from(whole);
    corrupt.writeUInt32LE(0xfffffff0, 2 + 4 + 6 + 4); // IFD0 offset far past the end
    expect(readExifGps(bytes(corrupt))).toBeNull();
  });
});
