import { Type } from 'typebox';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const Attachment = Type.Object(
  {
    id: Type.Integer(),
    fileName: Type.String(),
    mediaType: Type.String(),
    size: Type.Integer(),
    sha256: Type.String(),
    createdAt: Type.String(),
  },
  { title: 'Attachment' },
);

export const AttachmentParams = Type.Object({ id: Id, attachmentId: Id });
