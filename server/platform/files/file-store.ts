// Files on disk under one root directory. A file arrives in a temporary file inside the root (same
// file system), is checked, then renamed into place: a reader never sees half a file, and a failed
// upload leaves nothing behind. Keys are relative paths the caller chooses (e.g. sharded by owner).
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ReceivedFile {
  /** Absolute path of the temporary file. */
  tempPath: string;
  size: number;
  sha256: string;
  /** The source said more than `maxBytes`; only the first `maxBytes` were kept. */
  tooLarge: boolean;
}

const KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/;

export function randomFileId(): string {
  return randomBytes(16).toString('hex');
}

export class FileStore {
  constructor(readonly root: string) {}

  /** Absolute path of a key; refuses anything that could leave the root. */
  pathOf(key: string): string {
    if (!KEY.test(key)) throw new Error(`invalid storage key "${key}"`);
    return path.join(this.root, ...key.split('/'));
  }

  /**
   * Streams `source` into a temporary file, hashing and counting as it goes. Past `maxBytes` the
   * rest is read and dropped (so the request completes) and `tooLarge` is set; the caller then
   * discards the file.
   */
  async receive(source: Readable, maxBytes: number): Promise<ReceivedFile> {
    const tempDir = path.join(this.root, 'tmp');
    // Every folder of the store is private to the server's account, like each file (0600).
    await mkdir(tempDir, { recursive: true, mode: 0o700 });
    const tempPath = path.join(tempDir, `${randomFileId()}.part`);
    const hash = createHash('sha256');
    let size = 0;
    let tooLarge = false;
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        if (tooLarge) return done();
        if (size + chunk.length > maxBytes) {
          tooLarge = true;
          return done();
        }
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(source, meter, createWriteStream(tempPath, { flags: 'wx', mode: 0o600 }));
      // The row that points at this file is committed next: the bytes must be on disk first.
      const written = await open(tempPath, 'r');
      try {
        await written.sync();
      } finally {
        await written.close();
      }
    } catch (error) {
      await this.discard(tempPath);
      throw error;
    }
    return { tempPath, size, sha256: hash.digest('hex'), tooLarge };
  }

  /** Moves a received file to its key (an atomic rename within the root). */
  async commit(received: ReceivedFile, key: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    await rename(received.tempPath, target);
  }

  /** Removes a temporary file; nothing happens when it is already gone (committed or discarded). */
  async discard(tempPath: string): Promise<void> {
    await rm(tempPath, { force: true });
  }

  async remove(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  /** Opens a stored file for reading; rejects (ENOENT) before any byte is sent when it is missing. */
  async read(key: string): Promise<ReadStream> {
    const handle = await open(this.pathOf(key), 'r');
    return handle.createReadStream();
  }
}
