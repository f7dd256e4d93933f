// The records each row acts on, built afresh for every request, inside or outside the actors'
// jurisdiction; users and cases through the factories, the rest where no factory exists yet.
import { beijingDay } from '../../server/platform/calendar/working-days.ts';
import { buildCase, buildUser } from '../support/factories.ts';
import { COMMITTEE, GRID, INSIDE_GRID, JUSTICE, POLICE, type Fixture, type Where } from './expectations.ts';

export async function newUser(f: Fixture, where: Where): Promise<number> {
  const user = await buildUser(f.h, {
    role: 'operator',
    unit: where === 'inside' ? INSIDE_GRID : '370702002-centre',
    displayName: '矩阵测试',
    signIn: false,
  });
  return user.id;
}

let counter = 0;
/** A name no other request of this run has used. */
export const uniqueSuffix = () => `${Date.now().toString(36)}${++counter}`;

export async function newPerson(f: Fixture, where: Where): Promise<number> {
  const grid = where === 'inside' ? f.insideGrid : f.outsideGrid;
  const now = new Date().toISOString();
  const row = await f.h.ctx.db
    .insertInto('person')
    .values({
      name: '李四',
      unit_id: grid.id,
      phone_enc: f.h.ctx.cipher.encrypt('13900001111'),
      phone_hash: f.h.ctx.cipher.blindIndex('13900001111'),
      id_number_enc: null,
      id_number_hash: null,
      note: null,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A dispatched case: inside, reported by the matrix resident, led by the matrix department with
 * the matrix committee assisting; outside, in 南关街道 and nobody's. */
export async function newCase(f: Fixture, where: Where): Promise<{ id: number; version: number }> {
  return buildCase(f.h, {
    at: GRID[where],
    title: '矩阵测试事件',
    ...(where === 'inside' ? { by: f.actors.resident } : {}),
    status: 'dispatched',
    lead: JUSTICE[where],
    assist: where === 'inside' ? [COMMITTEE.inside] : [],
  });
}

/** A resolved case of `where` waiting for its rating, its reporter's number on record (回访). */
export async function newResolvedCase(f: Fixture, where: Where): Promise<{ id: number; version: number }> {
  return buildCase(f.h, {
    at: GRID[where],
    title: '矩阵测试回访',
    status: 'resolved',
    lead: JUSTICE[where],
    reporter: { name: '王五', phone: '13700001234' },
  });
}

/** A dispatched case with its reporter's number: inside, the matrix committee assists. */
export async function newReportedCase(f: Fixture, where: Where): Promise<{ id: number; version: number }> {
  return buildCase(f.h, {
    at: GRID[where],
    title: '矩阵测试来电',
    status: 'dispatched',
    lead: JUSTICE[where],
    assist: where === 'inside' ? [COMMITTEE.inside] : [],
    reporter: { name: '王五', phone: '13700001234' },
  });
}

/** A dispute led by the committee of `where`. Accepted (in progress) by the committee's mediator
 * (inside: the matrix mediator), whose accept registers its mediation file. */
export async function newCommitteeCase(
  f: Fixture,
  where: Where,
  status: 'dispatched' | 'in_progress' = 'in_progress',
): Promise<{ id: number; version: number; committeeId: number }> {
  const c = await buildCase(f.h, {
    at: GRID[where],
    kind: 'dispute',
    title: '矩阵测试纠纷',
    status,
    lead: COMMITTEE[where],
    ...(where === 'inside' ? { acceptedBy: f.actors.mediator } : {}),
  });
  return { id: c.id, version: c.version, committeeId: c.leadUnitId! };
}

/** A Beijing day `days` from the harness clock's today. */
export const dayFromNow = (f: Fixture, days: number) =>
  beijingDay(new Date(f.h.ctx.clock.now().getTime() + days * 86_400_000));

export interface FileState {
  /** An applicant and a respondent, their numbers sealed. */
  parties?: boolean;
  /** A written agreement: a draft, signed by everyone (still a draft), or in effect. */
  agreement?: 'draft' | 'signed' | 'effective';
  /** Concluded: mediation failed. */
  failed?: boolean;
}

/** The mediation file of a dispute the committee of `where` has accepted (inside, by the matrix
 * mediator, its lead mediator), with what the route needs added to it. */
export async function newFile(
  f: Fixture,
  where: Where,
  state: FileState = {},
): Promise<{ id: number; caseId: number; caseVersion: number; committeeId: number; partyIds: number[] }> {
  const db = f.h.ctx.db;
  const c = await newCommitteeCase(f, where);
  const file = await db.selectFrom('mediation_file').select('id').where('case_id', '=', c.id).executeTakeFirstOrThrow();
  const now = f.h.ctx.clock.now().toISOString();
  if (state.failed) {
    await db
      .updateTable('mediation_file')
      .set({ status: 'concluded', outcome: 'no_agreement', outcome_note: '双方分歧较大，调解不成', outcome_at: now })
      .where('id', '=', file.id)
      .execute();
  }
  const partyIds: number[] = [];
  if (state.parties || state.agreement) {
    for (const [role, name, phone, idNumber] of [
      ['applicant', '张三', '13800001111', '370702198003051235'],
      ['respondent', '李四', '13900002222', '370702198506120028'],
    ] as const) {
      const party = await db
        .insertInto('mediation_party')
        .values({
          file_id: file.id,
          role,
          kind: 'person',
          name,
          gender: null,
          ethnicity: null,
          birth_date: null,
          id_number_enc: f.h.ctx.cipher.encrypt(idNumber),
          id_number_hash: f.h.ctx.cipher.blindIndex(idNumber),
          phone_enc: f.h.ctx.cipher.encrypt(phone),
          phone_hash: f.h.ctx.cipher.blindIndex(phone),
          address: null,
          representative: null,
          credit_code: null,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      partyIds.push(party.id);
    }
  }
  if (state.agreement) {
    const effective = state.agreement === 'effective';
    const agreement = await db
      .insertInto('mediation_agreement')
      .values({
        file_id: file.id,
        form: 'written',
        facts: '李四在楼道堆放杂物，阻碍张三通行，双方多次争执。',
        issues: '杂物清理及今后通道使用。',
        responsibilities: '李四对堵塞通道负主要责任。',
        terms: JSON.stringify(['李四于三日内清理楼道杂物。', '双方今后不在公共通道堆物。']),
        performance_manner: '李四自行清理，社区监督',
        performance_deadline: dayFromNow(f, 30),
        copies: 3,
        status: effective ? 'effective' : 'draft',
        effective_at: effective ? now : null,
        confirmation_deadline: effective ? dayFromNow(f, 30) : null,
        performance: 'pending',
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    if (state.agreement !== 'draft') {
      await db
        .insertInto('agreement_signature')
        .values(
          [...partyIds.map((id) => `party:${id}`), 'mediator', 'committee'].map((key) => ({
            agreement_id: agreement.id,
            signer_key: key,
            party_id: key.startsWith('party:') ? Number(key.slice(6)) : null,
            user_id: key === 'mediator' && where === 'inside' ? f.actors.mediator.id : null,
            method: key === 'committee' ? ('seal' as const) : ('signature' as const),
            signed_at: now,
            recorded_by: null,
          })),
        )
        .execute();
    }
  }
  return { id: file.id, caseId: c.id, caseVersion: c.version, committeeId: c.committeeId, partyIds };
}

/** A hand-off of `caseId` from one unit to another, not yet answered. */
export async function newReferral(
  f: Fixture,
  caseId: number,
  r: { kind: 'police' | 'judicial_confirmation'; from: string; to: string; externalRef: string },
): Promise<number> {
  const row = await f.h.ctx.db
    .insertInto('referral')
    .values({
      case_id: caseId,
      kind: r.kind,
      from_unit_id: (await f.h.unit(r.from)).id,
      to_unit_id: (await f.h.unit(r.to)).id,
      external_ref: r.externalRef,
      note: null,
      deadline: dayFromNow(f, 30),
      status: 'sent',
      sent_at: f.h.ctx.clock.now().toISOString(),
      sent_by: null,
      received_at: null,
      received_by: null,
      result_outcome: null,
      result: null,
      returned_at: null,
      returned_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A police station's hand-off into mediation (警调对接): to the committee of `where`. */
export async function newIncomingReferral(f: Fixture, where: Where): Promise<number> {
  const c = await newCommitteeCase(f, where, 'dispatched');
  return newReferral(f, c.id, {
    kind: 'police',
    from: POLICE[where],
    to: COMMITTEE[where],
    externalRef: `矩阵-${where}-${++counter}`,
  });
}

/** A hand-off from a committee awaiting the receiving unit's receipt and result. The matrix has no
 * court actor: the application for judicial confirmation is addressed to the justice office of
 * `where`, the matrix department's unit inside, standing in for the court that receives it. */
export async function newOutgoingReferral(f: Fixture, where: Where): Promise<number> {
  const file = await newFile(f, where, { agreement: 'effective' });
  return newReferral(f, file.caseId, {
    kind: 'judicial_confirmation',
    from: COMMITTEE[where],
    to: JUSTICE[where],
    externalRef: `矩阵调-${where}-${++counter}`,
  });
}

export async function newHearing(f: Fixture, caseId: number, scheduledAt: Date): Promise<number> {
  const now = f.h.ctx.clock.now().toISOString();
  const row = await f.h.ctx.db
    .insertInto('hearing')
    .values({
      case_id: caseId,
      title: '矩阵测试听证会',
      scheduled_at: scheduledAt.toISOString(),
      place: '城关街道办事处会议室',
      agenda: '一、双方陈述；二、听证员评议',
      participants: JSON.stringify([{ name: '王律师', kind: 'lawyer', unitId: null }]),
      status: 'scheduled',
      record: null,
      outcome: null,
      held_at: null,
      convened_by: null,
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export const hoursFromNow = (f: Fixture, hours: number) => new Date(f.h.ctx.clock.now().getTime() + hours * 3_600_000);
