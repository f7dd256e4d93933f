// Request and response schemas of the points and recognition routes.
import { Type } from 'typebox';
import { ExportFormat } from '../../platform/http/xlsx.ts';

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const RuleCode = Type.Union([
  Type.Literal('verified_report'),
  Type.Literal('vote'),
  Type.Literal('volunteer_hour'),
  Type.Literal('agreement_kept'),
  Type.Literal('good_deed'),
]);
const CapPeriod = Type.Union([Type.Literal('day'), Type.Literal('month'), Type.Literal('year')]);
const LedgerKind = Type.Union([Type.Literal('earn'), Type.Literal('spend'), Type.Literal('adjustment')]);
const RedemptionStatus = Type.Union([Type.Literal('issued'), Type.Literal('handed_over')]);
const RecognitionStatus = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('rejected')]);

export const RuleOut = Type.Object({
  code: RuleCode,
  name: Type.String(),
  points: Type.Integer(),
  cap: Nullable(Type.Integer()),
  capPeriod: CapPeriod,
  active: Type.Boolean(),
});
export const RulesOut = Type.Object({
  items: Type.Array(RuleOut),
  abilities: Type.Object({ manage: Type.Boolean() }),
});
export const RulesBody = Type.Object(
  {
    rules: Type.Array(
      Type.Object(
        {
          code: RuleCode,
          name: Type.String({ minLength: 1, maxLength: 60 }),
          points: Type.Integer({ minimum: 0, maximum: 10_000 }),
          cap: Nullable(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
          capPeriod: CapPeriod,
          active: Type.Boolean(),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20 },
    ),
  },
  { additionalProperties: false },
);

export const EntryOut = Type.Object({
  id: Type.Integer(),
  kind: LedgerKind,
  ruleCode: Nullable(RuleCode),
  /** What the entry was for, in words: the rule's name, the reward, the adjustment's reason. */
  label: Type.String(),
  amount: Type.Integer(),
  balanceAfter: Type.Integer(),
  createdAt: Type.String(),
});

export const RedemptionOut = Type.Object({
  id: Type.Integer(),
  rewardId: Type.Integer(),
  rewardName: Type.String(),
  cost: Type.Integer(),
  code: Type.String(),
  status: RedemptionStatus,
  createdAt: Type.String(),
  handedOverAt: Nullable(Type.String()),
});

export const MeOut = Type.Object({
  balance: Type.Integer(),
  earned: Type.Integer(),
  homeUnitId: Nullable(Type.Integer()),
  homeUnitName: Type.String(),
  entries: Type.Array(EntryOut),
  redemptions: Type.Array(RedemptionOut),
});

export const LedgerQuery = Type.Object(
  {
    personId: Type.Integer({
      minimum: 1,
      maximum: 2_147_483_647,
      description:
        '积分持有人的账号编号（居民账号的用户 id，不是人员库的 person id） / The holder’s account: the user id of the resident account (not a person-registry id)',
    }),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);
export const LedgerOut = Type.Object({
  holder: Type.Object({
    userId: Type.Integer(),
    displayName: Type.String(),
    unitId: Type.Integer(),
    unitName: Type.String(),
    balance: Type.Integer(),
    earned: Type.Integer(),
  }),
  items: Type.Array(EntryOut),
  abilities: Type.Object({ adjust: Type.Boolean() }),
});

export const RewardOut = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  name: Type.String(),
  description: Nullable(Type.String()),
  cost: Type.Integer(),
  stock: Type.Integer(),
  active: Type.Boolean(),
  abilities: Type.Object({ redeem: Type.Boolean(), manage: Type.Boolean() }),
});
export const RewardsQuery = Type.Object(
  {
    unitId: Type.Optional(Id),
  },
  { additionalProperties: false },
);
export const RewardsOut = Type.Object({
  items: Type.Array(RewardOut),
  abilities: Type.Object({ create: Type.Boolean() }),
});
export const RewardBody = Type.Object(
  {
    unitId: Id,
    name: Type.String({ minLength: 1, maxLength: 60 }),
    description: Type.Optional(Type.String({ maxLength: 300 })),
    cost: Type.Integer({ minimum: 1, maximum: 100_000 }),
    stock: Type.Integer({ minimum: 0, maximum: 100_000 }),
  },
  { additionalProperties: false },
);
export const RewardPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
    description: Type.Optional(Type.String({ maxLength: 300 })),
    cost: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
    stock: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const RedeemBody = Type.Object({ rewardId: Id }, { additionalProperties: false });
export const CheckBody = Type.Object(
  { code: Type.String({ minLength: 4, maxLength: 20, pattern: '^[A-Za-z0-9 -]+$' }) },
  { additionalProperties: false },
);
export const CheckedOut = Type.Object({
  id: Type.Integer(),
  code: Type.String(),
  rewardName: Type.String(),
  cost: Type.Integer(),
  /** The holder's display name, masked (张*): enough to match the person at the counter. */
  holderName: Type.String(),
  status: RedemptionStatus,
  createdAt: Type.String(),
  handedOverAt: Nullable(Type.String()),
});

export const LeaderboardQuery = Type.Object(
  {
    unitId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
    format: ExportFormat,
  },
  { additionalProperties: false },
);
export const LeaderboardOut = Type.Object({
  unitId: Type.Integer(),
  unitName: Type.String(),
  items: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      /** Masked display name (张*): nothing personal. */
      name: Type.String(),
      earned: Type.Integer(),
      /** Set on the caller's own line. */
      me: Type.Boolean(),
    }),
  ),
});

export const AdjustBody = Type.Object(
  {
    userId: Id,
    amount: Type.Integer({ minimum: -100_000, maximum: 100_000, not: Type.Literal(0) }),
    reason: Type.String({ minLength: 2, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export const AdjustedOut = Type.Object({ userId: Type.Integer(), balance: Type.Integer() });

// ---------------------------------------------------------------------------------------------
// Recognition.

export const NominateBody = Type.Object(
  {
    unitId: Type.Optional(Id),
    nomineeName: Type.String({ minLength: 1, maxLength: 30 }),
    deed: Type.String({ minLength: 5, maxLength: 1000 }),
    nomineePhone: Type.Optional(
      Type.String({
        maxLength: 20,
        description:
          '被推荐人的手机号（可选）：用于找到其居民账号以获得积分，不保存 / The nominee’s mobile (optional): finds its resident account for the points; not kept',
      }),
    ),
  },
  { additionalProperties: false },
);
export const RecognitionOut = Type.Object({
  id: Type.Integer(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  nomineeName: Type.String(),
  nomineeLinked: Type.Boolean(),
  deed: Type.String(),
  nominatedByName: Type.String(),
  nominatedAt: Type.String(),
  status: RecognitionStatus,
  reviewedAt: Nullable(Type.String()),
  reviewReason: Nullable(Type.String()),
  pointsCredited: Nullable(Type.Integer()),
  abilities: Type.Object({ review: Type.Boolean() }),
});
export const RecognitionsQuery = Type.Object(
  {
    status: Type.Optional(RecognitionStatus),
    unitId: Type.Optional(Id),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);
export const ReviewBody = Type.Object(
  {
    decision: Type.Union([Type.Literal('approve'), Type.Literal('reject')]),
    reason: Type.Optional(Type.String({ maxLength: 300 })),
  },
  { additionalProperties: false },
);
export const PublicRecognitionsQuery = Type.Object(
  { unitId: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) },
  { additionalProperties: false },
);
export const PublicRecognitionsOut = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer(),
      unitName: Type.String(),
      nomineeName: Type.String(),
      deed: Type.String(),
      recognisedAt: Type.String(),
    }),
  ),
});
