// A phone photo made small enough to send over a field connection: decoded in the browser (turned
// upright by its EXIF orientation), drawn at most MAX_SIDE pixels on its long side and encoded as
// JPEG. A 13 MB, 48-megapixel photo becomes a few hundred kilobytes, under the server's limit; the
// re-encoded file carries no EXIF, so the position travels apart (see exif-gps.ts).

export const MAX_SIDE = 1600;
const QUALITY = 0.85;

interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  release: () => void;
}

async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, release: () => bitmap.close() };
    } catch {
      // Some browsers refuse the options or the format here but decode it as an <img>.
    }
  }
  const url = URL.createObjectURL(file);
  const image = new Image();
  image.src = url;
  try {
    await image.decode();
  } catch (error) {
    URL.revokeObjectURL(url);
    throw error;
  }
  return {
    source: image,
    width: image.naturalWidth,
    height: image.naturalHeight,
    release: () => URL.revokeObjectURL(url),
  };
}

/** The size a photo of `width` × `height` is drawn at: the long side at most `max`, never enlarged. */
export function fittedSize(width: number, height: number, max = MAX_SIDE): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface Resized {
  blob: Blob;
  width: number;
  height: number;
}

/** The photo as a JPEG of at most MAX_SIDE px on its long side. Throws when the file is no image the browser reads. */
export async function resizePhoto(file: Blob): Promise<Resized> {
  const decoded = await decode(file);
  try {
    const size = fittedSize(decoded.width, decoded.height);
    const canvas = document.createElement('canvas');
    canvas.width = size.width;
    canvas.height = size.height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('canvas unavailable');
    // A transparent PNG would turn black as JPEG: paint white under it.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.imageSmoothingQuality = 'high';
    context.drawImage(decoded.source, 0, 0, size.width, size.height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', QUALITY));
    // Free the canvas's pixels at once: several photos in a row must not hold hundreds of MB.
    canvas.width = 0;
    canvas.height = 0;
    if (!blob) throw new Error('encoding failed');
    return { blob, ...size };
  } finally {
    decoded.release();
  }
}
