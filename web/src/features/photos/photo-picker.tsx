// Photos from the phone's camera or album, several at a time, with previews. Each is read for its
// GPS position (EXIF) and shrunk to a JPEG of at most 1600 px before anything is sent, one at a
// time so that a handful of 13 MB photos never sit decoded in memory together.
import { App, Button, Space, Tag, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../shared/i18n.tsx';
import { photoGps, type GpsPoint } from './exif-gps.ts';
import { resizePhoto } from './resize.ts';

export interface PickedPhoto {
  key: string;
  /** The name sent with the upload (the original's, as .jpg). */
  name: string;
  /** The resized JPEG. */
  blob: Blob;
  /** An object URL of `blob` for the preview; revoked when the photo is removed. */
  url: string;
  /** Where the photo was taken (EXIF, WGS84), when the camera wrote it. */
  gps: GpsPoint | null;
  originalBytes: number;
}

let counter = 0;

function jpegName(name: string): string {
  const base = name.replace(/\.[^.]*$/, '') || 'photo';
  return `${base}.jpg`;
}

/** Reads and shrinks one file; null when it is no image this browser can read. */
export async function preparePhoto(file: File): Promise<PickedPhoto | null> {
  try {
    const gps = await photoGps(file);
    const resized = await resizePhoto(file);
    counter += 1;
    return {
      key: `photo-${counter}`,
      name: jpegName(file.name),
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

export function PhotoPicker({
  value,
  onChange,
  testId,
  max = 9,
  disabled,
}: {
  value: PickedPhoto[];
  onChange: (photos: PickedPhoto[]) => void;
  /** Prefix of the test ids: `${testId}-camera`, `${testId}-album`, `${testId}-preview`. */
  testId: string;
  max?: number;
  disabled?: boolean;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const camera = useRef<HTMLInputElement>(null);
  const album = useRef<HTMLInputElement>(null);
  const [working, setWorking] = useState<{ done: number; total: number } | null>(null);
  // The latest list, for photos finishing after the parent re-rendered, and for the unmount.
  const current = useRef(value);
  current.current = value;
  useEffect(() => () => releasePhotos(current.current), []);

  const add = async (input: HTMLInputElement) => {
    const picked = [...(input.files ?? [])];
    input.value = ''; // the same photo may be chosen again after removing it
    const files = picked.slice(0, Math.max(0, max - current.current.length));
    if (files.length < picked.length) void message.warning(t('phone.photo.tooMany', { max }));
    if (files.length === 0) return;
    setWorking({ done: 0, total: files.length });
    for (const [i, file] of files.entries()) {
      const photo = await preparePhoto(file);
      if (photo) {
        current.current = [...current.current, photo];
        onChange(current.current);
      } else {
        void message.error(t('phone.photo.unreadable', { name: file.name }));
      }
      setWorking({ done: i + 1, total: files.length });
    }
    setWorking(null);
  };

  const remove = (key: string) => {
    const photo = value.find((p) => p.key === key);
    if (photo) releasePhotos([photo]);
    onChange(value.filter((p) => p.key !== key));
  };

  const full = value.length >= max;
  return (
    <div data-testid={testId}>
      {value.length > 0 && (
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: 'repeat(auto-fill, minmax(96px, 1fr))',
            gap: 8,
            marginBottom: 8,
          }}
        >
          {value.map((photo, i) => (
            <figure
              key={photo.key}
              data-testid={`${testId}-preview`}
              data-gps={photo.gps ? 'yes' : 'no'}
              style={{ margin: 0, position: 'relative' }}
            >
              <img
                src={photo.url}
                alt={t('phone.photo.alt', { n: i + 1 })}
                style={{
                  width: '100%',
                  aspectRatio: '1',
                  objectFit: 'cover',
                  borderRadius: 6,
                  display: 'block',
                  background: '#f0f0f0',
                }}
              />
              {photo.gps && (
                <Tag color="blue" style={{ position: 'absolute', left: 4, top: 4, margin: 0 }}>
                  {t('phone.photo.hasGps')}
                </Tag>
              )}
              <Button
                size="small"
                danger
                disabled={disabled}
                onClick={() => remove(photo.key)}
                style={{ position: 'absolute', right: 4, bottom: 4 }}
                aria-label={t('phone.photo.removeN', { n: i + 1 })}
              >
                {t('phone.photo.remove')}
              </Button>
            </figure>
          ))}
        </div>
      )}
      <Space wrap>
        <Button
          size="large"
          disabled={disabled || full || working !== null}
          onClick={() => camera.current?.click()}
          data-testid={`${testId}-take`}
        >
          {t('phone.photo.take')}
        </Button>
        <Button size="large" disabled={disabled || full || working !== null} onClick={() => album.current?.click()}>
          {t('phone.photo.album')}
        </Button>
      </Space>
      {working && (
        <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }} data-testid={`${testId}-working`}>
          {t('phone.photo.working', { done: working.done, total: working.total })}
        </Typography.Text>
      )}
      <input
        ref={camera}
        type="file"
        accept="image/*"
        capture="environment"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-camera`}
        aria-label={t('phone.photo.take')}
        onChange={(e) => void add(e.currentTarget)}
      />
      <input
        ref={album}
        type="file"
        accept="image/*"
        multiple
        style={{ display: 'none' }}
        data-testid={`${testId}-album`}
        aria-label={t('phone.photo.album')}
        onChange={(e) => void add(e.currentTarget)}
      />
    </div>
  );
}
