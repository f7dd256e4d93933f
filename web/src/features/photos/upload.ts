// Sending picked photos to a case (POST /cases/{id}/attachments, contract 7): each with the stage
// it documents and, when its EXIF had one, the position it was taken at (WGS84; the server
// converts it). One at a time: a field connection carries one upload well, not six.
import type { AttachmentStage } from '../../../../common/attachments.ts';
import { api, multipart } from '../../shared/api.ts';
import type { PickedPhoto } from './photo-picker.tsx';

export type PhotoStage = AttachmentStage;

export function uploadPhoto(caseId: number, photo: PickedPhoto, stage: PhotoStage) {
  return api.POST('/api/v1/cases/{id}/attachments', {
    params: { path: { id: caseId } },
    // The fields before the file: the server reads them as the file part arrives.
    body: {
      stage,
      ...(photo.gps ? { lng: String(photo.gps.lng), lat: String(photo.gps.lat) } : {}),
      file: new File([photo.blob], photo.name, { type: 'image/jpeg' }),
    },
    bodySerializer: multipart,
  });
}

export interface UploadOutcome {
  sent: PickedPhoto[];
  failed: { photo: PickedPhoto; error: unknown }[];
}

/** Uploads the photos in order, reporting progress; a failure does not stop the others. */
export async function uploadPhotos(
  caseId: number,
  photos: readonly PickedPhoto[],
  stage: PhotoStage,
  onProgress?: (done: number, total: number) => void,
): Promise<UploadOutcome> {
  const outcome: UploadOutcome = { sent: [], failed: [] };
  for (const [i, photo] of photos.entries()) {
    try {
      await uploadPhoto(caseId, photo, stage);
      outcome.sent.push(photo);
    } catch (error) {
      outcome.failed.push({ photo, error });
    }
    onProgress?.(i + 1, photos.length);
  }
  return outcome;
}
