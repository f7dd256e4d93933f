// Loading a case reads it with its centre, grid, assignments, timeline and attachments in one
// statement (the children as JSON arrays, ADR 0046). On both databases, for cases with several assignments and
// steps: the same rows, values, types and order as reading each table on its own, and the grid
// and centre as org has them.
import { expect, it } from 'vitest';
import { describeEachDialect } from '../../../test/support/harness.ts';
import { buildCase } from '../../../test/support/factories.ts';
import { findUnitById } from '../org/index.ts';
import { loadCase } from './case-view.ts';
import { findAssignments, findTimeline } from './cases.repository.ts';
import { insertAttachment, listAttachments } from './attachments.repository.ts';

describeEachDialect('loading a case with its relations in one statement', (get) => {
  it('gives the assignments and timeline each table gives on its own, in order, with their units’ names', async () => {
    const h = get();
    const cases = [
      await buildCase(h, { at: '370702001001G01', status: 'registered' }),
      await buildCase(h, {
        at: '370702001001G01',
        status: 'dispatched',
        lead: '370702001-dept-justice',
        assist: ['370702001-cmte-territorial'],
      }),
      await buildCase(h, { at: '370702001001G01', status: 'resolved', lead: '370702001-dept-justice' }),
    ];
    // Attachments of two stages on the dispatched case, with and without a location.
    for (const [i, stage] of (['report', 'after'] as const).entries())
      await h.ctx.db.transaction().execute((trx) =>
        insertAttachment(trx, {
          case_id: cases[1]!.id,
          file_name: `现场照片${i + 1}.jpg`,
          media_type: 'image/jpeg',
          size: 1234 + i,
          sha256: String(i).repeat(64),
          storage_key: `test/${cases[1]!.id}/${i}`,
          stage,
          uploaded_by: null,
          uploader_name: '网格员',
          uploader_role: 'grid_worker',
          lng: i === 0 ? 118.356781 : null,
          lat: i === 0 ? 35.104567 : null,
          created_at: `2026-11-2${i}T08:00:00.000Z`,
        }),
      );
    for (const built of cases) {
      const loaded = (await loadCase(h.ctx.db, built.id, { timeline: true }))!;
      const [assignments, timeline] = [
        await findAssignments(h.ctx.db, built.id),
        await findTimeline(h.ctx.db, built.id),
      ];
      expect(loaded.assignments).toStrictEqual(assignments);
      expect(loaded.timeline).toStrictEqual(timeline);
      expect(loaded.attachments).toStrictEqual(await listAttachments(h.ctx.db, built.id));
      expect(loaded.timeline!.map((e) => e.seq)).toEqual(timeline.map((_, i) => i + 1));
      // A step by a unit's member names that unit.
      for (const e of loaded.timeline!)
        if (e.actor_unit_id !== null)
          expect(e.actor_unit_name).toBe((await findUnitById(h.ctx.db, e.actor_unit_id))!.name);
      // Without the timeline: the same case, assignments and access facts.
      const lean = (await loadCase(h.ctx.db, built.id))!;
      expect(lean.timeline).toBeUndefined();
      expect(lean.attachments).toBeUndefined();
      expect(lean.row).toStrictEqual(loaded.row);
      expect(lean.facts).toStrictEqual(loaded.facts);
      const grid = (await findUnitById(h.ctx.db, loaded.row.grid_id!))!;
      expect(loaded.grid).toEqual({ id: grid.id, name: grid.name, closed: false });
      const centre = (await findUnitById(h.ctx.db, loaded.row.centre_id))!;
      expect(centre.path.startsWith(loaded.facts.centreRegionPath)).toBe(true);
    }
    // Several assignments, oldest first; and several steps.
    const dispatched = (await loadCase(h.ctx.db, cases[1]!.id, { timeline: true }))!;
    expect(dispatched.assignments.map((a) => a.role)).toEqual(['lead', 'assist']);
    expect(dispatched.assignments.map((a) => a.active)).toEqual([1, 1]);
    expect(dispatched.timeline!.map((e) => e.action)).toEqual(['register', 'dispatch']);
    expect(dispatched.attachments!.map((a) => [a.stage, a.lng])).toEqual([
      ['report', 118.356781],
      ['after', null],
    ]);
    expect((await loadCase(h.ctx.db, cases[2]!.id, { timeline: true }))!.timeline!.length).toBeGreaterThanOrEqual(4);
  });

  it('finds no case for an id nobody has', async () => {
    expect(await loadCase(get().ctx.db, 987_654_321, { timeline: true })).toBeUndefined();
  });
});
