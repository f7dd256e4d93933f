import { ExportFormat } from '../../platform/http/xlsx.ts';
import { Type } from 'typebox';
import { CASE_STATUSES } from '../../../common/workflow.ts';
import { CreateCaseBody } from '../cases/index.ts';
import { OUTCOMES, PARTY_ROLES, PERFORMANCE, REFERRAL_KINDS, SIGN_METHODS } from './mediation.table.ts';
import { PARTICIPANT_KINDS } from '../../../common/hearing-notice.ts';

const literals = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Day = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const Version = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Person = Type.Object({ id: Type.Integer(), name: Type.String() });
/** A code whose values the OpenAPI document lists, so the web's generated types know them (responses). */
const Code = (values: readonly string[]) => Type.String({ enum: [...values] });
const CaseStatusCode = Code(CASE_STATUSES);
const ReferralStatus = Code(['sent', 'received', 'returned']);

export const FileParams = Type.Object({ id: Id });
export const PartyParams = Type.Object({ id: Id, partyId: Id });

export const Party = Type.Object(
  {
    id: Type.Integer(),
    role: Code(PARTY_ROLES),
    kind: Code(['person', 'organisation']),
    name: Type.String(),
    gender: Nullable(Type.String()),
    ethnicity: Nullable(Type.String()),
    birthDate: Nullable(Type.String()),
    idNumber: Nullable(Type.String({ description: '脱敏 / masked' })),
    phone: Nullable(Type.String({ description: '脱敏 / masked' })),
    address: Nullable(Type.String()),
    representative: Nullable(Type.String()),
    creditCode: Nullable(Type.String()),
  },
  { title: 'Party' },
);

const FileReferral = Type.Object(
  {
    id: Type.Integer(),
    kind: Code(REFERRAL_KINDS),
    status: ReferralStatus,
    fromUnitName: Type.String(),
    toUnitName: Type.String(),
    externalRef: Nullable(Type.String()),
    deadline: Nullable(Type.String()),
    sentAt: Type.String(),
    receivedAt: Nullable(Type.String()),
    returnedAt: Nullable(Type.String()),
    resultOutcome: Nullable(Type.String()),
    result: Nullable(Type.String()),
  },
  { title: 'FileReferral' },
);

const FileStatus = Code(['open', 'concluded']);

export const FileSummary = Type.Object(
  {
    id: Type.Integer(),
    number: Type.String(),
    status: FileStatus,
    caseId: Type.Integer(),
    caseNumber: Type.String(),
    caseTitle: Type.String(),
    caseStatus: CaseStatusCode,
    committeeId: Type.Integer(),
    committeeName: Type.String(),
    registeredAt: Type.String(),
    deadline: Type.String(),
    overdue: Type.Boolean(),
    outcome: Nullable(Code(OUTCOMES)),
  },
  { title: 'MediationSummary' },
);

export const Agreement = Type.Object(
  {
    id: Type.Integer(),
    form: Code(['written', 'oral']),
    facts: Type.String(),
    issues: Type.String(),
    responsibilities: Type.String(),
    terms: Type.Array(Type.String()),
    performanceManner: Type.String(),
    performanceDeadline: Type.String(),
    copies: Type.Integer(),
    status: Type.String({
      enum: ['draft', 'effective', 'altered'],
      description:
        'altered: the text is no longer the one signed (…/agreement/verify); its signatures and effect do not hold / 签署后被改动，签名及效力不成立',
    }),
    textHash: Type.String({ description: '协议文本 SHA-256 / SHA-256 of the agreement’s text' }),
    textUnchanged: Type.Boolean({ description: 'Every signature bound this text' }),
    version: Type.Integer(),
    effectiveAt: Nullable(Type.String()),
    confirmationDeadline: Nullable(Type.String({ description: '司法确认申请截止日 / last day to apply' })),
    confirmationDaysLeft: Nullable(Type.Integer()),
    performance: Code(['pending', ...PERFORMANCE]),
    signatures: Type.Array(
      Type.Object({
        signer: Code(['party', 'mediator', 'committee']),
        partyId: Nullable(Type.Integer()),
        name: Type.String(),
        method: Code(SIGN_METHODS),
        signedAt: Type.String(),
      }),
    ),
    missingSignatures: Type.Array(Type.String()),
  },
  { title: 'Agreement' },
);

const Sha256 = Type.String({ pattern: '^[0-9a-f]{64}$' });

export const AgreementVerification = Type.Object(
  {
    unchanged: Type.Boolean({
      description: '协议文本与各签名绑定的文本一致 / The text is the one every signature bound',
    }),
    textHash: Sha256,
    signedHashes: Type.Array(
      Type.Object({
        signer: Code(['party', 'mediator', 'committee']),
        partyId: Nullable(Type.Integer()),
        method: Code(SIGN_METHODS),
        signedAt: Type.String(),
        textHash: Nullable(Sha256),
        matches: Nullable(Type.Boolean()),
        documentHash: Nullable(Sha256),
      }),
    ),
  },
  { title: 'AgreementVerification' },
);

export const MediationFile = Type.Object(
  {
    id: Type.Integer(),
    number: Type.String(),
    status: FileStatus,
    version: Type.Integer(),
    case: Type.Object({
      id: Type.Integer(),
      number: Type.String(),
      title: Type.String(),
      status: CaseStatusCode,
      version: Type.Integer(),
      categoryCode: Type.String(),
      channel: Type.String(),
    }),
    committee: Type.Object({ id: Type.Integer(), name: Type.String(), kind: Nullable(Type.String()) }),
    leadMediator: Nullable(Person),
    assistMediators: Type.Array(Person),
    registeredAt: Type.String(),
    deadline: Type.String({ description: '调解期限 / the legal time limit' }),
    daysLeft: Nullable(Type.Integer()),
    overdue: Type.Boolean(),
    extension: Nullable(
      Type.Object(
        {
          from: Type.String(),
          to: Type.String(),
          consent: Type.String(),
          partyIds: Type.Array(Type.Integer()),
          at: Type.String(),
        },
        { description: '最近一次延期 / the last extension' },
      ),
    ),
    outcome: Nullable(Code(OUTCOMES)),
    outcomeNote: Nullable(Type.String()),
    outcomeAt: Nullable(Type.String()),
    parties: Type.Array(Party),
    sessions: Type.Array(
      Type.Object({
        id: Type.Integer(),
        seq: Type.Integer(),
        heldAt: Type.String(),
        place: Type.String(),
        attendees: Type.Array(Type.String()),
        record: Type.String(),
        agreed: Nullable(Type.String()),
        nextStep: Nullable(Type.String()),
        recordedBy: Nullable(Person),
        createdAt: Type.String(),
      }),
    ),
    agreement: Nullable(Agreement),
    /** The articles cited (issue 17), as they read when cited; the agreement prints them. */
    legalBases: Type.Array(
      Type.Object({
        articleId: Type.Integer(),
        lawTitle: Type.String(),
        label: Type.String(),
        text: Type.String(),
        versionDate: Type.String(),
        citedAt: Type.String(),
      }),
    ),
    followUps: Type.Array(
      Type.Object({
        id: Type.Integer(),
        visitedAt: Type.String(),
        performance: Code(PERFORMANCE),
        note: Type.String(),
        createdAt: Type.String(),
      }),
    ),
    referrals: Type.Array(FileReferral),
    abilities: Type.Object({ work: Type.Boolean() }),
  },
  { title: 'MediationFile' },
);

export const FileListQuery = Type.Object(
  {
    status: Type.Optional(literals(['open', 'concluded'])),
    committeeId: Type.Optional(Id),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const MediatorsBody = Type.Object(
  {
    version: Version,
    leadMediatorId: Type.Optional(Id),
    assistMediatorIds: Type.Optional(Type.Array(Id, { maxItems: 10 })),
  },
  { additionalProperties: false },
);

export const PartyBody = Type.Object(
  {
    role: literals(PARTY_ROLES),
    kind: literals(['person', 'organisation']),
    name: Text(100),
    gender: Type.Optional(literals(['男', '女'])),
    ethnicity: Type.Optional(Text(20)),
    birthDate: Type.Optional(Day),
    idNumber: Type.Optional(Text(18)),
    phone: Type.Optional(Text(20)),
    address: Type.Optional(Text(200)),
    representative: Type.Optional(Text(64)),
    creditCode: Type.Optional(Text(18)),
  },
  { additionalProperties: false },
);

export const RevealBody = Type.Object(
  { fields: Type.Array(literals(['phone', 'idNumber']), { minItems: 1, maxItems: 2, uniqueItems: true }) },
  { additionalProperties: false },
);

export const SessionBody = Type.Object(
  {
    heldAt: Type.String({ format: 'date-time' }),
    place: Text(200),
    attendees: Type.Array(Text(64), { minItems: 1, maxItems: 50 }),
    record: Text(20000),
    agreed: Type.Optional(Type.String({ maxLength: 5000 })),
    nextStep: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

/** 调解通知: when and where the next session is (the parties are told by SMS). */
export const SessionNoticeBody = Type.Object(
  { scheduledAt: Type.String({ format: 'date-time' }), place: Text(200) },
  { additionalProperties: false },
);

export const ExtensionBody = Type.Object(
  {
    until: Day,
    consent: Text(1000),
    partyIds: Type.Array(Id, { minItems: 1, maxItems: 50 }),
  },
  { additionalProperties: false },
);

export const AgreementBody = Type.Object(
  {
    form: literals(['written', 'oral']),
    facts: Text(10000),
    issues: Text(5000),
    responsibilities: Text(5000),
    terms: Type.Array(Text(2000), { minItems: 1, maxItems: 30 }),
    performanceManner: Text(2000),
    performanceDeadline: Day,
    copies: Type.Optional(Type.Integer({ minimum: 2, maximum: 10 })),
  },
  { additionalProperties: false },
);

export const SignatureBody = Type.Object(
  {
    signer: literals(['party', 'mediator', 'committee']),
    partyId: Type.Optional(Id),
    method: Type.Optional(literals(SIGN_METHODS)),
  },
  { additionalProperties: false },
);

export const OutcomeBody = Type.Object(
  {
    outcome: literals(OUTCOMES),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    caseVersion: Version,
  },
  { additionalProperties: false },
);

export const FollowUpBody = Type.Object(
  {
    performance: literals(PERFORMANCE),
    note: Text(2000),
    visitedAt: Type.Optional(Type.String({ format: 'date-time' })),
    /** With `broken`: the parties found in breach (each gets a credit record); without it, the respondents. */
    brokenByPartyIds: Type.Optional(Type.Array(Id, { minItems: 1, maxItems: 20, uniqueItems: true })),
  },
  { additionalProperties: false },
);

export const CourtBody = Type.Object(
  { courtId: Type.Optional(Id), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const ReferralOut = Type.Object(
  {
    id: Type.Integer(),
    kind: Type.String({ enum: [...REFERRAL_KINDS] }),
    label: Type.String(),
    status: ReferralStatus,
    caseId: Type.Integer(),
    caseNumber: Type.String(),
    caseTitle: Type.String(),
    caseStatus: CaseStatusCode,
    fromUnitId: Type.Integer(),
    fromUnitName: Type.String(),
    toUnitId: Type.Integer(),
    toUnitName: Type.String(),
    externalRef: Nullable(Type.String()),
    note: Nullable(Type.String()),
    deadline: Nullable(Type.String()),
    overdue: Type.Boolean(),
    sentAt: Type.String(),
    sentBy: Nullable(Type.String({ description: '发出人 / who sent it' })),
    receivedAt: Nullable(Type.String()),
    receivedBy: Nullable(Type.String({ description: '签收人 / who receipted it' })),
    returnedAt: Nullable(Type.String()),
    returnedBy: Nullable(Type.String({ description: '反馈人 / who returned the result' })),
    resultOutcome: Nullable(Type.String()),
    result: Nullable(Type.String()),
  },
  { title: 'Referral' },
);

export const ReferDisputeBody = Type.Object(
  {
    fromUnitId: Type.Optional(Id),
    toUnitId: Id,
    externalRef: Text(100),
    deadline: Type.Optional(Day),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    case: Type.Omit(CreateCaseBody, ['channel'], { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export const ReferralListQuery = Type.Object(
  {
    box: literals(['sent', 'received']),
    status: Type.Optional(literals(['sent', 'received', 'returned'])),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const ReferralResultBody = Type.Object(
  {
    outcome: literals(['confirmed', 'rejected', 'filed', 'judged', 'mediated', 'withdrawn', 'other']),
    result: Text(5000),
  },
  { additionalProperties: false },
);

const HearingStatus = Code(['scheduled', 'held', 'cancelled']);

export const Hearing = Type.Object(
  {
    id: Type.Integer(),
    caseId: Type.Integer(),
    caseNumber: Type.String(),
    caseTitle: Type.String(),
    title: Type.String(),
    scheduledAt: Type.String(),
    place: Type.String(),
    host: Nullable(Type.String({ description: '主持人 / who chairs it' })),
    agenda: Type.String(),
    participants: Type.Array(
      Type.Object({ name: Type.String(), kind: Code(PARTICIPANT_KINDS), unitId: Nullable(Type.Integer()) }),
    ),
    notice: Nullable(Type.String({ description: '听证公告 / the published notice' })),
    convenedBy: Nullable(Person),
    status: HearingStatus,
    minutesDue: Type.Boolean({ description: '已到听证时间、待记录 / its time has come and it awaits its minutes' }),
    attendees: Nullable(
      Type.Array(Type.String(), { description: '到场人员 / who attended (recorded with the minutes)' }),
    ),
    record: Nullable(Type.String({ description: '听证记录 / the minutes' })),
    outcome: Nullable(
      Type.String({ description: '听证结果；取消时为取消原因 / the outcome, or why it was cancelled' }),
    ),
    heldAt: Nullable(Type.String()),
    version: Type.Integer(),
    createdAt: Type.String(),
  },
  { title: 'Hearing' },
);

/** One hearing, with what the actor may do to it. */
export const HearingDetail = Type.Object(
  {
    ...Hearing.properties,
    abilities: Type.Object({
      manage: Type.Boolean({ description: 'May record or cancel it (while scheduled) / 可记录或取消' }),
    }),
  },
  { title: 'HearingDetail' },
);

export const CaseHearings = Type.Object(
  {
    items: Type.Array(Hearing),
    abilities: Type.Object({ convene: Type.Boolean({ description: 'May schedule one on this case / 可安排听证' }) }),
  },
  { title: 'CaseHearings' },
);

export const HearingBody = Type.Object(
  {
    title: Text(120),
    scheduledAt: Type.String({ format: 'date-time' }),
    place: Text(200),
    host: Type.Optional(Text(64)),
    agenda: Text(5000),
    participants: Type.Array(
      Type.Object(
        { name: Text(100), kind: literals(PARTICIPANT_KINDS), unitId: Type.Optional(Id) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
    notice: Type.Optional(
      Type.String({
        maxLength: 10000,
        description: '听证公告；不填则按以上信息生成 / drafted from the rest when left out',
      }),
    ),
  },
  { additionalProperties: false },
);

export const HearingRecordBody = Type.Object(
  {
    version: Version,
    record: Text(20000),
    outcome: Text(5000),
    attendees: Type.Optional(Type.Array(Text(100), { minItems: 1, maxItems: 200 })),
  },
  { additionalProperties: false },
);
export const HearingCancelBody = Type.Object({ version: Version, reason: Text(1000) }, { additionalProperties: false });
export const HearingListQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
    status: Type.Optional(literals(['scheduled', 'held', 'cancelled'])),
    withinUnitId: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 2_147_483_647,
        description: '只列该单位及其下级区域内案件的听证 / only hearings of cases in this unit and below',
      }),
    ),
    order: Type.Optional(
      Type.Union([Type.Literal('asc'), Type.Literal('desc')], {
        description: '按听证时间排序，默认由早到晚 / by time, earliest first by default',
      }),
    ),
  },
  { additionalProperties: false },
);

export const MediationStatsQuery = Type.Object(
  {
    from: Type.Optional(Day),
    to: Type.Optional(Day),
    unitId: Type.Optional(Id),
  },
  { additionalProperties: false },
);

const Figures = {
  files: Type.Integer({ description: '受理 / registered' }),
  open: Type.Integer(),
  concluded: Type.Integer(),
  agreements: Type.Integer(),
  successRate: Nullable(Type.Number({ description: '调解成功率 = agreements / concluded' })),
  averageDays: Nullable(Type.Number({ description: '平均办结天数 / average days to conclude' })),
};
export const MediationStats = Type.Object({
  from: Type.String(),
  to: Type.String(),
  committees: Type.Array(Type.Object({ unitId: Type.Integer(), name: Type.String(), ...Figures })),
  mediators: Type.Array(
    Type.Object({ userId: Type.Integer(), name: Type.String(), committeeName: Type.String(), ...Figures }),
  ),
});

export const LegalBasesBody = Type.Object(
  {
    /** Articles of the legal library (GET /api/v1/legal-bases), in the order they are to be cited. */
    articleIds: Type.Array(Type.Integer({ minimum: 1, maximum: 2_147_483_647 }), { maxItems: 20 }),
  },
  { additionalProperties: false },
);
