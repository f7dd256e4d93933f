import { Type } from 'typebox';

export const PersonOut = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  unitId: Type.Integer(),
  unitName: Type.String(),
  /** Always masked here (138****1234); clear values only through /reveal. */
  phone: Type.Union([Type.String(), Type.Null()]),
  idNumber: Type.Union([Type.String(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  abilities: Type.Object({ revealPhone: Type.Boolean(), revealIdNumber: Type.Boolean() }),
});

export const CreatePersonBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 64 }),
    unitId: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    idNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 18 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);

export const PeopleQuery = Type.Object(
  {
    unitId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2_147_483_647 })),
    q: Type.Optional(Type.String({ maxLength: 64 })),
    phone: Type.Optional(Type.String({ maxLength: 20 })),
    idNumber: Type.Optional(Type.String({ maxLength: 18 })),
    purpose: Type.Optional(
      Type.String({
        maxLength: 100,
        description:
          '按电话或身份证号精确查找时必填：查找事由（记入审计日志） / Required with phone or idNumber: why (audited)',
      }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

export const RevealBody = Type.Object(
  {
    fields: Type.Array(Type.Union([Type.Literal('phone'), Type.Literal('idNumber')]), {
      minItems: 1,
      maxItems: 2,
      uniqueItems: true,
    }),
  },
  { additionalProperties: false },
);

export const RevealOut = Type.Object({
  phone: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  idNumber: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
