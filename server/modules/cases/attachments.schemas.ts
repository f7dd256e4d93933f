import { Type } from 'typebox';
import { ATTACHMENT_STAGES } from '../../../common/attachments.ts';
import { ROLES } from '../../../common/roles.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Attachment = Type.Object(
  {
    id: Type.Integer(),
    fileName: Type.String(),
    mediaType: Type.String(),
    size: Type.Integer({ description: '字节数 / Size in bytes' }),
    sha256: Type.String(),
    stage: Type.String({
      enum: [...ATTACHMENT_STAGES],
      description:
        '材料阶段：report 反映材料、before 处置前、after 处置后、result 办理结果、other 其他 / What it shows: the report, before, after, the result, other',
    }),
    uploadedBy: Type.Object(
      {
        name: Nullable(
          Type.String({
            description: '上传人（群众看不到工作人员姓名） / Who uploaded it (never a staff name to a resident)',
          }),
        ),
        role: Nullable(Type.String({ enum: [...ROLES], description: '上传时的角色 / The role they acted in' })),
      },
      { description: '上传人 / Uploaded by' },
    ),
    location: Nullable(
      Type.Object(
        { lng: Type.Number(), lat: Type.Number(), crs: Type.Literal('gcj02') },
        { description: '拍摄位置（GCJ-02，由上传时的 WGS84 换算） / Where it was taken (GCJ-02, from the WGS84 sent)' },
      ),
    ),
    createdAt: Type.String(),
  },
  { title: 'Attachment' },
);

export const AttachmentParams = Type.Object({ id: Id, attachmentId: Id });

/**
 * The multipart form, for the OpenAPI document. No `type`: Fastify sees no body for a multipart
 * stream, and `properties`/`required` apply to objects only, so its validation lets it through; the
 * handler reads and checks the parts itself.
 */
export const ATTACHMENT_FORM = {
  properties: {
    file: { type: 'string', format: 'binary', description: '文件（≤ 10 MB） / The file (at most 10 MB)' },
    stage: {
      type: 'string',
      enum: [...ATTACHMENT_STAGES],
      description:
        '材料阶段；群众只能为 report；缺省时受理阶段由登记人上传为 report，其余为 other / The stage; a resident may send only report; by default report for the case’s creator while it awaits triage, else other',
    },
    lng: {
      type: 'string',
      description:
        '拍摄经度（WGS84，如照片 EXIF/GPS），与 lat 同时提供 / Longitude where taken (WGS84, e.g. EXIF GPS), with lat',
    },
    lat: {
      type: 'string',
      description: '拍摄纬度（WGS84），与 lng 同时提供 / Latitude where taken (WGS84), with lng',
    },
  },
  required: ['file'],
} as const;
