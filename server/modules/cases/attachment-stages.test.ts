// Photos that work (issue 14): each attachment says what stage of the case it shows, who uploaded
// it, and where a photo was taken (sent as WGS84 from its GPS data, kept as GCJ-02); staff add
// result photos after a case is resolved or closed; and a resident sees what was reported and the
// result they are asked to rate, never the staff's own working photos.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, inject, it } from 'vitest';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildCase, buildUser } from '../../../test/support/factories.ts';
import { multipartFile, TINY_PNG } from '../../../test/support/uploads.ts';
import * as attachmentStages from '../../migrations/2026-12-03T1610_attachment_stages.ts';

interface AttachmentJson {
  id: number;
  fileName: string;
  stage: string;
  uploadedBy: { name: string | null; role: string | null };
  location: { lng: number; lat: number; crs: string } | null;
}

interface ErrorJson {
  error: { code: string; details?: { field: string; message: string }[] };
}

const INSIDE_GRID = '370702001001G01';
const LEAD = '370702001-dept-justice';
/** A WGS84 point in 潍城区 and where GCJ-02 puts it (about 530 m east, 57 m north). */
const GPS = { lng: 119.1, lat: 36.7 };
const GCJ = { lng: 119.105967, lat: 36.700509 };

const attachmentsDir = path.join(inject('runDir'), `stages-${randomBytes(4).toString('hex')}`);

function filesUnder(dir: string): number {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
  } catch {
    return 0;
  }
}

describeEachDialect(
  'attachment stages, uploaders and locations',
  (get) => {
    const upload = (
      caseId: number,
      who: { token: string },
      options: { fields?: Record<string, string>; fieldsAfter?: Record<string, string>; name?: string } = {},
    ) =>
      get().inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/attachments`,
        token: who.token,
        ...multipartFile(options.name ?? '现场.png', TINY_PNG, { contentType: 'image/png', ...options }),
      });

    const uploaded = async (...args: Parameters<typeof upload>) => {
      const res = await upload(...args);
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as AttachmentJson;
    };

    const rowsOf = (h: Harness, caseId: number) =>
      h.ctx.db.selectFrom('case_attachment').selectAll().where('case_id', '=', caseId).orderBy('id').execute();

    it('keeps the stage, the uploader and the GPS point, converted from WGS84 to GCJ-02, with fields before or after the file', async () => {
      const h = get();
      const worker = await buildUser(h, { role: 'grid_worker', unit: INSIDE_GRID, displayName: '网格员老刘' });
      const c = await buildCase(h, { at: INSIDE_GRID, lead: LEAD, status: 'in_progress' });

      const before = await uploaded(c.id, worker, {
        fields: { stage: 'before', lng: String(GPS.lng), lat: String(GPS.lat) },
      });
      expect(before).toMatchObject({ stage: 'before', uploadedBy: { name: '网格员老刘', role: 'grid_worker' } });
      expect(before.location?.crs).toBe('gcj02');
      expect(before.location!.lng).toBeCloseTo(GCJ.lng, 5);
      expect(before.location!.lat).toBeCloseTo(GCJ.lat, 5);

      // A browser's form may put the fields after the file.
      const after = await uploaded(c.id, worker, {
        fieldsAfter: { lat: String(GPS.lat), lng: String(GPS.lng), stage: 'after' },
      });
      expect(after).toMatchObject({ stage: 'after', location: before.location });
      // No GPS data: no location.
      const plain = await uploaded(c.id, worker, { fields: { stage: 'result', lng: '', lat: '' } });
      expect(plain).toMatchObject({ stage: 'result', location: null });

      const rows = await rowsOf(h, c.id);
      expect(rows.map((r) => [r.stage, r.uploader_name, r.uploader_role])).toEqual([
        ['before', '网格员老刘', 'grid_worker'],
        ['after', '网格员老刘', 'grid_worker'],
        ['result', '网格员老刘', 'grid_worker'],
      ]);
      expect(rows[0]!.lng).toBeCloseTo(GCJ.lng, 5);
      expect(rows[2]!.lng).toBeNull();

      const listed = await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/attachments`, token: worker.token });
      expect((listed.json() as { items: AttachmentJson[] }).items).toEqual([before, after, plain]);
      const detail = await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: worker.token });
      expect((detail.json() as { attachments: AttachmentJson[] }).attachments).toEqual([before, after, plain]);
      const event = await h.ctx.db
        .selectFrom('case_event')
        .select('data')
        .where('case_id', '=', c.id)
        .where('action', '=', 'attach')
        .orderBy('seq')
        .executeTakeFirstOrThrow();
      expect(JSON.parse(event.data!)).toMatchObject({ attachmentId: before.id, stage: 'before' });
    });

    it('files a report by default for a resident and for the case’s creator at intake, other for the rest', async () => {
      const h = get();
      const resident = await buildUser(h, { role: 'resident', unit: '370702001001', displayName: '居民张三' });
      const operator = await buildUser(h, { role: 'operator', unit: '370702001-centre' });
      const dispatcher = await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' });

      const reported = await buildCase(h, { by: resident, at: INSIDE_GRID });
      expect(await uploaded(reported.id, resident)).toMatchObject({
        stage: 'report',
        uploadedBy: { name: '居民张三', role: 'resident' },
      });
      expect(await uploaded(reported.id, resident, { fields: { stage: 'report' } })).toMatchObject({ stage: 'report' });
      const refused = await upload(reported.id, resident, { fields: { stage: 'result' } });
      expect(refused.statusCode, refused.body).toBe(400);
      expect((refused.json() as ErrorJson).error.details?.map((d) => d.field)).toEqual(['stage']);

      // The operator on the phone registers the case and adds the caller's photos: the report.
      const taken = await buildCase(h, { by: operator, at: INSIDE_GRID });
      expect(await uploaded(taken.id, operator)).toMatchObject({ stage: 'report' });
      // Someone else's upload, or the creator's once the case has moved on, is `other` unless said.
      expect(await uploaded(taken.id, dispatcher)).toMatchObject({ stage: 'other' });
      expect(await uploaded(taken.id, dispatcher, { fields: { stage: 'before' } })).toMatchObject({ stage: 'before' });
      expect((await rowsOf(h, taken.id)).map((r) => r.stage)).toEqual(['report', 'other', 'before']);
    });

    it('refuses a bad stage or location with 400 naming the field, storing neither a row nor a file', async () => {
      const h = get();
      const worker = await buildUser(h, { role: 'grid_worker', unit: INSIDE_GRID });
      const c = await buildCase(h, { at: INSIDE_GRID });
      const files = filesUnder(h.ctx.config.attachmentsDir);
      for (const [fields, field] of [
        [{ stage: 'during' }, 'stage'],
        [{ lng: '119.1' }, 'lat'],
        [{ lat: '36.7' }, 'lng'],
        [{ lng: '200', lat: '36.7' }, 'lng'],
        [{ lng: '119.1', lat: '-91' }, 'lat'],
        [{ lng: 'NaN', lat: '36.7' }, 'lng'],
        [{ lng: '1e2', lat: '36.7' }, 'lng'],
        [{ lng: '119.1', lat: '36.7', floor: '3' }, 'floor'],
      ] as [Record<string, string>, string][]) {
        for (const placement of ['fields', 'fieldsAfter'] as const) {
          const res = await upload(c.id, worker, { [placement]: fields });
          expect(res.statusCode, `${JSON.stringify(fields)} ${placement}: ${res.body}`).toBe(400);
          const error = (res.json() as ErrorJson).error;
          expect(error.code).toBe('VALIDATION_FAILED');
          expect(error.details?.map((d) => d.field)).toEqual([field]);
        }
      }
      expect(await rowsOf(h, c.id)).toEqual([]);
      expect(filesUnder(h.ctx.config.attachmentsDir)).toBe(files);
    });

    it('takes result photos from staff after the case is resolved and after it is closed', async () => {
      const h = get();
      const handler = await buildUser(h, { role: 'department', unit: LEAD });
      const worker = await buildUser(h, { role: 'grid_worker', unit: INSIDE_GRID });
      const c = await buildCase(h, {
        at: INSIDE_GRID,
        lead: LEAD,
        status: 'resolved',
        acceptedBy: handler,
        reporter: { name: '王五', phone: '13700001234' },
      });
      expect(await uploaded(c.id, handler, { fields: { stage: 'result' } })).toMatchObject({
        stage: 'result',
        uploadedBy: { role: 'department' },
      });
      const detail = await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: handler.token });
      const { version } = detail.json() as { version: number };
      const closed = await h.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        token: await h.login('dispatcher'),
        payload: { action: 'close', version },
      });
      expect(closed.statusCode, closed.body).toBe(200);
      expect(await uploaded(c.id, worker, { fields: { stage: 'after' } })).toMatchObject({ stage: 'after' });
      const events = await h.ctx.db
        .selectFrom('case_event')
        .select(['action', 'from_status', 'to_status'])
        .where('case_id', '=', c.id)
        .where('action', '=', 'attach')
        .orderBy('seq')
        .execute();
      expect(events.map((e) => [e.from_status, e.to_status])).toEqual([
        ['resolved', 'resolved'],
        ['closed', 'closed'],
      ]);
    });

    it('shows a resident the report and the result, never the staff’s before or other files, nor staff names', async () => {
      const h = get();
      const resident = await buildUser(h, { role: 'resident', unit: '370702001001', displayName: '居民李四' });
      const handler = await buildUser(h, { role: 'department', unit: LEAD, displayName: '承办人吴某' });
      const c = await buildCase(h, { by: resident, at: INSIDE_GRID });
      const dispatcher = await h.login('dispatcher');
      const detail = await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}`, token: dispatcher });
      const dispatched = await h.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/actions`,
        token: dispatcher,
        payload: {
          action: 'dispatch',
          version: (detail.json() as { version: number }).version,
          leadUnitId: (await h.unit(LEAD)).id,
        },
      });
      expect(dispatched.statusCode, dispatched.body).toBe(200);

      const report = await uploaded(c.id, resident, { name: '楼道.png' });
      const stages: Record<string, AttachmentJson> = {};
      for (const stage of ['before', 'other', 'after', 'result']) {
        stages[stage] = await uploaded(c.id, handler, { fields: { stage }, name: `${stage}.png` });
      }

      const staffList = await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/attachments`, token: dispatcher });
      expect((staffList.json() as { items: AttachmentJson[] }).items.map((a) => a.stage)).toEqual([
        'report',
        'before',
        'other',
        'after',
        'result',
      ]);

      const shown = [report.id, stages.after!.id, stages.result!.id];
      const residentList = await h.inject({
        method: 'GET',
        url: `/api/v1/cases/${c.id}/attachments`,
        token: resident.token,
      });
      const items = (residentList.json() as { items: AttachmentJson[] }).items;
      expect(items.map((a) => a.id)).toEqual(shown);
      expect(items.map((a) => a.uploadedBy)).toEqual([
        { name: '居民李四', role: 'resident' },
        { name: null, role: 'department' },
        { name: null, role: 'department' },
      ]);
      for (const url of [`/api/v1/cases/${c.id}`, `/api/v1/my/cases/${c.id}`]) {
        const res = await h.inject({ method: 'GET', url, token: resident.token });
        expect(res.statusCode, res.body).toBe(200);
        expect((res.json() as { attachments: AttachmentJson[] }).attachments.map((a) => a.id)).toEqual(shown);
        expect(res.body).not.toContain('承办人吴某');
        expect(res.body).not.toContain('before.png');
      }

      const download = (id: number, token: string) =>
        h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/attachments/${id}`, token });
      const result = await download(stages.result!.id, resident.token);
      expect(result.statusCode, result.body).toBe(200);
      expect(result.rawPayload.equals(TINY_PNG)).toBe(true);
      expect((await download(report.id, resident.token)).statusCode).toBe(200);
      for (const hidden of [stages.before!, stages.other!]) {
        const res = await download(hidden.id, resident.token);
        expect(res.statusCode, res.body).toBe(404);
        expect((res.json() as ErrorJson).error.code).toBe('NOT_FOUND');
        // Staff still fetch it.
        expect((await download(hidden.id, dispatcher)).statusCode).toBe(200);
      }
      const denials = await h.ctx.db
        .selectFrom('audit_log')
        .select('action')
        .where('actor_user_id', '=', resident.id)
        .where('outcome', '=', 'denied')
        .execute();
      expect(denials.map((d) => d.action)).toEqual(['case.attachment.read', 'case.attachment.read']);
    });

    // Last: it takes the migration down and up again on this file's database.
    it('labels earlier attachments when migrating: the reporter’s as the report, the rest other, with who uploaded them', async () => {
      const h = get();
      const resident = await buildUser(h, { role: 'resident', unit: '370702001001', displayName: '居民王五' });
      const dispatcher = await buildUser(h, {
        role: 'dispatcher',
        unit: '370702001-centre',
        displayName: '调度员小周',
      });
      const c = await buildCase(h, { by: resident, at: INSIDE_GRID });
      const own = await uploaded(c.id, resident);
      const staff = await uploaded(c.id, dispatcher, { fields: { stage: 'result', lng: '119.1', lat: '36.7' } });

      await attachmentStages.down(h.ctx.db);
      await attachmentStages.up(h.ctx.db);

      const rows = await rowsOf(h, c.id);
      expect(rows.map((r) => [r.id, r.stage, r.uploader_name, r.uploader_role, r.lng])).toEqual([
        [own.id, 'report', '居民王五', 'resident', null],
        [staff.id, 'other', '调度员小周', 'dispatcher', null],
      ]);
      // What the resident saw before (their own upload) is what they see now.
      const listed = await h.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/attachments`, token: resident.token });
      expect((listed.json() as { items: AttachmentJson[] }).items.map((a) => a.id)).toEqual([own.id]);
    });
  },
  { config: { attachmentsDir } },
);
