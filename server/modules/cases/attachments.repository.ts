// Kysely queries over case attachments (the bytes live in the file store, under storage_key).
import type { Insertable, Selectable } from 'kysely';
import type { AttachmentStage } from '../../../common/attachments.ts';
import type { Db, Trx } from '../../context.ts';
import type { CaseAttachmentTable } from './cases.table.ts';

type Executor = Db | Trx;

const COLUMNS = [
  'id',
  'file_name',
  'media_type',
  'size',
  'sha256',
  'stage',
  'uploaded_by',
  'uploader_name',
  'uploader_role',
  'lng',
  'lat',
  'created_at',
] as const;

export type AttachmentRow = Pick<Selectable<CaseAttachmentTable>, (typeof COLUMNS)[number]>;

export interface StoredAttachment extends AttachmentRow {
  storage_key: string;
}

/** Every attachment's columns as the API shows them (a query to narrow, e.g. to one case). */
export const attachmentRows = (db: Executor) => db.selectFrom('case_attachment').select(COLUMNS).orderBy('id');

/** A case's attachments, oldest first; `stages` narrows to those an actor may see. */
export async function listAttachments(
  db: Executor,
  caseId: number,
  stages: readonly AttachmentStage[] | 'all' = 'all',
): Promise<AttachmentRow[]> {
  if (stages !== 'all' && stages.length === 0) return [];
  let query = db.selectFrom('case_attachment').select(COLUMNS).where('case_id', '=', caseId);
  if (stages !== 'all') query = query.where('stage', 'in', stages);
  return query.orderBy('id').execute();
}

/** The attachment if it belongs to this case (an id of another case is not found). */
export async function findAttachment(
  db: Executor,
  caseId: number,
  attachmentId: number,
): Promise<StoredAttachment | undefined> {
  return db
    .selectFrom('case_attachment')
    .select([...COLUMNS, 'storage_key'])
    .where('case_id', '=', caseId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

export async function insertAttachment(
  trx: Trx,
  values: Omit<Insertable<CaseAttachmentTable>, 'id'>,
): Promise<AttachmentRow> {
  return trx.insertInto('case_attachment').values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}
