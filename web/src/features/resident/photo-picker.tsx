// Photos for a report, loaded only when the resident first chooses some: several from the camera
// or the album, each read for where it was taken (EXIF GPS) and shrunk to a JPEG in the browser
// with the field pages' photo tools (features/photos/: a 13 MB phone photo must not fail), shown
// as thumbnails that can be removed. Plain controls: the field pages' picker draws with Ant
// Design, which /m does not load.
import { useEffect, useRef, useState } from 'react';
import { photoGps } from '../photos/exif-gps.ts';
import type { PickedPhoto } from '../photos/photo-picker.tsx';
import { resizePhoto } from '../photos/resize.ts';
import { useI18n } from '../../shared/i18n.tsx';
import { Button, Notice } from './ui.tsx';

export const MAX_PHOTOS = 6;

let counter = 0;

/** Read for its position and shrunk; null when it is no image this browser can read. */
async function prepare(file: File): Promise<PickedPhoto | null> {
  try {
    const gps = await photoGps(file);
    const resized = await resizePhoto(file);
    counter += 1;
    return {
      key: `resident-photo-${counter}`,
      name: `${file.name.replace(/\.[^.]*$/, '') || 'photo'}.jpg`,
      blob: resized.blob,
      url: URL.createObjectURL(resized.blob),
      gps,
      originalBytes: file.size,
    };
  } catch {
    return null;
  }
}

export function releasePhotos(photos: readonly PickedPhoto[]): void {
  for (const photo of photos) URL.revokeObjectURL(photo.url);
}

export default function PhotoPicker({
  value,
  onChange,
  incoming,
}: {
  value: PickedPhoto[];
  onChange: (photos: PickedPhoto[]) => void;
  /** Files chosen before this picker loaded (the form's own first button). */
  incoming?: File[];
}) {
  const { t } = useI18n();
  const [working, setWorking] = useState(false);
  const [unreadable, setUnreadable] = useState<string[]>([]);
  // The latest list, for photos finishing after the parent re-rendered.
  const current = useRef(value);
  current.current = value;

  const add = async (files: File[]) => {
    const room = files.slice(0, Math.max(0, MAX_PHOTOS - current.current.length));
    if (room.length === 0) return;
    setWorking(true);
    setUnreadable([]);
    // One at a time: several 13 MB photos never sit decoded in memory together.
    for (const file of room) {
      const photo = await prepare(file);
      if (photo) {
        current.current = [...current.current, photo];
        onChange(current.current);
      } else {
        setUnreadable((names) => [...names, file.name]);
      }
    }
    setWorking(false);
  };

  // Taken once (StrictMode runs effects twice in development): the files that opened the picker.
  const taken = useRef(false);
  useEffect(() => {
    if (taken.current) return;
    taken.current = true;
    void add(incoming ?? []);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <div className="r-stack" data-testid="photo-picker">
      {value.length > 0 && (
        <div className="r-photos">
          {value.map((photo, i) => (
            <figure className="r-photo" key={photo.key}>
              <img src={photo.url} alt={t('resident.photoN', { n: i + 1 })} />
              <Button
                small
                aria-label={t('resident.photoRemove', { n: i + 1 })}
                onClick={() => {
                  releasePhotos([photo]);
                  onChange(value.filter((p) => p.key !== photo.key));
                }}
              >
                ×
              </Button>
            </figure>
          ))}
        </div>
      )}
      {unreadable.length > 0 && (
        <Notice kind="warning">{t('resident.photoUnreadable', { names: unreadable.join('、') })}</Notice>
      )}
      {value.length < MAX_PHOTOS && (
        <label className="r-button r-button-block" aria-busy={working || undefined}>
          {working ? t('resident.photoShrinking') : t('resident.photoAdd', { left: MAX_PHOTOS - value.length })}
          <input
            type="file"
            accept="image/*"
            multiple
            hidden
            data-testid="photo-input-more"
            disabled={working}
            onChange={(e) => {
              const files = [...(e.target.files ?? [])];
              e.target.value = '';
              void add(files);
            }}
          />
        </label>
      )}
    </div>
  );
}
