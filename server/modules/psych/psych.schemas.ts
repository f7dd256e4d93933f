import { Type } from 'typebox';
import { PSYCH_ASSESSMENT_LEVELS, PSYCH_STATUSES, PSYCH_URGENCIES } from '../../../common/psych.ts';
import { ExportFormat } from '../../platform/http/xlsx.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Code = <T extends readonly string[]>(values: T) => Type.String({ enum: [...values] });
const Text = (maxLength: number, description: string) => Type.String({ minLength: 1, maxLength, description });
const Instant = Type.String({
  format: 'date-time',
  maxLength: 40,
  description: 'ISO 8601 时间（含时区） / ISO 8601 date-time with offset',
});
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', maxLength: 10, description: 'YYYY-MM-DD' });

export const CreateReferralBody = Type.Object(
  {
    personName: Text(50, '当事人姓名 / The person’s name'),
    phone: Type.Optional(Type.String({ maxLength: 20, description: '联系电话（加密保存） / Phone, sealed at rest' })),
    reason: Text(2000, '转介原因 / Why the person is referred'),
    urgency: literals(PSYCH_URGENCIES),
    caseId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

export const ContactBody = Type.Object(
  {
    contactedAt: Type.Optional(Instant),
    assessmentLevel: literals(PSYCH_ASSESSMENT_LEVELS),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const FollowUpBody = Type.Object(
  {
    date: Day,
    note: Text(2000, '随访情况 / What the follow-up found'),
    assessmentLevel: Type.Optional(literals(PSYCH_ASSESSMENT_LEVELS)),
  },
  { additionalProperties: false },
);

export const CloseBody = Type.Object(
  { note: Text(2000, '结案说明 / Why the referral is closed') },
  { additionalProperties: false },
);

export const RevealBody = Type.Object({}, { additionalProperties: false });

export const ReferralsQuery = Type.Object(
  {
    status: Type.Optional(literals(PSYCH_STATUSES)),
    urgency: Type.Optional(literals(PSYCH_URGENCIES)),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

const Person = Type.Object({ id: Type.Integer(), name: Type.String() });

export const ReferralItem = Type.Object(
  {
    id: Type.Integer(),
    personName: Type.String(),
    phone: Nullable(Type.String({ description: '脱敏号码 / Masked' })),
    urgency: Code(PSYCH_URGENCIES),
    status: Code(PSYCH_STATUSES),
    teamUnitId: Type.Integer(),
    teamName: Type.String(),
    referrer: Person,
    referrerUnitName: Type.String(),
    caseId: Nullable(Type.Integer()),
    caseNumber: Nullable(Type.String()),
    createdAt: Type.String(),
    contactedAt: Nullable(Type.String()),
    /** Set once the hourly scan found an urgent referral uncontacted for 24 h. */
    overdueWarnedAt: Nullable(Type.String()),
    assessmentLevel: Nullable(Code(PSYCH_ASSESSMENT_LEVELS)),
    closedAt: Nullable(Type.String()),
  },
  { title: 'PsychReferral' },
);

export const ReferralDetail = Type.Intersect(
  [
    ReferralItem,
    Type.Object({
      reason: Type.String(),
      contactedBy: Nullable(Person),
      contactNote: Nullable(Type.String()),
      closedBy: Nullable(Person),
      closeNote: Nullable(Type.String()),
      followUps: Type.Array(
        Type.Object({
          id: Type.Integer(),
          date: Type.String(),
          note: Type.String(),
          assessmentLevel: Nullable(Code(PSYCH_ASSESSMENT_LEVELS)),
          recordedBy: Person,
          recordedAt: Type.String(),
        }),
      ),
      abilities: Type.Object({ work: Type.Boolean(), revealPhone: Type.Boolean(), readCaseNotes: Type.Boolean() }),
    }),
  ],
  { title: 'PsychReferralDetail' },
);

export const RevealOut = Type.Object({ phone: Nullable(Type.String()) }, { title: 'PsychReferralPhone' });
