// A signature binds the agreement's text (issue 13): each keeps the SHA-256 of the agreement's
// text and of the .docx as they stood when it was recorded. Signatures recorded before have
// neither (null): they bind nothing and are listed as such.
// Frozen in time: this file must never import application code.
import type { Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are frozen and untyped by design
type AnyDb = Kysely<any>;

export async function up(db: AnyDb): Promise<void> {
  await db.schema.alterTable('agreement_signature').addColumn('text_sha256', 'text').execute();
  await db.schema.alterTable('agreement_signature').addColumn('document_sha256', 'text').execute();
}

export async function down(db: AnyDb): Promise<void> {
  await db.schema.alterTable('agreement_signature').dropColumn('document_sha256').execute();
  await db.schema.alterTable('agreement_signature').dropColumn('text_sha256').execute();
}
