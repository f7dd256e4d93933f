import { Type, type Static } from 'typebox';
import { ExportFormat } from '../../platform/http/xlsx.ts';
import type { RiskGrade as Grade, ScreeningFrequency } from '../../../common/safety.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const MONTH = '^\\d{4}-\\d{2}$';
const RiskGrade = Type.Union([
  Type.Literal('red'),
  Type.Literal('orange'),
  Type.Literal('yellow'),
  Type.Literal('blue'),
]);
const Frequency = Type.Union([Type.Literal('weekly'), Type.Literal('monthly')]);

export const PartyIn = Type.Object(
  {
    name: Text(50),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
  },
  { additionalProperties: false },
);

export const FindingBody = Type.Object(
  {
    parties: Type.Array(PartyIn, { minItems: 1, maxItems: 20 }),
    description: Text(2000),
    riskGrade: RiskGrade,
    measures: Text(2000),
    responsiblePerson: Text(50),
  },
  { additionalProperties: false },
);

export const CreateScreeningBody = Type.Object(
  {
    unitId: Id,
    /** When the screening was done (default: now); never in the future. */
    doneAt: Type.Optional(Type.String({ format: 'date-time' })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
    findings: Type.Optional(Type.Array(FindingBody, { maxItems: 50 })),
  },
  { additionalProperties: false },
);

export const ScreeningQuery = Type.Object(
  {
    withinUnitId: Type.Optional(Id),
    period: Type.Optional(Type.String({ pattern: MONTH })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const CoverageQuery = Type.Object(
  {
    withinUnitId: Type.Optional(Id),
    period: Type.Optional(Type.String({ pattern: MONTH })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);

export const ScreeningDetailQuery = Type.Object({ format: ExportFormat }, { additionalProperties: false });

export const FindingParams = Type.Object({ id: Id, fid: Id });

export const ToCaseBody = Type.Object(
  {
    /** The case's category (a dispute category, e.g. DSP.NEIGHBOUR). */
    categoryCode: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*(\\.[A-Z0-9_]+)*$' }),
  },
  { additionalProperties: false },
);

export const ScheduleParams = Type.Object({ unitId: Id });
export const ScheduleBody = Type.Object({ frequency: Frequency }, { additionalProperties: false });
export const ScheduleOut = Type.Object({ unitId: Type.Integer(), frequency: Frequency });

export const PartyOut = Type.Object({
  name: Type.String(),
  /** Always masked (138****1234). */
  phone: Nullable(Type.String()),
});

export const FindingOut = Type.Object({
  id: Type.Integer(),
  screeningId: Type.Integer(),
  parties: Type.Array(PartyOut),
  description: Type.String(),
  riskGrade: RiskGrade,
  measures: Type.String(),
  responsiblePerson: Type.String(),
  caseId: Nullable(Type.Integer()),
  caseNumber: Nullable(Type.String()),
  /** The mediation file it was handed to (排查转调解); its case is `caseId`. */
  mediationFileId: Nullable(Type.Integer()),
  mediationFileNumber: Nullable(Type.String()),
  createdAt: Type.String(),
  abilities: Type.Object({ toCase: Type.Boolean(), toMediation: Type.Boolean() }),
});

const ScreeningFields = {
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  frequency: Frequency,
  period: Type.String(),
  screenedBy: Type.Integer(),
  screenedByName: Type.String(),
  doneAt: Type.String(),
  note: Nullable(Type.String()),
  findingCount: Type.Integer(),
  createdAt: Type.String(),
};

export const ScreeningListItem = Type.Object(ScreeningFields);

export const ScreeningOut = Type.Object({
  ...ScreeningFields,
  findings: Type.Array(FindingOut),
  abilities: Type.Object({ addFinding: Type.Boolean() }),
});

export const ToCaseOut = Type.Object({
  findingId: Type.Integer(),
  caseId: Type.Integer(),
  caseNumber: Type.String(),
  /** False when the finding had already become this case (a second click). */
  created: Type.Boolean(),
});

export const ToMediationOut = Type.Object(
  {
    findingId: Type.Integer(),
    caseId: Type.Integer(),
    caseNumber: Type.String(),
    mediationFileId: Type.Integer(),
    mediationFileNumber: Type.String(),
    committeeId: Type.Integer(),
    committeeName: Type.String(),
    /** False when the finding had already been handed to this file (a second click). */
    created: Type.Boolean(),
  },
  { title: 'FindingToMediation' },
);

export const CoverageOut = Type.Object({
  unitId: Type.Integer(),
  period: Type.String(),
  units: Type.Integer(),
  screened: Type.Integer(),
  items: Type.Array(
    Type.Object({
      unitId: Type.Integer(),
      code: Type.String(),
      name: Type.String(),
      level: Type.String(),
      frequency: Frequency,
      expected: Type.Array(Type.String()),
      done: Type.Array(Type.String()),
      lastDoneAt: Nullable(Type.String()),
      screened: Type.Boolean(),
    }),
  ),
});

// The literals above are the common lists, spelled out so the types stay narrow; this fails to
// compile when a list changes without them.
const _sameGrades: [Grade] extends [Static<typeof RiskGrade>] ? true : never = true;
const _sameFrequencies: [ScreeningFrequency] extends [Static<typeof Frequency>] ? true : never = true;
void _sameGrades;
void _sameFrequencies;
