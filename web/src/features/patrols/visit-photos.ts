// Sending a visit's photos (POST /patrols/{id}/visits/{visitId}/photos): each shrunk on the phone
// (no EXIF left in it) with the position its EXIF had sent beside it (WGS84; the server converts).
// One at a time, like the case photos: a field connection carries one upload well, not six.
import { api, multipart } from '../../shared/api.ts';
import type { PickedPhoto } from '../photos/photo-picker.tsx';

export async function uploadVisitPhotos(
  patrolId: number,
  visitId: number,
  photos: readonly PickedPhoto[],
  onProgress?: (done: number, total: number) => void,
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  for (const [i, photo] of photos.entries()) {
    try {
      await api.POST('/api/v1/patrols/{id}/visits/{visitId}/photos', {
        params: { path: { id: patrolId, visitId } },
        body: {
          ...(photo.gps ? { lng: String(photo.gps.lng), lat: String(photo.gps.lat) } : {}),
          file: new File([photo.blob], photo.name, { type: 'image/jpeg' }),
        },
        bodySerializer: multipart,
      });
      sent += 1;
    } catch {
      // Counted: the worker adds it again on the visit.
    }
    onProgress?.(i + 1, photos.length);
  }
  return { sent, failed: photos.length - sent };
}
