// Kysely queries over case attachments (the bytes live in the file store, under storage_key).
import type { Insertable } from 'kysely';
import type { Db, Trx } from '../../context.ts';
import type { CaseAttachmentTable } from './cases.table.ts';

type Executor = Db | Trx;

export interface AttachmentView {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export interface StoredAttachment extends AttachmentView {
  storageKey: string;
}

const COLUMNS = [
  'id',
  'file_name as fileName',
  'media_type as mediaType',
  'size',
  'sha256',
  'created_at as createdAt',
] as const;

export async function listAttachments(db: Executor, caseId: number): Promise<AttachmentView[]> {
  return db.selectFrom('case_attachment').select(COLUMNS).where('case_id', '=', caseId).orderBy('id').execute();
}

/** The attachment if it belongs to this case (an id of another case is not found). */
export async function findAttachment(
  db: Executor,
  caseId: number,
  attachmentId: number,
): Promise<StoredAttachment | undefined> {
  return db
    .selectFrom('case_attachment')
    .select([...COLUMNS, 'storage_key as storageKey'])
    .where('case_id', '=', caseId)
    .where('id', '=', attachmentId)
    .executeTakeFirst();
}

export async function insertAttachment(
  trx: Trx,
  values: Omit<Insertable<CaseAttachmentTable>, 'id'>,
): Promise<AttachmentView> {
  return trx.insertInto('case_attachment').values(values).returning(COLUMNS).executeTakeFirstOrThrow();
}
