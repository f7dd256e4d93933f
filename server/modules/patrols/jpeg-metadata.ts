// A JPEG without its metadata segments: APP1 (EXIF with the GPS position, XMP) and APP13 (IPTC) are
// dropped, everything else (the picture, its tables, the JFIF header, ICC colours in APP2) is kept
// byte for byte. A phone's page re-encodes photos, which already drops them; this is for a client
// that sends the camera's file as it is — a household's photo should not carry where it was taken
// beyond the position the visit records on purpose. Pure; anything that does not parse is returned
// unchanged (the type check already said it starts like a JPEG).

const SOI = 0xd8;
const SOS = 0xda;
const APP1 = 0xe1;
const APP13 = 0xed;

export function stripJpegMetadata(input: Buffer): Buffer {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== SOI) return input;
  const kept: Buffer[] = [input.subarray(0, 2)];
  let at = 2;
  let dropped = false;
  while (at + 4 <= input.length) {
    if (input[at] !== 0xff) return input;
    const marker = input[at + 1]!;
    // Fill bytes before a marker.
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    // Standalone markers carry no length.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      kept.push(input.subarray(at, at + 2));
      at += 2;
      continue;
    }
    const length = input.readUInt16BE(at + 2);
    if (length < 2 || at + 2 + length > input.length) return input;
    if (marker === SOS) {
      // The scan and whatever follows (more scans, EOI) stay as they are.
      kept.push(input.subarray(at));
      return dropped ? Buffer.concat(kept) : input;
    }
    if (marker === APP1 || marker === APP13) dropped = true;
    else kept.push(input.subarray(at, at + 2 + length));
    at += 2 + length;
  }
  return input;
}
