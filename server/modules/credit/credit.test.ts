// Credit records over HTTP on both databases: a mediator records at a follow-up that an agreement
// is broken, and the registry person who broke it has a 失信 record at once — seen by the district
// dispatcher, while a resident, a department, a mediator, an evaluator and a dispatcher of another
// township find nothing (404); an objection corrects it as a new version with the first kept in the
// history; the export for the city platform has the documented shape with no clear ID number; and an
// administrator's change to a rule changes the score of the records made after it, not before.
import { expect, it } from 'vitest';
import { effectiveAgreement as agreementInEffect } from '../../../test/support/mediation.ts';
import { describeEachDialect, type Harness } from '../../../test/support/harness.ts';
import { buildUser } from '../../../test/support/factories.ts';

interface Version {
  version: number;
  ruleCode: string;
  score: number;
  status: string;
  reason: string;
  objectionId: number | null;
}
interface Record_ {
  id: number;
  subject: { kind: string; id: number; name: string; idNumber: string | null; creditCode: string | null };
  source: { kind: string; id: number; ref: string | null };
  version: number;
  ruleCode: string;
  direction: string;
  score: number;
  status: string;
  validFrom: string;
  validUntil: string;
  pendingObjectionId: number | null;
  history: Version[];
  objections: { id: number; status: string; resultVersion: number | null }[];
}

/** A valid GB 11643 number from its first 17 digits. */
function idNumber(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11]!;
}

describeEachDialect('credit records', (get) => {
  const tokens: Record<string, string> = {};
  const token = async (h: Harness, username: string) =>
    (tokens[`${h.dialect}:${username}`] ??= await h.login(username));
  const call = async (h: Harness, username: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    h.inject({ method, url, token: await token(h, username), ...(payload ? { payload } : {}) });
  const ok = async <T>(p: Promise<{ statusCode: number; body: string; json: () => unknown }>, status = 200) => {
    const res = await p;
    expect(res.statusCode, res.body).toBe(status);
    return res.json() as T;
  };

  /** A registry person of the demo grid with this ID number. */
  async function person(h: Harness, name: string, id: string): Promise<number> {
    const grid = await h.unit('370702001001G01');
    const at = h.clock.now().toISOString();
    const row = await h.ctx.db
      .insertInto('person')
      .values({
        name,
        unit_id: grid.id,
        phone_enc: null,
        phone_hash: null,
        id_number_enc: h.ctx.cipher.encrypt(id),
        id_number_hash: h.ctx.cipher.blindIndex(id),
        note: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** A dispute mediated to an agreement in effect between two registry persons (by ID number). */
  const effectiveAgreement = (h: Harness, applicantId: string, respondentId: string) =>
    agreementInEffect(h, { applicant: { idNumber: applicantId }, respondent: { idNumber: respondentId } });

  const recordsOf = async (h: Harness, personId: number) =>
    (
      await ok<{ items: Record_[] }>(
        call(h, 'dispatcher', 'GET', `/api/v1/credit/records?subjectKind=person&subjectId=${personId}`),
      )
    ).items;

  it('gives the party who broke the agreement a record only the deciding roles see', async () => {
    const h = get();
    const applicantNo = idNumber('37070219800101101');
    const respondentNo = idNumber('37070219850202202');
    const applicant = await person(h, '张三', applicantNo);
    const respondent = await person(h, '李四', respondentNo);
    const file = await effectiveAgreement(h, applicantNo, respondentNo);
    expect(await recordsOf(h, respondent)).toEqual([]);
    // Naming who broke it: only the file's own parties, and only for a broken agreement.
    for (const body of [
      { performance: 'broken', note: '回访，未履行', brokenByPartyIds: [999_999] },
      { performance: 'kept', note: '回访，正在履行', brokenByPartyIds: [file.partyIds[1]] },
    ]) {
      const refused = await call(h, 'mediator', 'POST', `/api/v1/mediations/${file.fileId}/follow-ups`, body);
      expect(refused.statusCode, refused.body).toBe(400);
    }

    // A visit that finds it kept gives both parties a 守信 record (once, however many such visits).
    for (let visit = 0; visit < 2; visit++) {
      await ok(
        call(h, 'mediator', 'POST', `/api/v1/mediations/${file.fileId}/follow-ups`, {
          performance: 'kept',
          note: '回访，正在履行',
        }),
        201,
      );
    }
    for (const subject of [applicant, respondent]) {
      const records = await recordsOf(h, subject);
      expect(records.map((r) => [r.source.kind, r.source.id, r.direction, r.score])).toEqual([
        ['agreement_kept', file.fileId, 'trust', 5],
      ]);
    }
    const breaches = async (subject: number) =>
      (await recordsOf(h, subject)).filter((r) => r.source.kind === 'agreement_broken');

    await ok(
      call(h, 'mediator', 'POST', `/api/v1/mediations/${file.fileId}/follow-ups`, {
        performance: 'broken',
        note: '回访张三，李四至今未支付赔偿款',
        brokenByPartyIds: [file.partyIds[1]],
      }),
      201,
    );
    const [record, ...more] = await breaches(respondent);
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      subject: { kind: 'person', id: respondent, name: '李四', creditCode: null },
      source: { kind: 'agreement_broken', id: file.fileId, ref: file.fileNumber },
      ruleCode: 'agreement_broken',
      direction: 'breach',
      score: -10,
      status: 'in_force',
      version: 1,
    });
    // The ID number is masked, never clear.
    expect(record!.subject.idNumber).not.toContain(respondentNo.slice(1, 16));
    expect(record!.subject.idNumber).toMatch(/^3\*+\d\d$/);
    expect(await breaches(applicant)).toEqual([]);

    // A second broken visit adds nothing.
    await ok(
      call(h, 'mediator', 'POST', `/api/v1/mediations/${file.fileId}/follow-ups`, {
        performance: 'broken',
        note: '再次回访，仍未支付',
      }),
      201,
    );
    expect(await breaches(respondent)).toHaveLength(1);
    expect(await recordsOf(h, respondent)).toHaveLength(2);

    // Seen by the roles that decide on it…
    for (const user of ['dispatcher', 'leader', 'admin']) {
      const detail = await ok<Record_>(call(h, user, 'GET', `/api/v1/credit/records/${record!.id}`));
      expect(detail.history.map((v) => v.version)).toEqual([1]);
    }
    // …and by no one else: the record, the list and the rules do not exist for them.
    const otherDispatcher = await buildUser(h, { role: 'dispatcher', unit: '370702002-centre' });
    tokens[`${h.dialect}:${otherDispatcher.username}`] = otherDispatcher.token;
    for (const user of ['resident', 'department', 'mediator', 'evaluator', 'operator', otherDispatcher.username]) {
      const res = await call(h, user, 'GET', `/api/v1/credit/records/${record!.id}`);
      expect(res.statusCode, `${user}: ${res.body}`).toBe(404);
    }
    for (const user of ['resident', 'department', 'mediator', 'evaluator']) {
      expect(
        (await call(h, user, 'GET', `/api/v1/credit/records?subjectKind=person&subjectId=${respondent}`)).statusCode,
      ).toBe(404);
      expect((await call(h, user, 'GET', '/api/v1/credit/rules')).statusCode).toBe(404);
    }
    const theirs = await ok<{ items: Record_[] }>(
      call(h, otherDispatcher.username, 'GET', `/api/v1/credit/records?subjectKind=person&subjectId=${respondent}`),
    );
    expect(theirs.items).toEqual([]);
  });

  it('corrects a record on an objection as a new version, the first kept in the history', async () => {
    const h = get();
    const applicantNo = idNumber('37070219800303303');
    const respondentNo = idNumber('37070219850404404');
    await person(h, '王五', applicantNo);
    const respondent = await person(h, '赵六', respondentNo);
    const file = await effectiveAgreement(h, applicantNo, respondentNo);
    // Without naming who broke it, the respondent is presumed.
    await ok(
      call(h, 'mediator', 'POST', `/api/v1/mediations/${file.fileId}/follow-ups`, {
        performance: 'broken',
        note: '回访发现未按期支付',
      }),
      201,
    );
    const [record] = await recordsOf(h, respondent);
    expect(record).toMatchObject({ score: -10, version: 1 });

    // A resident cannot object through this route: for them the record does not exist.
    expect(
      (
        await call(h, 'resident', 'POST', `/api/v1/credit/records/${record!.id}/objections`, {
          reason: '我已经付过钱了',
          receivedVia: 'online',
        })
      ).statusCode,
    ).toBe(404);

    const objected = await ok<Record_>(
      call(h, 'dispatcher', 'POST', `/api/v1/credit/records/${record!.id}/objections`, {
        reason: '当事人提交了银行转账凭证，称已于期限内部分履行',
        receivedVia: 'window',
      }),
      201,
    );
    expect(objected.pendingObjectionId).not.toBeNull();
    const again = await call(h, 'dispatcher', 'POST', `/api/v1/credit/records/${record!.id}/objections`, {
      reason: '再次提出同一异议',
      receivedVia: 'phone',
    });
    expect(again.statusCode).toBe(409);
    expect((again.json() as { error: { code: string } }).error.code).toBe('CREDIT_OBJECTION_PENDING');

    // A leader reads it but does not decide.
    const leaderTry = await call(
      h,
      'leader',
      'POST',
      `/api/v1/credit/objections/${objected.pendingObjectionId}/decision`,
      {
        decision: 'uphold',
        note: '维持',
      },
    );
    expect(leaderTry.statusCode).toBe(403);
    const empty = await call(
      h,
      'dispatcher',
      'POST',
      `/api/v1/credit/objections/${objected.pendingObjectionId}/decision`,
      {
        decision: 'correct',
        note: '核实后更正',
        score: -10,
      },
    );
    expect((empty.json() as { error: { code: string } }).error.code).toBe('CREDIT_CORRECTION_EMPTY');

    const corrected = await ok<Record_>(
      call(h, 'dispatcher', 'POST', `/api/v1/credit/objections/${objected.pendingObjectionId}/decision`, {
        decision: 'correct',
        note: '核实转账凭证，已部分履行，减轻扣分',
        score: -4,
      }),
    );
    expect(corrected).toMatchObject({ version: 2, score: -4, status: 'in_force', pendingObjectionId: null });
    expect(corrected.history).toMatchObject([
      { version: 1, score: -10, ruleCode: 'agreement_broken', objectionId: null },
      { version: 2, score: -4, reason: '核实转账凭证，已部分履行，减轻扣分', objectionId: objected.pendingObjectionId },
    ]);
    expect(corrected.objections).toMatchObject([{ status: 'corrected', resultVersion: 2 }]);
    const twice = await call(
      h,
      'dispatcher',
      'POST',
      `/api/v1/credit/objections/${objected.pendingObjectionId}/decision`,
      {
        decision: 'uphold',
        note: '维持',
      },
    );
    expect((twice.json() as { error: { code: string } }).error.code).toBe('CREDIT_OBJECTION_DECIDED');

    // A second objection, upheld, changes nothing but the objection; a third revokes the record.
    const second = await ok<Record_>(
      call(h, 'dispatcher', 'POST', `/api/v1/credit/records/${record!.id}/objections`, {
        reason: '当事人认为不应记入失信',
        receivedVia: 'letter',
      }),
      201,
    );
    const upheld = await ok<Record_>(
      call(h, 'dispatcher', 'POST', `/api/v1/credit/objections/${second.pendingObjectionId}/decision`, {
        decision: 'uphold',
        note: '协议确未全部履行，维持',
      }),
    );
    expect(upheld).toMatchObject({ version: 2, score: -4 });
    const third = await ok<Record_>(
      call(h, 'admin', 'POST', `/api/v1/credit/records/${record!.id}/objections`, {
        reason: '法院判决认定协议已履行完毕',
        receivedVia: 'window',
      }),
      201,
    );
    const revoked = await ok<Record_>(
      call(h, 'admin', 'POST', `/api/v1/credit/objections/${third.pendingObjectionId}/decision`, {
        decision: 'correct',
        note: '依法院判决撤销',
        revoke: true,
      }),
    );
    expect(revoked).toMatchObject({ version: 3, status: 'revoked' });
    expect(revoked.history.map((v) => [v.version, v.score, v.status])).toEqual([
      [1, -10, 'in_force'],
      [2, -4, 'in_force'],
      [3, -4, 'revoked'],
    ]);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_type', '=', 'credit_record')
      .where('subject_id', '=', String(record!.id))
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'credit.record',
      'credit.objection',
      'credit.correct',
      'credit.objection',
      'credit.uphold',
      'credit.objection',
      'credit.correct',
    ]);
  });

  it('exports every version of the period as documented JSON Lines, identities masked', async () => {
    const h = get();
    const applicantNo = idNumber('37070219800505505');
    const respondentNo = idNumber('37070219850606606');
    await person(h, '孙七', applicantNo);
    const respondent = await person(h, '周八', respondentNo);
    const file = await effectiveAgreement(h, applicantNo, respondentNo);
    await ok(
      call(h, 'mediator', 'POST', `/api/v1/mediations/${file.fileId}/follow-ups`, {
        performance: 'broken',
        note: '未履行',
      }),
      201,
    );
    const [record] = await recordsOf(h, respondent);
    const objected = await ok<Record_>(
      call(h, 'dispatcher', 'POST', `/api/v1/credit/records/${record!.id}/objections`, {
        reason: '已部分履行，请求更正',
        receivedVia: 'window',
      }),
      201,
    );
    await ok(
      call(h, 'dispatcher', 'POST', `/api/v1/credit/objections/${objected.pendingObjectionId}/decision`, {
        decision: 'correct',
        note: '更正',
        score: -5,
      }),
    );
    const day = new Date(h.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10);
    const res = await call(h, 'admin', 'GET', `/api/v1/credit/export?from=${day}&to=${day}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.body.endsWith('\n')).toBe(true);
    const lines = res.body
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.recordId === record!.id);
    expect(lines).toHaveLength(2);
    const grid = await h.unit('370702001001G01');
    expect(lines[0]).toEqual({
      format: 'concord-credit/1',
      recordId: record!.id,
      version: 1,
      madeAt: expect.any(String) as string,
      subject: {
        type: 'natural_person',
        concordId: `person:${respondent}`,
        name: '周*',
        idNumberMasked: `3${'*'.repeat(15)}${respondentNo.slice(-2)}`,
        creditCode: null,
      },
      area: { code: '370702001001G01', name: grid.name },
      rule: { code: 'agreement_broken', name: '不履行人民调解协议', direction: 'breach', directionZh: '失信' },
      score: -10,
      validFrom: day,
      validUntil: `${Number(day.slice(0, 4)) + 2}${day.slice(4)}`,
      status: 'in_force',
      correction: false,
      source: { kind: 'agreement_broken', id: file.fileId, ref: file.fileNumber },
    });
    expect(lines[1]).toMatchObject({ version: 2, score: -5, correction: true });
    expect(res.body).not.toContain(respondentNo);
    // Another period holds nothing of it; a reversed period is refused; the dispatcher may not export.
    const before = await call(h, 'admin', 'GET', '/api/v1/credit/export?from=2020-01-01&to=2020-01-31');
    expect(before.body).toBe('');
    expect((await call(h, 'admin', 'GET', `/api/v1/credit/export?from=${day}&to=2020-01-01`)).statusCode).toBe(400);
    expect((await call(h, 'dispatcher', 'GET', `/api/v1/credit/export?from=${day}&to=${day}`)).statusCode).toBe(403);
    expect((await call(h, 'resident', 'GET', `/api/v1/credit/export?from=${day}&to=${day}`)).statusCode).toBe(404);
    const audit = await h.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'details'])
      .where('action', '=', 'credit.export')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(audit.details).toContain('"identities":"masked"');

    // The staff list exports as .xlsx too.
    const xlsx = await call(
      h,
      'dispatcher',
      'GET',
      `/api/v1/credit/records?subjectKind=person&subjectId=${respondent}&format=xlsx`,
    );
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers['content-type']).toContain('spreadsheetml');
  });

  it('scores new records by the rules as an administrator sets them, old ones unchanged', async () => {
    const h = get();
    const rules = await ok<{
      items: { code: string; score: number; validityMonths: number }[];
      abilities: { edit: boolean };
    }>(call(h, 'dispatcher', 'GET', '/api/v1/credit/rules'));
    expect(rules.abilities.edit).toBe(false);
    expect(rules.items.find((r) => r.code === 'false_report')).toMatchObject({ score: -20, validityMonths: 36 });

    const grid = await h.unit('370702001001G01');
    const reported = await ok<{ id: number; number: string }>(
      call(h, 'operator', 'POST', '/api/v1/cases', {
        kind: 'complaint',
        categoryCode: 'CMP.NOISE',
        channel: 'window',
        description: '举报邻居夜间施工噪音扰民，经核实并无此事',
        unitId: grid.id,
      }),
      201,
    );
    const first = await person(h, '吴九', idNumber('37070219900707707'));
    const second = await person(h, '郑十', idNumber('37070219900808808'));
    const manual = (subjectId: number) =>
      call(h, 'dispatcher', 'POST', '/api/v1/credit/records', {
        subjectKind: 'person',
        subjectId,
        sourceKind: 'false_report',
        sourceId: reported.id,
        note: '经核实系虚假举报',
      });
    const before = await ok<Record_>(manual(first), 201);
    expect(before).toMatchObject({ score: -20, ruleCode: 'false_report', source: { ref: reported.number } });
    expect((await manual(first)).statusCode).toBe(409);

    // Only an administrator edits the rules; a score against its direction is refused.
    const change = {
      rules: [
        {
          code: 'false_report',
          name: '虚假举报经查实',
          direction: 'breach',
          score: -30,
          validityMonths: 12,
          sourceKind: 'false_report',
          active: true,
        },
      ],
    };
    expect((await call(h, 'dispatcher', 'PUT', '/api/v1/credit/rules', change)).statusCode).toBe(403);
    const wrong = await call(h, 'admin', 'PUT', '/api/v1/credit/rules', {
      rules: [{ ...change.rules[0], score: 30 }],
    });
    expect((wrong.json() as { error: { code: string } }).error.code).toBe('CREDIT_RULE_INVALID');
    const saved = await ok<{ items: { code: string; score: number; version: number }[] }>(
      call(h, 'admin', 'PUT', '/api/v1/credit/rules', change),
    );
    expect(saved.items.find((r) => r.code === 'false_report')).toMatchObject({ score: -30, version: 2 });

    const after = await ok<Record_>(manual(second), 201);
    expect(after).toMatchObject({ score: -30 });
    expect(after.validUntil.slice(0, 4)).toBe(String(Number(after.validFrom.slice(0, 4)) + 1));
    const old = await ok<Record_>(call(h, 'dispatcher', 'GET', `/api/v1/credit/records/${before.id}`));
    expect(old).toMatchObject({ score: -20 });

    // A subject outside the caller's area is answered like one that does not exist.
    const outside = await h.unit('370702002001G01');
    const at = h.clock.now().toISOString();
    const far = await h.ctx.db
      .insertInto('person')
      .values({
        name: '钱十一',
        unit_id: outside.id,
        phone_enc: null,
        phone_hash: null,
        id_number_enc: null,
        id_number_hash: null,
        note: null,
        created_at: at,
        updated_at: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const township = await buildUser(h, { role: 'dispatcher', unit: '370702001-centre' });
    const refused = await h.inject({
      method: 'POST',
      url: '/api/v1/credit/records',
      token: township.token,
      payload: {
        subjectKind: 'person',
        subjectId: far.id,
        sourceKind: 'false_report',
        sourceId: reported.id,
        note: '越权登记',
      },
    });
    expect((refused.json() as { error: { code: string } }).error.code).toBe('CREDIT_SUBJECT_UNKNOWN');
  });
});
