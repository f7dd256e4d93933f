// The container of a backup: a plain POSIX ustar archive (readable by any `tar`), written and read
// here without a dependency. Only regular files; each header's checksum is checked, the padding
// after each file and the end of the archive must be zeros, so that a changed byte anywhere in the
// headers or the structure is refused; the bytes of each file are checked against the manifest's
// SHA-256 by the caller (backup.ts). Files are streamed in and out, never held in memory whole.
import { open, type FileHandle } from 'node:fs/promises';

const BLOCK = 512;
const CHUNK = 1024 * 1024;
/** 11 octal digits: the largest size a classic header holds; larger sizes use base-256 (GNU, star). */
const MAX_OCTAL_SIZE = 0o77777777777;

export class ArchiveError extends Error {}

/** write(2) may write less than asked: write until every byte is out. */
async function writeAll(handle: FileHandle, bytes: Buffer): Promise<void> {
  for (let done = 0; done < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done);
    done += bytesWritten;
  }
}

function writeString(header: Buffer, offset: number, length: number, value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length > length) throw new Error(`"${value}" does not fit in a tar header field of ${length} bytes`);
  bytes.copy(header, offset);
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
  // length - 1 digits and a NUL.
  writeString(header, offset, length, value.toString(8).padStart(length - 1, '0') + '\0');
}

/** Splits a path into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes) at a slash. */
function splitName(name: string): { prefix: string; base: string } {
  if (Buffer.byteLength(name) <= 100) return { prefix: '', base: name };
  for (let i = name.indexOf('/'); i !== -1; i = name.indexOf('/', i + 1)) {
    const prefix = name.slice(0, i);
    const base = name.slice(i + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100) return { prefix, base };
  }
  throw new Error(`path too long for the archive: ${name}`);
}

function fileHeader(name: string, size: number, mtime: Date): Buffer {
  const header = Buffer.alloc(BLOCK);
  const { prefix, base } = splitName(name);
  writeString(header, 0, 100, base);
  writeOctal(header, 100, 8, 0o600);
  writeOctal(header, 108, 8, 0);
  writeOctal(header, 116, 8, 0);
  if (size <= MAX_OCTAL_SIZE) {
    writeOctal(header, 124, 12, size);
  } else {
    // Base-256: the first byte's high bit set, the value big-endian in the rest.
    header[124] = 0x80;
    header.writeBigUInt64BE(BigInt(size), 136 - 8);
  }
  writeOctal(header, 136, 12, Math.floor(mtime.getTime() / 1000));
  header.write('        ', 148, 'latin1');
  header.write('0', 156, 'latin1');
  header.write('ustar\0', 257, 'latin1');
  header.write('00', 263, 'latin1');
  writeString(header, 265, 32, 'concord');
  writeString(header, 297, 32, 'concord');
  writeString(header, 345, 155, prefix);
  const sum = header.reduce((total, byte) => total + byte, 0);
  writeString(header, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return header;
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;

/** Appends files to a new archive; `finish()` writes the end-of-archive blocks and fsyncs. */
export class ArchiveWriter {
  private constructor(private readonly handle: FileHandle) {}

  /** Creates the file (it must not exist), private to this account (0600). */
  static async create(file: string): Promise<ArchiveWriter> {
    return new ArchiveWriter(await open(file, 'wx', 0o600));
  }

  /** Adds one file from a buffer. */
  async addBuffer(name: string, content: Buffer, mtime: Date): Promise<void> {
    await writeAll(this.handle, fileHeader(name, content.length, mtime));
    await writeAll(this.handle, content);
    await writeAll(this.handle, Buffer.alloc(padding(content.length)));
  }

  /**
   * Adds one file from disk, streaming it; `onChunk` sees each chunk (for the SHA-256). The size is
   * taken when the file is opened: a file that changes length meanwhile is refused.
   */
  async addFile(name: string, source: string, onChunk: (chunk: Buffer) => void): Promise<number> {
    const input = await open(source, 'r');
    try {
      const { size, mtime } = await input.stat();
      await writeAll(this.handle, fileHeader(name, size, mtime));
      const buffer = Buffer.alloc(Math.min(CHUNK, Math.max(size, 1)));
      let done = 0;
      while (done < size) {
        const { bytesRead } = await input.read(buffer, 0, Math.min(buffer.length, size - done), done);
        if (bytesRead === 0) throw new Error(`${source} became shorter while it was being backed up`);
        const chunk = buffer.subarray(0, bytesRead);
        onChunk(chunk);
        await writeAll(this.handle, chunk);
        done += bytesRead;
      }
      await writeAll(this.handle, Buffer.alloc(padding(size)));
      return size;
    } finally {
      await input.close();
    }
  }

  async finish(): Promise<void> {
    await writeAll(this.handle, Buffer.alloc(2 * BLOCK));
    await this.handle.sync();
    await this.handle.close();
  }

  async abandon(): Promise<void> {
    await this.handle.close().catch(() => undefined);
  }
}

export interface ArchiveEntry {
  readonly name: string;
  readonly size: number;
  /** Byte offset of the entry's header in the archive (for messages). */
  readonly offset: number;
  /** The file's bytes, in chunks; may be skipped (the reader knows where the next header is). */
  chunks(): AsyncGenerator<Buffer>;
}

function readString(header: Buffer, offset: number, length: number): string {
  const field = header.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? length : end).toString('utf8');
}

function readOctal(header: Buffer, offset: number, length: number, what: string, at: number): number {
  const field = header.subarray(offset, offset + length);
  if (offset === 124 && (field[0]! & 0x80) !== 0) {
    if (field.subarray(1, 4).some((b) => b !== 0)) throw new ArchiveError(`entry at byte ${at}: size too large`);
    return Number(field.readBigUInt64BE(4));
  }
  const text = field
    .toString('latin1')
    .replace(/[\0 ]+$/, '')
    .replace(/^ +/, '');
  if (!/^[0-7]+$/.test(text)) throw new ArchiveError(`entry at byte ${at}: the ${what} field is not a number`);
  return parseInt(text, 8);
}

/**
 * Reads the entries of an archive in order. Refuses (ArchiveError) a header whose checksum is
 * wrong, anything but a regular file, a file running past the end, non-zero padding and anything
 * but zeros after the end-of-archive mark.
 */
export async function* readArchive(file: string): AsyncGenerator<ArchiveEntry> {
  const handle = await open(file, 'r');
  try {
    const { size: total } = await handle.stat();
    const readAt = async (position: number, length: number): Promise<Buffer> => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      if (bytesRead !== length) throw new ArchiveError(`the archive ends early at byte ${position + bytesRead}`);
      return buffer;
    };
    let position = 0;
    for (;;) {
      if (position + BLOCK > total) throw new ArchiveError(`the archive ends early at byte ${total} (no end mark)`);
      const header = await readAt(position, BLOCK);
      if (header.every((b) => b === 0)) {
        // The end mark: zero blocks to the end of the file (at least two).
        if (total - position < 2 * BLOCK || total % BLOCK !== 0) {
          throw new ArchiveError(`the archive's end mark at byte ${position} is cut short`);
        }
        for (let at = position + BLOCK; at < total; at += CHUNK) {
          const rest = await readAt(at, Math.min(CHUNK, total - at));
          if (rest.some((b) => b !== 0)) throw new ArchiveError(`bytes after the end of the archive (at ${at})`);
        }
        return;
      }
      const stored = readOctal(header, 148, 8, 'checksum', position);
      const copy = Buffer.from(header);
      copy.write('        ', 148, 'latin1');
      const sum = copy.reduce((t, b) => t + b, 0);
      if (sum !== stored) throw new ArchiveError(`the header of the entry at byte ${position} is damaged (checksum)`);
      const type = String.fromCharCode(header[156]!);
      if (type !== '0' && type !== '\0') {
        throw new ArchiveError(`entry at byte ${position} is not a regular file (type "${type}")`);
      }
      if (header.toString('latin1', 257, 263) !== 'ustar\0') {
        throw new ArchiveError(`entry at byte ${position} is not a ustar header`);
      }
      const prefix = readString(header, 345, 155);
      const base = readString(header, 0, 100);
      const name = prefix ? `${prefix}/${base}` : base;
      const size = readOctal(header, 124, 12, 'size', position);
      const dataStart = position + BLOCK;
      const pad = padding(size);
      if (dataStart + size + pad > total) throw new ArchiveError(`${name}: the archive ends inside this file`);
      yield {
        name,
        size,
        offset: position,
        async *chunks() {
          for (let at = 0; at < size; at += CHUNK) yield await readAt(dataStart + at, Math.min(CHUNK, size - at));
        },
      };
      if (pad > 0 && (await readAt(dataStart + size, pad)).some((b) => b !== 0)) {
        throw new ArchiveError(`${name}: the padding after this file is not zeros (byte ${dataStart + size})`);
      }
      position = dataStart + size + pad;
    }
  } finally {
    await handle.close();
  }
}
