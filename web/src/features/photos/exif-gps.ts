// Where a phone photo was taken: the GPS position in a JPEG's EXIF block (WGS84, as the camera's
// GPS gives it). Only what is needed is read — the markers up to the APP1 "Exif" segment, its
// TIFF header, IFD0's pointer to the GPS IFD and the four latitude/longitude tags — so no library
// is shipped for it. Anything malformed answers null: a photo without a position is normal.

export interface GpsPoint {
  lng: number;
  lat: number;
}

/** How much of the file is read: the EXIF block sits in the first 64 KB (one APP1 segment). */
export const EXIF_HEAD_BYTES = 128 * 1024;

const TAG_GPS_IFD = 0x8825;
const TAG_LAT_REF = 0x0001;
const TAG_LAT = 0x0002;
const TAG_LNG_REF = 0x0003;
const TAG_LNG = 0x0004;
const TYPE_ASCII = 2;
const TYPE_RATIONAL = 5;

/** The GPS position in the EXIF block of a JPEG whose first bytes are `bytes`, or null. */
export function readExifGps(bytes: ArrayBuffer): GpsPoint | null {
  try {
    const tiff = findExifTiff(new DataView(bytes));
    return tiff ? gpsOf(tiff) : null;
  } catch {
    // A RangeError from a pointer past the end: a truncated or hostile header.
    return null;
  }
}

/** The TIFF structure inside the APP1 "Exif\0\0" segment, as a view of its own. */
function findExifTiff(view: DataView): DataView | null {
  if (view.byteLength < 4 || view.getUint16(0) !== 0xffd8) return null; // not a JPEG
  let at = 2;
  while (at + 4 <= view.byteLength) {
    if (view.getUint8(at) !== 0xff) return null;
    const marker = view.getUint8(at + 1);
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // image data or end: no EXIF before it
    const length = view.getUint16(at + 2);
    if (length < 2) return null;
    const start = at + 4;
    if (marker === 0xe1 && length >= 8 && start + 6 <= view.byteLength) {
      // "Exif\0\0"
      if (view.getUint32(start) === 0x45786966 && view.getUint16(start + 4) === 0) {
        // Clamped to what was read: a segment cut by the head's end still holds its first IFDs.
        return new DataView(
          view.buffer,
          view.byteOffset + start + 6,
          Math.min(length - 8, view.byteLength - start - 6),
        );
      }
    }
    at = start + length - 2;
  }
  return null;
}

interface Entry {
  type: number;
  count: number;
  /** Where the value is: inside the entry when it fits in four bytes, else at the offset it holds. */
  valueAt: number;
}

function gpsOf(tiff: DataView): GpsPoint | null {
  const order = tiff.getUint16(0);
  if (order !== 0x4949 && order !== 0x4d4d) return null;
  const little = order === 0x4949;
  if (tiff.getUint16(2, little) !== 42) return null;
  const ifd0 = readIfd(tiff, tiff.getUint32(4, little), little);
  const pointer = ifd0.get(TAG_GPS_IFD);
  if (!pointer) return null;
  const gps = readIfd(tiff, tiff.getUint32(pointer.valueAt, little), little);
  const latRef = ascii(tiff, gps.get(TAG_LAT_REF));
  const lngRef = ascii(tiff, gps.get(TAG_LNG_REF));
  const lat = degrees(tiff, gps.get(TAG_LAT), little);
  const lng = degrees(tiff, gps.get(TAG_LNG), little);
  if (lat === null || lng === null) return null;
  const point = { lat: latRef === 'S' ? -lat : lat, lng: lngRef === 'W' ? -lng : lng };
  // A camera without a fix writes zeros; (0, 0) is in the Gulf of Guinea, not a case's place.
  if (point.lat === 0 && point.lng === 0) return null;
  if (Math.abs(point.lat) > 90 || Math.abs(point.lng) > 180) return null;
  return point;
}

function readIfd(tiff: DataView, offset: number, little: boolean): Map<number, Entry> {
  const entries = new Map<number, Entry>();
  const count = tiff.getUint16(offset, little);
  if (count > 512) return entries;
  for (let i = 0; i < count; i += 1) {
    const at = offset + 2 + i * 12;
    const tag = tiff.getUint16(at, little);
    const type = tiff.getUint16(at + 2, little);
    const n = tiff.getUint32(at + 4, little);
    const size = (type === TYPE_RATIONAL ? 8 : type === TYPE_ASCII ? 1 : 4) * n;
    entries.set(tag, { type, count: n, valueAt: size <= 4 ? at + 8 : tiff.getUint32(at + 8, little) });
  }
  return entries;
}

function ascii(tiff: DataView, entry: Entry | undefined): string | null {
  if (!entry || entry.type !== TYPE_ASCII || entry.count < 1) return null;
  return String.fromCharCode(tiff.getUint8(entry.valueAt));
}

/** Degrees, minutes and seconds as three rationals → decimal degrees. */
function degrees(tiff: DataView, entry: Entry | undefined, little: boolean): number | null {
  if (!entry || entry.type !== TYPE_RATIONAL || entry.count < 3) return null;
  const parts: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const numerator = tiff.getUint32(entry.valueAt + i * 8, little);
    const denominator = tiff.getUint32(entry.valueAt + i * 8 + 4, little);
    if (denominator === 0) {
      if (numerator !== 0) return null;
      parts.push(0);
    } else parts.push(numerator / denominator);
  }
  const [d, m, s] = parts as [number, number, number];
  return d + m / 60 + s / 3600;
}

/** The position a photo file carries, reading only its head. */
export async function photoGps(file: Blob): Promise<GpsPoint | null> {
  return readExifGps(await file.slice(0, EXIF_HEAD_BYTES).arrayBuffer());
}
