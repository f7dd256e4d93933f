// Photos for a report, loaded only when the resident opens the report form's photo step: several
// from the camera or the album, each shrunk in the browser first (a phone's 13 MB photo would
// pass the server's 10 MB limit neither fast nor at all), shown as thumbnails that can be removed.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useI18n } from '../../shared/i18n.tsx';
import { Button } from './ui.tsx';

export const MAX_PHOTOS = 6;
/** The longer side after shrinking: sharp on any phone screen, ~0.5 MB as JPEG. */
const LONG_SIDE = 1920;
/** Smaller photos go as they are. */
const SHRINK_ABOVE_BYTES = 1.5 * 1024 * 1024;

/** The photo as a JPEG whose longer side is at most LONG_SIDE; the file itself when small or unreadable. */
export async function shrinkPhoto(file: File): Promise<File> {
  if (file.size <= SHRINK_ABOVE_BYTES || typeof createImageBitmap !== 'function') return file;
  try {
    const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    const scale = Math.min(1, LONG_SIDE / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    bitmap.close();
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
    if (!blob || blob.size >= file.size) return file;
    return new File([blob], file.name.replace(/\.[^.]*$/, '') + '.jpg', { type: 'image/jpeg' });
  } catch {
    // A format the browser cannot draw (HEIC on some phones): the server decides.
    return file;
  }
}

export default function PhotoPicker({
  value,
  onChange,
  incoming,
}: {
  value: File[];
  onChange: (files: File[]) => void;
  /** Files chosen before this picker loaded (the form's own first button). */
  incoming?: File[];
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const previews = useMemo(() => value.map((file) => URL.createObjectURL(file)), [value]);
  useEffect(() => () => previews.forEach((url) => URL.revokeObjectURL(url)), [previews]);

  const add = async (list: FileList | File[] | null) => {
    if (!list || list.length === 0) return;
    setBusy(true);
    try {
      const room = Math.max(0, MAX_PHOTOS - value.length);
      const shrunk = await Promise.all([...list].slice(0, room).map(shrinkPhoto));
      onChange([...value, ...shrunk]);
    } finally {
      setBusy(false);
    }
  };

  // Taken once (StrictMode runs effects twice in development), when the picker opens with the
  // files that opened it.
  const taken = useRef(false);
  useEffect(() => {
    if (taken.current) return;
    taken.current = true;
    void add(incoming ?? null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="r-stack" data-testid="photo-picker">
      {value.length > 0 && (
        <div className="r-photos">
          {value.map((file, i) => (
            <figure className="r-photo" key={previews[i]}>
              <img src={previews[i]} alt={t('resident.photoN', { n: i + 1 })} />
              <Button
                small
                aria-label={t('resident.photoRemove', { n: i + 1 })}
                onClick={() => onChange(value.filter((f) => f !== file))}
              >
                ×
              </Button>
            </figure>
          ))}
        </div>
      )}
      {value.length < MAX_PHOTOS && (
        <label className="r-button r-button-block" aria-busy={busy || undefined}>
          {busy ? t('resident.photoShrinking') : t('resident.photoAdd', { left: MAX_PHOTOS - value.length })}
          <input
            type="file"
            accept="image/*"
            multiple
            hidden
            data-testid="photo-input"
            disabled={busy}
            onChange={(e) => {
              void add(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
      )}
    </div>
  );
}
