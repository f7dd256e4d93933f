// File names that came from a client: made safe to store and to show, and sent back in a
// Content-Disposition header that survives Chinese characters in every browser.

export const MAX_FILE_NAME_LENGTH = 120;

// Control characters (C0, DEL, C1) and the invisible format characters that can disguise a name
// (right-to-left override makes "gpj.exe" read as "exe.jpg"), plus characters no file system likes.
const UNSAFE = /[\p{Cc}\p{Cf}\u2028\u2029<>:"|?*]/gu;

/**
 * The last path segment of `raw`, without control or format characters, whitespace collapsed,
 * at most 120 characters (code points, so a Chinese character is never cut in half) keeping the
 * extension; `fallback` when nothing is left.
 */
export function sanitizeFileName(raw: string | undefined, fallback: string): string {
  const lastSegment = (raw ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment.normalize('NFC').replace(/\s/g, ' ').replace(UNSAFE, '').replace(/ {2,}/g, ' ').trim();
  const name = cleaned.replace(/^\.+/, '').trim();
  if (name === '') return fallback;
  const chars = [...name];
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? [...name.slice(dot)] : [];
  if (extension.length > 0 && extension.length <= 16) {
    const base = [...name.slice(0, dot)].slice(0, MAX_FILE_NAME_LENGTH - extension.length);
    return [...base, ...extension].join('');
  }
  return chars.slice(0, MAX_FILE_NAME_LENGTH).join('');
}

/** What a name's last dot-suffix must look like to count as its extension (not "张三.李四的照片"). */
const EXTENSION = /\.[A-Za-z0-9]{1,10}$/;

/**
 * A name already made safe (sanitizeFileName) with the extension of what the file is, in place of
 * the one the client gave or added when it gave none: a PNG sent as "x.pdf" is kept as "x.png", so
 * the name never disagrees with the stored media type when it is downloaded and opened.
 */
export function withExtension(safeName: string, extension: string): string {
  const base = safeName.replace(EXTENSION, '').replace(/[. ]+$/, '') || '附件';
  const suffix = [...`.${extension}`];
  const chars = [...base].slice(0, MAX_FILE_NAME_LENGTH - suffix.length);
  return [...chars, ...suffix].join('');
}

/** RFC 5987 percent-encoding: what encodeURIComponent leaves alone minus ' ( ) *. */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<the real name>` (RFC 6266). */
export function attachmentDisposition(fileName: string): string {
  const asciiFallback = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `attachment; filename="${asciiFallback}"; filename*=UTF-8''${encodeExtValue(fileName)}`;
}
