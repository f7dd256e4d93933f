// A visit's photos go with the case its finding becomes: each is attached to the case through the
// cases module's own upload (the case's timeline and audit record each file, stage `report`, the
// position it was taken at). The copies are the case's own files; the visit keeps its photos.
// Run after the case and its link are committed: a failure leaves the case without that photo
// (counted in the answer) and the worker may add it on the case page, rather than undoing intake.
import { createRequire } from 'node:module';
import type { AppContext } from '../../../context.ts';
import type { Actor } from '../../auth/index.ts';
import { attachFile, loadVisibleCase } from '../../cases/index.ts';
import { listVisitPhotos } from '../patrols.repository.ts';
import { photoStore } from './add-visit-photo.ts';

// gcoord is CommonJS whose typings describe an ES default export; load it the CommonJS way.
const gcoord = createRequire(import.meta.url)('gcoord') as typeof import('gcoord').default;

/** attachFile takes the position as the phone's GPS gives it (WGS84); ours is stored as GCJ-02. */
const toWgs84 = (lng: number, lat: number) => {
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], gcoord.GCJ02, gcoord.WGS84);
  return { lng: x, lat: y };
};

export async function copyVisitPhotos(
  ctx: AppContext,
  actor: Actor,
  visitId: number,
  caseId: number,
  clientIp: string | null,
): Promise<{ copied: number; failed: number }> {
  const photos = await listVisitPhotos(ctx.db, visitId);
  if (photos.length === 0) return { copied: 0, failed: 0 };
  const loaded = await loadVisibleCase(ctx, actor, caseId);
  const store = photoStore(ctx);
  let copied = 0;
  for (const photo of photos) {
    try {
      const stream = await store.read(photo.storageKey);
      await attachFile(ctx, actor, loaded, { fileName: photo.fileName, stream, truncated: () => false }, clientIp, {
        stage: 'report',
        location: photo.lng !== null && photo.lat !== null ? toWgs84(photo.lng, photo.lat) : undefined,
      });
      copied += 1;
    } catch {
      // Counted in the answer (photosFailed); the visit still holds the photo.
    }
  }
  return { copied, failed: photos.length - copied };
}
