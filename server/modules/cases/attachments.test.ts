import { createHash, randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { expect, inject, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { multipartFile, TINY_PNG, tinyDocx, tinyPdf, tinyXlsx, zipOf } from '../../../test/support/uploads.ts';
import type { AppContext } from '../../context.ts';
import type { Actor } from '../auth/index.ts';
import { loadCase } from './case-view.ts';
import { attachFile } from './use-cases/attach-file.ts';

interface AttachmentJson {
  id: number;
  fileName: string;
  mediaType: string;
  size: number;
  sha256: string;
  stage: string;
  uploadedBy: { name: string | null; role: string | null };
  location: { lng: number; lat: number; crs: 'gcj02' } | null;
  createdAt: string;
}

interface ErrorJson {
  error: { code: string; message: string; details?: unknown };
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Every file under a directory (recursively); none when it does not exist yet. */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name));
  } catch {
    return [];
  }
}

// Private to this file, inside the run's directory (removed when the run ends).
const attachmentsDir = path.join(inject('runDir'), `attachments-${randomBytes(4).toString('hex')}`);

describeEachDialect(
  'case attachments',
  (get) => {
    const tokens: Record<string, string> = {};
    const token = async (username: string) => (tokens[username] ??= await get().login(username));

    /** A new case in 城关街道 (370702001), recorded by the county operator. */
    async function newCase(h: Harness): Promise<number> {
      const res = await h.inject({
        method: 'POST',
        url: '/api/v1/cases',
        token: await token('operator'),
        payload: {
          kind: 'complaint',
          categoryCode: 'CMP.NOISE',
          channel: 'window',
          description: '邻里装修噪音纠纷，需现场取证',
          unitId: (await h.unit('370702001001G01')).id,
          reporter: { name: '王五', phone: '13700001234' },
        },
      });
      expect(res.statusCode, res.body).toBe(201);
      return (res.json() as { id: number }).id;
    }

    async function upload(
      caseId: number,
      accessToken: string,
      fileName: string,
      content: Buffer,
      contentType?: string,
    ) {
      const { payload, headers } = multipartFile(fileName, content, contentType ? { contentType } : {});
      return get().inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/attachments`,
        token: accessToken,
        headers,
        payload,
      });
    }

    async function rowsOf(caseId: number) {
      return get().ctx.db.selectFrom('case_attachment').selectAll().where('case_id', '=', caseId).execute();
    }

    it('stores a PNG and a PDF and gives back the very same bytes, listed and on the timeline', async () => {
      const h = get();
      const caseId = await newCase(h);
      const pdf = tinyPdf();
      const dispatcher = await token('dispatcher');

      const png = await upload(caseId, dispatcher, '现场照片.png', TINY_PNG, 'image/png');
      expect(png.statusCode, png.body).toBe(201);
      const pngJson = png.json() as AttachmentJson;
      expect(Object.keys(pngJson).sort()).toEqual([
        'createdAt',
        'fileName',
        'id',
        'location',
        'mediaType',
        'sha256',
        'size',
        'stage',
        'uploadedBy',
      ]);
      expect(pngJson).toMatchObject({
        fileName: '现场照片.png',
        mediaType: 'image/png',
        size: TINY_PNG.length,
        sha256: sha256(TINY_PNG),
        // The dispatcher did not register the case: without a stage, a staff upload is `other`.
        stage: 'other',
        uploadedBy: { role: 'dispatcher' },
        location: null,
      });
      expect(pngJson.uploadedBy.name).toBeTruthy();
      // The grid worker of the case's grid attaches too; the client's content type is ignored.
      const doc = await upload(caseId, await token('gridworker'), '调解协议书.pdf', pdf, 'text/plain');
      expect(doc.statusCode, doc.body).toBe(201);
      const pdfJson = doc.json() as AttachmentJson;
      expect(pdfJson).toMatchObject({ mediaType: 'application/pdf', size: pdf.length, sha256: sha256(pdf) });

      for (const [attachment, bytes] of [
        [pngJson, TINY_PNG],
        [pdfJson, pdf],
      ] as const) {
        const res = await h.inject({
          method: 'GET',
          url: `/api/v1/cases/${caseId}/attachments/${attachment.id}`,
          token: dispatcher,
        });
        expect(res.statusCode, res.body).toBe(200);
        expect(res.rawPayload.equals(bytes)).toBe(true);
        expect(res.headers['content-type']).toBe(attachment.mediaType);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-disposition']).toMatch(/^attachment;/);
        expect(res.headers['content-disposition']).toContain(
          `filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
        );
      }

      const list = await h.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments`, token: dispatcher });
      expect(list.statusCode).toBe(200);
      expect((list.json() as { items: AttachmentJson[] }).items).toEqual([pngJson, pdfJson]);

      const detail = (await h.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, token: dispatcher })).json() as {
        attachments: AttachmentJson[];
        status: string;
        timeline: { action: string; toStatus: string; data: { attachmentId?: number } | null }[];
      };
      expect(detail.attachments).toEqual([pngJson, pdfJson]);
      const attaches = detail.timeline.filter((e) => e.action === 'attach');
      expect(attaches.map((e) => e.data?.attachmentId)).toEqual([pngJson.id, pdfJson.id]);
      expect(attaches.every((e) => e.toStatus === detail.status)).toBe(true);

      const audited = await h.ctx.db
        .selectFrom('audit_log')
        .select(['action', 'outcome'])
        .where('subject_type', '=', 'case')
        .where('subject_id', '=', String(caseId))
        .where('action', 'in', ['case.attach', 'case.attachment.download'])
        .execute();
      expect(audited.filter((a) => a.action === 'case.attach' && a.outcome === 'success')).toHaveLength(2);
      expect(audited.filter((a) => a.action === 'case.attachment.download')).toHaveLength(2);
    });

    it('judges the type by the content, not by the name or the content type the client sends', async () => {
      const h = get();
      const caseId = await newCase(h);
      const dispatcher = await token('dispatcher');

      const text = await upload(caseId, dispatcher, 'photo.jpg', Buffer.from('just some text\n'), 'image/jpeg');
      expect(text.statusCode, text.body).toBe(415);
      const error = (text.json() as ErrorJson).error;
      expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect(error.message).toMatch(/^不支持的文件类型.* \/ Unsupported file type/);

      const plainZip = await upload(caseId, dispatcher, 'report.docx', zipOf({ 'report.txt': 'hello' }));
      expect(plainZip.statusCode, plainZip.body).toBe(415);

      const docx = await upload(caseId, dispatcher, 'scan.bin', tinyDocx());
      expect(docx.statusCode, docx.body).toBe(201);
      expect((docx.json() as AttachmentJson).mediaType).toBe(
        'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      );
      const xlsx = await upload(caseId, dispatcher, '台账.xlsx', tinyXlsx());
      expect(xlsx.statusCode, xlsx.body).toBe(201);
      expect((xlsx.json() as AttachmentJson).mediaType).toBe(
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      );

      const notMultipart = await h.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/attachments`,
        token: dispatcher,
        payload: { file: 'x' },
      });
      expect(notMultipart.statusCode, notMultipart.body).toBe(415);
      const wrongField = multipartFile('a.png', TINY_PNG, { field: 'photo' });
      const missing = await h.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/attachments`,
        token: dispatcher,
        ...wrongField,
      });
      expect(missing.statusCode, missing.body).toBe(400);

      expect((await rowsOf(caseId)).map((r) => r.file_name).sort()).toEqual(['scan.docx', '台账.xlsx']);
    });

    it('names a file after its content: a PNG sent as x.pdf (application/pdf) is stored and served as x.png, image/png', async () => {
      const h = get();
      const caseId = await newCase(h);
      const dispatcher = await token('dispatcher');
      const res = await upload(caseId, dispatcher, 'x.pdf', TINY_PNG, 'application/pdf');
      expect(res.statusCode, res.body).toBe(201);
      const stored = res.json() as AttachmentJson;
      expect(stored).toMatchObject({ fileName: 'x.png', mediaType: 'image/png' });
      expect((await rowsOf(caseId)).map((r) => [r.file_name, r.media_type])).toEqual([['x.png', 'image/png']]);
      const download = await h.inject({
        method: 'GET',
        url: `/api/v1/cases/${caseId}/attachments/${stored.id}`,
        token: dispatcher,
      });
      expect(download.headers['content-type']).toBe('image/png');
      expect(download.headers['content-disposition']).toContain('filename="x.png"');
      const detail = (await h.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, token: dispatcher })).json() as {
        timeline: { action: string; data: { fileName?: string; mediaType?: string } | null }[];
      };
      expect(detail.timeline.find((e) => e.action === 'attach')?.data).toMatchObject({
        fileName: 'x.png',
        mediaType: 'image/png',
      });

      // Any other name gets the content's extension in place of its own, or added when it has none.
      for (const [name, content, expected] of [
        ['报告.PDF.exe', tinyPdf(), '报告.PDF.pdf'],
        ['scan', TINY_PNG, 'scan.png'],
        ['photo.JPG', TINY_PNG, 'photo.png'],
        ['report.docx', tinyPdf(), 'report.pdf'],
        ['.png', tinyPdf(), 'png.pdf'],
        ['张三.李四的照片', TINY_PNG, '张三.李四的照片.png'],
        [`${'长'.repeat(200)}.png`, tinyPdf(), `${'长'.repeat(116)}.pdf`],
      ] as const) {
        const again = await upload(caseId, dispatcher, name, content, 'image/png');
        expect(again.statusCode, again.body).toBe(201);
        expect((again.json() as AttachmentJson).fileName, name).toBe(expected);
      }
    });

    it('refuses 11 MB with 413 saying the limit, and keeps neither a row nor a file; 10 MB is still fine', async () => {
      const h = get();
      const caseId = await newCase(h);
      const dispatcher = await token('dispatcher');
      const before = filesUnder(h.ctx.config.attachmentsDir).length;

      const big = Buffer.concat([TINY_PNG, Buffer.alloc(11 * 1024 * 1024 - TINY_PNG.length, 1)]);
      const res = await upload(caseId, dispatcher, 'big.png', big, 'image/png');
      expect(res.statusCode, res.body).toBe(413);
      const error = (res.json() as ErrorJson).error;
      expect(error.code).toBe('ATTACHMENT_TOO_LARGE');
      expect(error.message).toBe('附件不能超过 10 MB / An attachment may be at most 10 MB');
      expect(error.details).toEqual({ maxBytes: 10 * 1024 * 1024 });
      expect(await rowsOf(caseId)).toEqual([]);
      expect(filesUnder(h.ctx.config.attachmentsDir)).toHaveLength(before);
      const detail = (await h.inject({ method: 'GET', url: `/api/v1/cases/${caseId}`, token: dispatcher })).json() as {
        timeline: { action: string }[];
      };
      expect(detail.timeline.map((e) => e.action)).not.toContain('attach');

      const limit = Buffer.concat([TINY_PNG, Buffer.alloc(10 * 1024 * 1024 - TINY_PNG.length, 2)]);
      const fits = await upload(caseId, dispatcher, 'limit.png', limit, 'image/png');
      expect(fits.statusCode, fits.body).toBe(201);
      expect((fits.json() as AttachmentJson).size).toBe(10 * 1024 * 1024);
      expect(filesUnder(h.ctx.config.attachmentsDir)).toHaveLength(before + 1);
    });

    it('answers 404 to an actor who cannot see the case, and for an attachment of another case', async () => {
      const h = get();
      const caseId = await newCase(h);
      const otherCaseId = await newCase(h);
      const dispatcher = await token('dispatcher');
      const stored = (await upload(caseId, dispatcher, 'a.png', TINY_PNG)).json() as AttachmentJson;
      // A dispatcher of 南关街道 does not see a case in 城关街道.
      const outsider = await h.userWith('dispatcher', '370702002-centre');

      const attempts = [
        await upload(caseId, outsider.token, 'b.png', TINY_PNG),
        await h.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/attachments`, token: outsider.token }),
        await h.inject({
          method: 'GET',
          url: `/api/v1/cases/${caseId}/attachments/${stored.id}`,
          token: outsider.token,
        }),
        await h.inject({
          method: 'GET',
          url: `/api/v1/cases/${otherCaseId}/attachments/${stored.id}`,
          token: dispatcher,
        }),
        await h.inject({ method: 'GET', url: `/api/v1/cases/999999/attachments`, token: dispatcher }),
      ];
      for (const res of attempts) {
        expect(res.statusCode, res.body).toBe(404);
        expect((res.json() as ErrorJson).error.code).toBe('NOT_FOUND');
        expect(res.body).not.toContain('a.png');
      }
      expect((await rowsOf(caseId)).map((r) => r.id)).toEqual([stored.id]);
      const denials = await h.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor_user_id', '=', outsider.id)
        .where('outcome', '=', 'denied')
        .execute();
      expect(denials.map((d) => d.action).sort()).toEqual([
        'case.attach',
        'case.attachment.read',
        'case.attachment.read',
      ]);
    });

    it('lets the leader and the evaluator read attachments but not add them (403)', async () => {
      const h = get();
      const caseId = await newCase(h);
      const stored = (await upload(caseId, await token('dispatcher'), 'a.pdf', tinyPdf())).json() as AttachmentJson;
      for (const readOnly of ['leader', 'evaluator']) {
        const refused = await upload(caseId, await token(readOnly), 'b.png', TINY_PNG);
        expect(refused.statusCode, refused.body).toBe(403);
        expect((refused.json() as ErrorJson).error.code).toBe('FORBIDDEN');
        const download = await h.inject({
          method: 'GET',
          url: `/api/v1/cases/${caseId}/attachments/${stored.id}`,
          token: await token(readOnly),
        });
        expect(download.statusCode).toBe(200);
      }
      expect(await rowsOf(caseId)).toHaveLength(1);
    });

    it('keeps Chinese file names and strips paths and control characters', async () => {
      const h = get();
      const caseId = await newCase(h);
      const res = await upload(caseId, await token('dispatcher'), '../../secret/现场\u202e照片\u0007.png', TINY_PNG);
      expect(res.statusCode, res.body).toBe(201);
      expect((res.json() as AttachmentJson).fileName).toBe('现场照片.png');
      const long = await upload(caseId, await token('dispatcher'), `${'长'.repeat(200)}.pdf`, tinyPdf());
      expect((long.json() as AttachmentJson).fileName).toBe(`${'长'.repeat(116)}.pdf`);
    });

    it('numbers concurrent uploads to one case one after another on the timeline', async () => {
      const h = get();
      const caseId = await newCase(h);
      const dispatcher = await token('dispatcher');
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) => upload(caseId, dispatcher, `p${i}.png`, TINY_PNG)),
      );
      expect(results.map((r) => r.statusCode)).toEqual(Array(6).fill(201));
      const events = await h.ctx.db
        .selectFrom('case_event')
        .select('seq')
        .where('case_id', '=', caseId)
        .where('action', '=', 'attach')
        .execute();
      expect(new Set(events.map((e) => e.seq)).size).toBe(6);
    });

    it('removes the stored file when the transaction fails', async () => {
      const h = get();
      const caseId = await newCase(h);
      const dispatcher = await h.ctx.db
        .selectFrom('app_user')
        .select(['id', 'username', 'display_name'])
        .where('username', '=', 'dispatcher')
        .executeTakeFirstOrThrow();
      const centre = await h.unit('370702001-centre');
      const township = await h.unit('370702001');
      const actor: Actor = {
        userId: dispatcher.id,
        username: dispatcher.username,
        displayName: dispatcher.display_name,
        sessionId: 0,
        restriction: null,
        serviceAccount: null,
        memberships: [
          {
            id: 0,
            unitId: centre.id,
            unitName: centre.name,
            unitCode: '370702001-centre',
            unitType: 'centre',
            unitLevel: 'township',
            unitPath: centre.path,
            role: 'dispatcher',
            anchorPath: township.path,
          },
        ],
      };
      const failingAudit = {
        append: () => Promise.reject(new Error('the audit log is unavailable')),
      } as unknown as AppContext['audit'];
      const failing: AppContext = { ...h.ctx, audit: failingAudit };
      const before = filesUnder(h.ctx.config.attachmentsDir).length;
      const loaded = await loadCase(h.ctx.db, caseId);
      await expect(
        attachFile(
          failing,
          actor,
          loaded!,
          { fileName: 'x.png', stream: Readable.from([TINY_PNG]), truncated: () => false },
          null,
        ),
      ).rejects.toThrow('the audit log is unavailable');
      expect(await rowsOf(caseId)).toEqual([]);
      expect(filesUnder(h.ctx.config.attachmentsDir)).toHaveLength(before);
    });
  },
  { config: { attachmentsDir } },
);
