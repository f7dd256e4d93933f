// Mediation files for the demo, so the demo mediator's workbench is not empty: each dispute that
// 潍城区联合人民调解委员会 is handling gets its file as if the mediator had accepted it (numbered like
// the real ones, with the legal time limit), two parties with sealed numbers, and — once a day has
// passed — a first session; the oldest also has a draft agreement awaiting signatures. The newest
// dispute is left without a file, as one accepted before mediation records existed, so the demo
// shows 登记调解卷宗. Deterministic (names and times follow the cases) and idempotent.
import type { AppContext } from '../context.ts';
import { beijingDay } from '../platform/calendar/working-days.ts';
import { anchorPathOf, findUserByUsername, type Actor } from '../modules/auth/index.ts';
import { recordCaseEvent } from '../modules/cases/index.ts';
import { findUnitByCode } from '../modules/org/index.ts';
import { registerFile } from '../modules/mediation/index.ts';

export const DEMO_COMMITTEE_CODE = '370702-cmte-territorial';

const APPLICANTS = ['王建国', '李秀英', '张海燕', '刘志强', '陈春梅', '杨立新', '赵红梅', '孙玉兰'];
const RESPONDENTS = ['周明', '吴桂英', '徐刚', '郑平', '马洋', '胡敏', '朱磊', '高静'];
const COMPANIES = ['潍坊市鸢都物业服务有限公司', '潍坊市城关建筑工程有限公司', '潍坊市白浪河装饰工程有限公司'];
const STREETS = ['胜利西街', '和平路', '向阳路', '东风西街', '健康街', '福寿西街'];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A valid resident ID number of 潍城区 (GB 11643 check digit). */
export function demoIdNumber(birthDate: string, sequence: number, male: boolean): string {
  const order = String(((sequence * 2) % 998) + (male ? 1 : 2)).padStart(3, '0');
  const body = `370702${birthDate.replace(/-/g, '')}${order}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(body[i]), 0);
  return body + '10X98765432'[sum % 11]!;
}

/** Half past nine, Beijing time, on the Beijing day after `instant`. */
function nextMorning(instant: Date): Date {
  return new Date(Date.parse(`${beijingDay(new Date(instant.getTime() + DAY))}T09:30:00+08:00`));
}

/** At most this many demo files. */
const MAX_FILES = 60;

export async function seedDemoMediation(ctx: AppContext): Promise<number> {
  const committee = await findUnitByCode(ctx.db, DEMO_COMMITTEE_CODE);
  const mediator = await findUserByUsername(ctx.db, 'mediator');
  if (!committee || !mediator) return 0;
  // Once: any demo dispute of the committee with a file means the demo was seeded.
  const existing = await ctx.db
    .selectFrom('mediation_file')
    .innerJoin('case_record', 'case_record.id', 'mediation_file.case_id')
    .select('mediation_file.id')
    .where('case_record.lead_unit_id', '=', committee.id)
    .where('case_record.number', 'like', '370702-%-D%')
    .limit(1)
    .executeTakeFirst();
  if (existing) return 0;
  // A desk's worth of the newest disputes in mediation, not one file per generated dispute (a
  // benchmark database holds tens of thousands).
  const cases = (
    await ctx.db
      .selectFrom('case_record')
      .selectAll()
      .where('lead_unit_id', '=', committee.id)
      .where('status', '=', 'in_progress')
      .where('number', 'like', '370702-%-D%')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(MAX_FILES + 1)
      .execute()
  ).reverse();
  // The newest stays without a file (登记调解卷宗 by hand); a lone dispute gets its file.
  const filed = cases.length > 1 ? cases.slice(0, -1) : cases;
  if (filed.length === 0) return 0;

  const now = ctx.clock.now();
  const actor: Actor = {
    userId: mediator.id,
    username: mediator.username,
    displayName: mediator.display_name,
    memberships: [
      {
        id: 0,
        unitId: committee.id,
        unitName: committee.name,
        unitCode: committee.code,
        unitType: committee.type,
        unitLevel: committee.level,
        unitPath: committee.path,
        role: 'mediator',
        anchorPath: anchorPathOf(committee),
      },
    ],
    sessionId: 0,
    restriction: null,
    serviceAccount: null,
  };
  const accepted = await ctx.db
    .selectFrom('case_event')
    .select(['case_id', 'at'])
    .where(
      'case_id',
      'in',
      filed.map((c) => c.id),
    )
    .where('action', '=', 'accept')
    .execute();
  const acceptedAt = new Map(accepted.map((e) => [e.case_id, e.at]));

  await ctx.db.transaction().execute(async (trx) => {
    for (const [i, row] of filed.entries()) {
      const registered = new Date(
        Math.min(now.getTime(), Date.parse(acceptedAt.get(row.id) ?? row.created_at)),
      ).toISOString();
      await registerFile(trx, { before: row, actor, at: registered }, committee);
      const file = await trx
        .selectFrom('mediation_file')
        .select(['id', 'number'])
        .where('case_id', '=', row.id)
        .executeTakeFirstOrThrow();

      const applicant = APPLICANTS[i % APPLICANTS.length]!;
      const male = i % 2 === 0;
      const birthDate = `${1962 + ((i * 7) % 35)}-${String((i % 12) + 1).padStart(2, '0')}-${String(((i * 5) % 28) + 1).padStart(2, '0')}`;
      const idNumber = demoIdNumber(birthDate, i + 1, male);
      const phone = `1380535${String(1000 + i * 37).padStart(4, '0')}`;
      const organisation = i % 3 === 2;
      const respondent = organisation ? COMPANIES[i % COMPANIES.length]! : RESPONDENTS[i % RESPONDENTS.length]!;
      const respondentPhone = `1396366${String(2000 + i * 53).padStart(4, '0')}`;
      const street = STREETS[i % STREETS.length]!;
      const parties = [
        {
          role: 'applicant' as const,
          kind: 'person' as const,
          name: applicant,
          gender: male ? '男' : '女',
          ethnicity: '汉族',
          birth_date: birthDate,
          id_number_enc: ctx.cipher.encrypt(idNumber),
          id_number_hash: ctx.cipher.blindIndex(idNumber),
          phone_enc: ctx.cipher.encrypt(phone),
          phone_hash: ctx.cipher.blindIndex(phone),
          address: `潍坊市潍城区${street}${10 + i}号`,
          representative: null,
          credit_code: null,
        },
        {
          role: 'respondent' as const,
          kind: organisation ? ('organisation' as const) : ('person' as const),
          name: respondent,
          gender: organisation ? null : male ? '女' : '男',
          ethnicity: organisation ? null : '汉族',
          birth_date: null,
          id_number_enc: null,
          id_number_hash: null,
          phone_enc: ctx.cipher.encrypt(respondentPhone),
          phone_hash: ctx.cipher.blindIndex(respondentPhone),
          address: `潍坊市潍城区${street}${30 + i}号`,
          representative: organisation ? '刘经理' : null,
          credit_code: organisation ? `91370702MA3C${String(100000 + i).slice(-6)}` : null,
        },
      ];
      for (const party of parties) {
        await trx
          .insertInto('mediation_party')
          .values({ ...party, file_id: file.id, created_at: registered })
          .execute();
      }

      // A first session the morning after, once that morning has passed.
      const heldAt = nextMorning(new Date(registered));
      if (heldAt.getTime() > now.getTime()) continue;
      const place = `${committee.name}调解室`;
      await trx
        .insertInto('mediation_session')
        .values({
          file_id: file.id,
          seq: 1,
          held_at: heldAt.toISOString(),
          place,
          attendees: JSON.stringify([applicant, respondent, mediator.display_name]),
          record: `双方当事人分别陈述了纠纷经过和各自诉求。${applicant}要求对方赔偿损失并停止侵害，${respondent}对损失金额有异议。调解员释明相关法律规定，双方同意在查明事实的基础上继续协商。`,
          agreed: '同意由调解委员会组织现场查看',
          next_step: '核实损失情况，约双方再次调解',
          recorded_by: mediator.id,
          created_at: heldAt.toISOString(),
        })
        .execute();
      await recordCaseEvent(trx, ctx.dialect, {
        case_id: row.id,
        action: 'mediation_session',
        actor_user_id: mediator.id,
        actor_name: mediator.display_name,
        actor_role: 'mediator',
        actor_unit_id: committee.id,
        at: heldAt.toISOString(),
        data: JSON.stringify({ fileNumber: file.number, seq: 1, heldAt: heldAt.toISOString(), place }),
      });
      if (i !== 0) continue;
      // The oldest: a draft agreement, waiting for the signatures and the seal.
      const drafted = new Date(Math.min(now.getTime(), heldAt.getTime() + 2 * HOUR)).toISOString();
      await trx
        .insertInto('mediation_agreement')
        .values({
          file_id: file.id,
          form: 'written',
          facts: `${respondent}在装修施工中损坏${applicant}家相邻墙体和地面，致其房屋渗水，双方多次协商未果，${applicant}申请调解。`,
          issues: '损失金额及维修责任的承担。',
          responsibilities: `经现场查看，渗水系${respondent}施工所致，${respondent}应承担维修责任和相应损失。`,
          terms: JSON.stringify([
            `${respondent}负责修复${applicant}家受损墙体和地面，于履行期限内完工。`,
            `${respondent}一次性赔偿${applicant}其他损失人民币叁仟元整。`,
            '双方就本纠纷再无其他争议。',
          ]),
          performance_manner: '现场修复；赔偿款以银行转账方式支付',
          performance_deadline: beijingDay(new Date(now.getTime() + 30 * DAY)),
          copies: 3,
          status: 'draft',
          effective_at: null,
          confirmation_deadline: null,
          performance: 'pending',
          version: 1,
          created_at: drafted,
          updated_at: drafted,
        })
        .execute();
    }
    await ctx.audit.append(
      trx,
      {
        actor: null,
        action: 'demo.seed_mediation',
        subjectType: 'mediation_file',
        subjectId: null,
        outcome: 'success',
        details: { files: filed.length, committee: DEMO_COMMITTEE_CODE },
      },
      now,
    );
  });
  return filed.length;
}
