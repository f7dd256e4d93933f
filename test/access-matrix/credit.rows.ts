// Access-matrix rows: credit records (issue 19 §4, ADR 0034). Inside is a person of the matrix grid
// (every actor's area), outside one of 南关街道's first grid. Each row builds its own record. The
// roles that may not read credit records find nothing at all (404, their denial audited under the
// row's power); a reader refused a deciding power gets 403.
import type { Role } from '../../common/roles.ts';
import { holds, type Power } from '../../common/powers.ts';
import type { Access, Fixture, Row, Where } from './expectations.ts';
import { listIsScoped } from './expectations.ts';
import { newCase, newPerson } from './fixtures.ts';

/** Readers get `ok` (inside, outside); a reader without `power` 403; everyone else 404. */
const credit = (power: Power, ok: [number, number]): Access => ({
  power,
  expect: (role: Role) => (!holds(role, 'credit:read') ? [404, 404] : holds(role, power) ? ok : [403, 403]),
});

/** A 失信 record of a new person of `where`, with an optional pending objection. */
export async function newCreditRecord(
  f: Fixture,
  where: Where,
  withObjection = false,
): Promise<{ id: number; personId: number; objectionId: number | null }> {
  const personId = await newPerson(f, where);
  const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
  const at = f.h.clock.now().toISOString();
  return f.h.ctx.db.transaction().execute(async (trx) => {
    const figures = {
      rule_code: 'false_report',
      direction: 'breach' as const,
      score: -20,
      valid_from: at.slice(0, 10),
      valid_until: '2029-12-31',
      status: 'in_force' as const,
    };
    const { id } = await trx
      .insertInto('credit_record')
      .values({
        subject_kind: 'person',
        subject_id: personId,
        subject_unit_id: grid.id,
        subject_path: grid.path,
        source_kind: 'false_report',
        source_id: personId,
        source_ref: null,
        version: 1,
        ...figures,
        created_by: f.actors.dispatcher.id,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('credit_record_version')
      .values({
        record_id: id,
        version: 1,
        ...figures,
        rule_name: '虚假举报经查实',
        reason: '矩阵测试',
        objection_id: null,
        made_by: f.actors.dispatcher.id,
        made_at: at,
      })
      .execute();
    let objectionId: number | null = null;
    if (withObjection) {
      const objection = await trx
        .insertInto('credit_objection')
        .values({
          record_id: id,
          reason: '矩阵测试异议',
          received_via: 'window',
          status: 'pending',
          filed_by: f.actors.dispatcher.id,
          filed_at: at,
          decided_by: null,
          decided_at: null,
          decision_note: null,
          result_version: null,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      objectionId = objection.id;
    }
    return { id, personId, objectionId };
  });
}

const RULE = {
  code: 'matrix_rule',
  name: '矩阵测试规则',
  direction: 'trust',
  score: 1,
  validityMonths: 12,
  sourceKind: null,
  active: false,
};

export const CREDIT_ROWS: Record<string, Row> = {
  'GET /api/v1/credit/records': {
    build: async (f, where) => {
      const { personId } = await newCreditRecord(f, where);
      return { method: 'GET', url: `/api/v1/credit/records?subjectKind=person&subjectId=${personId}` };
    },
    access: credit('credit:read', [200, 200]),
    check: listIsScoped,
  },
  'GET /api/v1/credit/records/:id': {
    build: async (f, where) => ({
      method: 'GET',
      url: `/api/v1/credit/records/${(await newCreditRecord(f, where)).id}`,
    }),
    access: credit('credit:read', [200, 404]),
  },
  'POST /api/v1/credit/records': {
    build: async (f, where) => ({
      method: 'POST',
      url: '/api/v1/credit/records',
      payload: {
        subjectKind: 'person',
        subjectId: await newPerson(f, where),
        sourceKind: 'false_report',
        sourceId: (await newCase(f, where)).id,
        note: '矩阵测试登记',
      },
    }),
    // Outside: the subject does not exist for the caller (422 CREDIT_SUBJECT_UNKNOWN, as for no subject).
    access: credit('credit:decide', [201, 422]),
  },
  'POST /api/v1/credit/records/:id/objections': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/credit/records/${(await newCreditRecord(f, where)).id}/objections`,
      payload: { reason: '当事人称已履行完毕', receivedVia: 'window' },
    }),
    access: credit('credit:decide', [201, 404]),
  },
  'POST /api/v1/credit/objections/:id/decision': {
    build: async (f, where) => ({
      method: 'POST',
      url: `/api/v1/credit/objections/${(await newCreditRecord(f, where, true)).objectionId}/decision`,
      payload: { decision: 'uphold', note: '维持原记录' },
    }),
    access: credit('credit:decide', [200, 404]),
  },
  'GET /api/v1/credit/rules': {
    build: () => ({ method: 'GET', url: '/api/v1/credit/rules' }),
    access: credit('credit:read', [200, 200]),
  },
  'PUT /api/v1/credit/rules': {
    build: () => ({ method: 'PUT', url: '/api/v1/credit/rules', payload: { rules: [RULE] } }),
    access: credit('credit:rules', [200, 200]),
  },
  'GET /api/v1/credit/export': {
    build: () => ({ method: 'GET', url: '/api/v1/credit/export?from=2026-01-01&to=2026-12-31' }),
    access: credit('credit:export', [200, 200]),
  },
};
