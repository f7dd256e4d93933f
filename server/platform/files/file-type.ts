// What a stored file is, decided from its bytes: the client's content type and file extension say
// nothing. Only the types below are recognised; anything else is refused by the caller.
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';

export interface FileType {
  mediaType: string;
  extension: string;
}

export const JPEG: FileType = { mediaType: 'image/jpeg', extension: 'jpg' };
export const PNG: FileType = { mediaType: 'image/png', extension: 'png' };
export const WEBP: FileType = { mediaType: 'image/webp', extension: 'webp' };
export const GIF: FileType = { mediaType: 'image/gif', extension: 'gif' };
export const PDF: FileType = { mediaType: 'application/pdf', extension: 'pdf' };
export const DOCX: FileType = {
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  extension: 'docx',
};
export const XLSX: FileType = {
  mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  extension: 'xlsx',
};

export const ACCEPTED_TYPES: readonly FileType[] = [JPEG, PNG, WEBP, GIF, PDF, DOCX, XLSX];

const HEAD_BYTES = 16;
const ZIP_LOCAL_HEADER = 0x04034b50;
const ZIP_CENTRAL_HEADER = 0x02014b50;
const ZIP_END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP_EOCD_SIZE = 22;
const ZIP_MAX_COMMENT = 0xffff;
/** More entries than any real office document has; a bound on the work a hostile file can cause. */
const ZIP_MAX_ENTRIES = 20_000;

const ascii = (text: string) => Buffer.from(text, 'latin1');
const startsWith = (head: Buffer, prefix: Buffer, at = 0) =>
  head.length >= at + prefix.length && head.subarray(at, at + prefix.length).equals(prefix);

/** The types recognisable from the first bytes alone (everything but the ZIP-based office files). */
export function typeFromHead(head: Buffer): FileType | undefined {
  if (startsWith(head, Buffer.from([0xff, 0xd8, 0xff]))) return JPEG;
  if (startsWith(head, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return PNG;
  if (startsWith(head, ascii('GIF87a')) || startsWith(head, ascii('GIF89a'))) return GIF;
  if (startsWith(head, ascii('RIFF')) && startsWith(head, ascii('WEBP'), 8)) return WEBP;
  if (startsWith(head, ascii('%PDF-'))) return PDF;
  return undefined;
}

/** Names of the entries in a ZIP file's central directory; [] when it is not a readable ZIP. */
async function zipEntryNames(file: FileHandle, size: number): Promise<string[]> {
  const tailLength = Math.min(size, ZIP_EOCD_SIZE + ZIP_MAX_COMMENT);
  const tail = Buffer.alloc(tailLength);
  await file.read(tail, 0, tailLength, size - tailLength);
  let eocd = -1;
  for (let i = tailLength - ZIP_EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === ZIP_END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return [];
  const entries = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  // ZIP64 (offsets of 0xFFFFFFFF) never occurs below our size limit; treat it as unreadable.
  if (entries > ZIP_MAX_ENTRIES || directoryOffset + directorySize > size) return [];
  const directory = Buffer.alloc(directorySize);
  await file.read(directory, 0, directorySize, directoryOffset);
  const names: string[] = [];
  let at = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== ZIP_CENTRAL_HEADER) return [];
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    if (at + 46 + nameLength > directory.length) return [];
    names.push(directory.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/** DOCX and XLSX are ZIP files with an OPC manifest; a plain ZIP (or any other package) is not. */
export function officeTypeOf(entryNames: readonly string[]): FileType | undefined {
  if (!entryNames.includes('[Content_Types].xml')) return undefined;
  if (entryNames.some((name) => name.startsWith('word/'))) return DOCX;
  if (entryNames.some((name) => name.startsWith('xl/'))) return XLSX;
  return undefined;
}

/** The type of the file at `path`, or undefined when it is none of the accepted types. */
export async function detectFileType(path: string): Promise<FileType | undefined> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, HEAD_BYTES));
    await file.read(head, 0, head.length, 0);
    const simple = typeFromHead(head);
    if (simple) return simple;
    if (head.length >= 4 && head.readUInt32LE(0) === ZIP_LOCAL_HEADER) {
      return officeTypeOf(await zipEntryNames(file, size));
    }
    return undefined;
  } finally {
    await file.close();
  }
}
