// Test photos as a phone writes them: a JPEG with an EXIF block that holds the GPS position
// (degrees, minutes, seconds as rationals, N/S and E/W references), in either byte order.

export interface Gps {
  lng: number;
  lat: number;
}

/** Decimal degrees as three TIFF rationals (d/1, m/1, s×10000/10000). */
function dms(value: number): [number, number][] {
  const abs = Math.abs(value);
  const d = Math.floor(abs);
  const m = Math.floor((abs - d) * 60);
  const s = Math.round(((abs - d) * 60 - m) * 60 * 10000);
  return [
    [d, 1],
    [m, 1],
    [s, 10000],
  ];
}

/** The APP1 segment (marker included) whose TIFF block holds IFD0 → GPS IFD with the position. */
export function exifGpsSegment(gps: Gps, littleEndian = true): Buffer {
  // TIFF layout: header (8) | IFD0: count(2) + 1 entry(12) + next(4) = 18 | GPS IFD: 2 + 4×12 + 4 = 54 | lat 24 | lng 24
  const ifd0 = 8;
  const gpsIfd = ifd0 + 18;
  const latAt = gpsIfd + 54;
  const lngAt = latAt + 24;
  const tiff = Buffer.alloc(lngAt + 24);
  const u16 = (v: number, at: number) => (littleEndian ? tiff.writeUInt16LE(v, at) : tiff.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (littleEndian ? tiff.writeUInt32LE(v, at) : tiff.writeUInt32BE(v, at));
  tiff.write(littleEndian ? 'II' : 'MM', 0, 'latin1');
  u16(42, 2);
  u32(ifd0, 4);
  u16(1, ifd0);
  // GPSInfo pointer: tag 0x8825, LONG, 1
  u16(0x8825, ifd0 + 2);
  u16(4, ifd0 + 4);
  u32(1, ifd0 + 6);
  u32(gpsIfd, ifd0 + 10);
  u32(0, ifd0 + 14);
  u16(4, gpsIfd);
  const entry = (i: number, tag: number, type: number, count: number) => {
    const at = gpsIfd + 2 + i * 12;
    u16(tag, at);
    u16(type, at + 2);
    u32(count, at + 4);
    return at + 8;
  };
  tiff.write(gps.lat >= 0 ? 'N\0' : 'S\0', entry(0, 1, 2, 2), 'latin1');
  u32(latAt, entry(1, 2, 5, 3));
  tiff.write(gps.lng >= 0 ? 'E\0' : 'W\0', entry(2, 3, 2, 2), 'latin1');
  u32(lngAt, entry(3, 4, 5, 3));
  u32(0, gpsIfd + 2 + 4 * 12);
  for (const [base, value] of [
    [latAt, gps.lat],
    [lngAt, gps.lng],
  ] as const) {
    dms(value).forEach(([n, d], i) => {
      u32(n, base + i * 8);
      u32(d, base + i * 8 + 4);
    });
  }
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.alloc(4);
  header.writeUInt16BE(0xffe1, 0);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}

/** The JPEG with an EXIF GPS block right after its start-of-image marker. */
export function withExifGps(jpeg: Buffer, gps: Gps, littleEndian = true): Buffer {
  if (jpeg.readUInt16BE(0) !== 0xffd8) throw new Error('not a JPEG');
  return Buffer.concat([jpeg.subarray(0, 2), exifGpsSegment(gps, littleEndian), jpeg.subarray(2)]);
}

/** A JPEG's width and height from its start-of-frame segment. */
export function jpegSize(jpeg: Buffer): { width: number; height: number } {
  let at = 2;
  while (at + 9 < jpeg.length) {
    if (jpeg[at] !== 0xff) throw new Error(`no marker at ${at}`);
    const marker = jpeg[at + 1]!;
    const length = jpeg.readUInt16BE(at + 2);
    // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC)
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  throw new Error('no start of frame');
}
