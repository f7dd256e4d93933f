// Access-matrix rows: Mediation files, hand-offs (诉调/警调/访调对接) and public hearings.
import { expect } from 'vitest';
import {
  COMMITTEE,
  COURT,
  POLICE,
  answerReferral,
  anywhere,
  inJurisdiction,
  listIsScoped,
  memberOf,
  reachesFile,
  reachesReferral,
  readFile,
  refusedToAll,
  workFile,
  type Row,
} from './expectations.ts';
import {
  dayFromNow,
  hoursFromNow,
  newCase,
  newCommitteeCase,
  newFile,
  newHearing,
  newIncomingReferral,
  newOutgoingReferral,
} from './fixtures.ts';

export const MEDIATION_ROWS: Record<string, Row> = {
  // Mediation files.
  'GET /api/v1/mediations': {
    // Everyone with mediation:read may list; only the files of their committee or area appear.
    build: async (f, where) => {
      const file = await newFile(f, where);
      return { method: 'GET', url: `/api/v1/mediations?committeeId=${file.committeeId}` };
    },
    access: anywhere('mediation:read'),
    check: (res, where, role) => {
      const items = (res.json() as { items: unknown[] }).items;
      if (where === 'inside' && reachesFile(role)) expect(items.length).toBeGreaterThan(0);
      else expect(items).toEqual([]);
    },
  },
  'GET /api/v1/mediations/:id': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/mediations/${(await newFile(f, where)).id}` }),
    access: readFile(),
  },
  'GET /api/v1/cases/:id/mediation': {
    // The department leads no committee case and is on no hand-off: the case and its file are not its.
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/cases/${(await newFile(f, where)).caseId}/mediation`,
    }),
    access: readFile(),
  },
  // A case without a file (issue 14): null for whoever reads files and sees the case (inside, the
  // justice office leads it and the committee assists); outside, the case does not exist.
  'GET /api/v1/cases/:id/mediation (no file)': {
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/cases/${(await newCase(f, where)).id}/mediation` }),
    access: inJurisdiction('mediation:read'),
    check: (res) => expect(res.json()).toBeNull(),
  },
  'POST /api/v1/cases/:id/mediation': {
    // Registering a file by hand for a dispute the committee handles without one: only the lead
    // committee's mediator; region roles see the case but are refused, the department does not see it.
    build: async (f, where) => {
      const c = await newCommitteeCase(f, where);
      // A dispute accepted before mediation records existed, or imported: its file was never registered.
      await f.h.ctx.db.deleteFrom('mediation_file').where('case_id', '=', c.id).execute();
      return { method: 'POST', url: `/api/v1/cases/${c.id}/mediation` };
    },
    access: workFile(201),
  },
  'PATCH /api/v1/mediations/:id': {
    build: async (f, where) => ({
      method: 'PATCH',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}`,
      payload: { version: 1, leadMediatorId: f.actors.mediator.id },
    }),
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/parties': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}/parties`,
      payload: { role: 'applicant', kind: 'person', name: '王五', phone: '13700002222' },
    }),
    access: workFile(201),
  },
  'DELETE /api/v1/mediations/:id/parties/:partyId': {
    build: async (f, where) => {
      const file = await newFile(f, where, { parties: true });
      return { method: 'DELETE', url: `/api/v1/mediations/${file.id}/parties/${file.partyIds[0]}` };
    },
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/parties/:partyId/reveal': {
    // Clear numbers only for the committee's mediator: readers of the file see them masked.
    build: async (f, where) => {
      const file = await newFile(f, where, { parties: true });
      return {
        method: 'POST',
        url: `/api/v1/mediations/${file.id}/parties/${file.partyIds[0]}/reveal`,
        payload: { fields: ['phone', 'idNumber'] },
      };
    },
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/sessions': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where)).id}/sessions`,
      payload: {
        heldAt: f.h.ctx.clock.now().toISOString(),
        place: '城关街道人民调解室',
        attendees: ['张三', '李四', '调解员'],
        record: '双方陈述堆物经过，各执一词',
      },
    }),
    access: workFile(201),
  },
  'POST /api/v1/mediations/:id/extension': {
    // Both sides consent (every party named).
    build: async (f, where) => {
      const file = await newFile(f, where, { parties: true });
      return {
        method: 'POST',
        url: `/api/v1/mediations/${file.id}/extension`,
        payload: { until: dayFromNow(f, 60), consent: '双方当事人书面同意延长', partyIds: file.partyIds },
      };
    },
    access: workFile(),
  },
  'PUT /api/v1/mediations/:id/agreement': {
    build: async (f, where) => ({
      method: 'PUT',
      url: `/api/v1/mediations/${(await newFile(f, where, { parties: true })).id}/agreement`,
      payload: {
        form: 'written',
        facts: '李四在楼道堆放杂物，阻碍张三通行，双方多次争执。',
        issues: '杂物清理及今后通道使用。',
        responsibilities: '李四对堵塞通道负主要责任。',
        terms: ['李四于三日内清理楼道杂物。'],
        performanceManner: '李四自行清理，社区监督',
        performanceDeadline: dayFromNow(f, 30),
      },
    }),
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/agreement/signatures': {
    // A draft agreement awaiting the mediator's signature.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'draft' })).id}/agreement/signatures`,
      payload: { signer: 'mediator' },
    }),
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/agreement/effective': {
    // Every party, the mediator and the committee's seal are on it.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'signed' })).id}/agreement/effective`,
    }),
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/outcome': {
    // Resolves the case too: the committee's mediator is its lead handler.
    build: async (f, where) => {
      const file = await newFile(f, where);
      return {
        method: 'POST',
        url: `/api/v1/mediations/${file.id}/outcome`,
        payload: { outcome: 'no_agreement', note: '双方分歧较大，调解不成', caseVersion: file.caseVersion },
      };
    },
    access: workFile(),
  },
  'POST /api/v1/mediations/:id/follow-ups': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/follow-ups`,
      payload: { performance: 'kept', note: '回访张三，杂物已清理' },
    }),
    access: workFile(201),
  },
  'POST /api/v1/mediations/:id/judicial-confirmation': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/judicial-confirmation`,
      payload: { courtId: (await f.h.unit(COURT)).id },
    }),
    access: workFile(201),
  },
  'POST /api/v1/mediations/:id/refer-to-court': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/mediations/${(await newFile(f, where, { failed: true })).id}/refer-to-court`,
      payload: { courtId: (await f.h.unit(COURT)).id, note: '调解不成，引导诉讼' },
    }),
    access: workFile(201),
  },
  // The agreement with the parties' numbers in clear: printed only by the committee's mediator (and
  // a court on a hand-off of the case, not in the matrix); region roles read the file but get 403.
  'GET /api/v1/mediations/:id/agreement.docx': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/agreement.docx`,
    }),
    access: workFile(),
  },
  'GET /api/v1/mediations/:id/agreement.html': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'effective' })).id}/agreement.html`,
    }),
    access: workFile(),
  },
  // Whether the agreement is still the text its signatures bound (issue 13): for everyone who reads
  // the file; the .docx hashes in it only for those who may print.
  'GET /api/v1/mediations/:id/agreement/verify': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/mediations/${(await newFile(f, where, { agreement: 'signed' })).id}/agreement/verify`,
    }),
    access: readFile(),
    check: (res) => expect(res.json()).toMatchObject({ unchanged: true }),
  },
  'GET /api/v1/stats/mediation': {
    // Figures of one committee: its mediator's and the area's; the department has no committee or
    // area in its mediation scope, so the committee is not found (404) inside too.
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/stats/mediation?unitId=${(await newFile(f, where)).committeeId}`,
    }),
    access: readFile(),
    check: (res) => expect((res.json() as { committees: { files: number }[] }).committees[0]?.files).toBeGreaterThan(0),
  },
  // Hand-offs (诉调/警调/访调对接).
  'POST /api/v1/referrals': {
    // Only a court, police station or petition office refers a dispute. The matrix department is
    // the justice office, not a referring unit: refused by the use case (403), by design; every
    // other role lacks referral:create. mediation.test.ts shows a court referring.
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/referrals',
      payload: {
        toUnitId: (await f.h.unit(COMMITTEE[where])).id,
        externalRef: '（2026）鲁0702民诉前调1号',
        case: {
          kind: 'dispute',
          categoryCode: 'DSP.NEIGHBOUR',
          description: '邻里之间因通道堆物发生争执',
          unitId: (where === 'inside' ? f.insideGrid : f.outsideGrid).id,
        },
      },
    }),
    access: refusedToAll('referral:create'),
  },
  'GET /api/v1/referrals': {
    // The inbox of the actor's own units: the matrix committee's hand-offs reach its members only;
    // 南关街道's never reach anyone here.
    build: async (f, where) => {
      await newIncomingReferral(f, where);
      return { method: 'GET', url: '/api/v1/referrals?box=received&limit=100' };
    },
    access: anywhere('referral:read'),
    check: (res, where, role) => {
      const refs = (res.json() as { items: { externalRef: string | null }[] }).items.map((r) => r.externalRef ?? '');
      expect(refs.filter((r) => r.startsWith('矩阵-outside'))).toEqual([]);
      if (where === 'inside')
        expect(refs.some((r) => r.startsWith('矩阵-inside'))).toBe(memberOf(COMMITTEE.inside)(role));
    },
  },
  'GET /api/v1/referrals/:id': {
    // Either end of the hand-off (a police station to the matrix committee) or a region role over
    // the case; the justice office is neither (404).
    build: async (f, where) => ({ method: 'GET', url: `/api/v1/referrals/${await newIncomingReferral(f, where)}` }),
    access: inJurisdiction('referral:read', { reach: reachesReferral(POLICE.inside, COMMITTEE.inside) }),
  },
  // Only the receiving unit answers: region roles and the sending committee's mediator see the
  // hand-off but are refused (403).
  'POST /api/v1/referrals/:id/receipt': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/referrals/${await newOutgoingReferral(f, where)}/receipt`,
    }),
    access: answerReferral,
  },
  'POST /api/v1/referrals/:id/result': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/referrals/${await newOutgoingReferral(f, where)}/result`,
      payload: { outcome: 'confirmed', result: '（2026）鲁0702民特1号民事裁定书：确认调解协议有效' },
    }),
    access: answerReferral,
  },
  // 公开听证.
  'GET /api/v1/cases/:id/hearings': {
    // Whoever reads the case, except grid workers and residents (no hearing:read).
    build: async (f, where) => {
      const c = await newCase(f, where);
      await newHearing(f, c.id, hoursFromNow(f, 48));
      return { method: 'GET', url: `/api/v1/cases/${c.id}/hearings` };
    },
    access: inJurisdiction('hearing:read'),
  },
  'POST /api/v1/cases/:id/hearings': {
    // On a committee's case: the dispatcher and the leader over it, and the lead committee's mediator.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/cases/${(await newCommitteeCase(f, where)).id}/hearings`,
      payload: {
        title: '通道堆物纠纷公开听证会',
        scheduledAt: hoursFromNow(f, 48).toISOString(),
        place: '城关街道办事处会议室',
        agenda: '一、双方陈述；二、听证员评议',
        participants: [
          { name: '王律师', kind: 'lawyer' },
          { name: '居民代表', kind: 'resident' },
        ],
      },
    }),
    access: inJurisdiction('hearing:manage', { ok: 201 }),
  },
  'GET /api/v1/hearings': {
    // A window holding only this side's hearings (inside in 10 days, outside in 11).
    build: async (f, where) => {
      const at = hoursFromNow(f, where === 'inside' ? 240 : 264);
      await newHearing(f, (await newCase(f, where)).id, at);
      const from = encodeURIComponent(new Date(at.getTime() - 60_000).toISOString());
      const to = encodeURIComponent(new Date(at.getTime() + 60_000).toISOString());
      return { method: 'GET', url: `/api/v1/hearings?from=${from}&to=${to}` };
    },
    access: anywhere('hearing:read'),
    check: listIsScoped,
  },
  'GET /api/v1/hearings/:id': {
    // One hearing, for whoever reads its case (as the case's hearings above).
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/hearings/${await newHearing(f, (await newCase(f, where)).id, hoursFromNow(f, 48))}`,
    }),
    access: inJurisdiction('hearing:read'),
  },
  'POST /api/v1/hearings/:id/record': {
    // Held an hour ago, on a committee's case.
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/hearings/${await newHearing(f, (await newCommitteeCase(f, where)).id, hoursFromNow(f, -1))}/record`,
      payload: { version: 1, record: '听证会如期举行，各方充分发表意见', outcome: '听证员多数意见：限期清理' },
    }),
    access: inJurisdiction('hearing:manage'),
  },
  'POST /api/v1/hearings/:id/cancel': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/hearings/${await newHearing(f, (await newCommitteeCase(f, where)).id, hoursFromNow(f, 72))}/cancel`,
      payload: { version: 1, reason: '当事人已自行和解' },
    }),
    access: inJurisdiction('hearing:manage'),
  },
};
