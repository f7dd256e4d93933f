// A case's attachments as one actor may see them: the stages the policy shows it
// (attachments.policy.ts), and no staff member's name to a resident.
import type { Db } from '../../context.ts';
import type { Actor } from '../auth/index.ts';
import { visibleStages } from './attachments.policy.ts';
import { listAttachments, type AttachmentRow } from './attachments.repository.ts';
import type { CaseAccessFacts } from './cases.policy.ts';

/** An attachment as the API shows it; a resident sees no staff member's name (`asStaff` false). */
export function presentAttachment(row: AttachmentRow, asStaff: boolean) {
  return {
    id: row.id,
    fileName: row.file_name,
    mediaType: row.media_type,
    size: row.size,
    sha256: row.sha256,
    stage: row.stage,
    uploadedBy: {
      name: asStaff || row.uploader_role === 'resident' ? row.uploader_name : null,
      role: row.uploader_role,
    },
    location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat, crs: 'gcj02' as const } : null,
    createdAt: row.created_at,
  };
}

/**
 * The case's attachments this actor may see, presented to it; from `loaded` (every stage's, read
 * with the case) when given, else read.
 */
export async function attachmentsFor(
  db: Db,
  actor: Actor,
  caseId: number,
  facts: CaseAccessFacts,
  loaded?: readonly AttachmentRow[],
) {
  const stages = visibleStages(actor, facts);
  const rows = loaded
    ? loaded.filter((row) => stages === 'all' || stages.includes(row.stage))
    : await listAttachments(db, caseId, stages);
  return rows.map((row) => presentAttachment(row, stages === 'all'));
}
